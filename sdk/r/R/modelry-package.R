#' modelry: client for the Modelry model registry
#'
#' Connect with [mr_context()], then create models ([mr_model_create()]),
#' versions ([mr_version_create()]) and upload files ([mr_format_upload()]).
#' Every function takes the context first, so calls chain naturally. Errors
#' are conditions of class `modelry_error` (see [modelry_error]).
#'
#' @keywords internal
"_PACKAGE"
