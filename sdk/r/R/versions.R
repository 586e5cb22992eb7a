#' Create a version of a model
#'
#' The server assigns the next number (numbers of deleted versions are never reused).
#'
#' @inheritParams mr_model_get
#' @param name A short name for the version (optional).
#' @param description Markdown text (optional).
#' @param tags A character vector of tags (optional).
#' @param hyperparameters A named list, stored as a JSON object (optional).
#' @param config Any value that converts to JSON, read by deployment containers
#'   (optional). Length-one vectors become scalars; wrap in [I()] to keep an array.
#' @param records Training data: a list of lists with `uri` and optional `name`
#'   and `sha256` (optional).
#' @return The version as a list: `number`, `id`, `hyperparameters`, `config`,
#'   `records`, `published`, `formats`, ...
#' @section Errors: `modelry_limit_exceeded` (with `limit`) when the model has
#'   the maximum number of live versions.
#' @examples
#' \dontrun{
#' v <- mr_version_create(ctx, model$id, hyperparameters = list(formula = "mpg ~ wt"))
#' v$number
#' }
#' @export
mr_version_create <- function(ctx, model, name = NULL, description = NULL, tags = NULL,
                              hyperparameters = NULL, config = NULL, records = NULL) {
  check_context(ctx)
  body <- version_body(name, description, tags, hyperparameters, config, records)
  mr_call(ctx, "POST", api_path(ctx, "models", model_id(model), "versions"), body)
}

#' Get a version
#'
#' @inheritParams mr_model_get
#' @param version The version number (or a version list).
#' @return The version as a list, with its `formats`.
#' @export
mr_version_get <- function(ctx, model, version) {
  check_context(ctx)
  mr_call(ctx, "GET", version_path(ctx, model, version))
}

#' List the versions of a model
#'
#' @inheritParams mr_model_get
#' @param order `"desc"` (newest first, the default) or `"asc"`.
#' @return A data frame with one row per live version: `number`, `name`,
#'   `published`, `formats` (comma-separated), `createdAt`, `updatedAt`.
#' @export
mr_versions <- function(ctx, model, order = c("desc", "asc")) {
  check_context(ctx)
  order <- match.arg(order)
  items <- mr_pages(ctx, api_path(ctx, "models", model_id(model), "versions"), list(order = order, limit = 200))
  data.frame(
    number = vapply(items, function(v) as.integer(v$number), integer(1)),
    name = vapply(items, function(v) v$name, character(1)),
    published = vapply(items, function(v) isTRUE(v$published), logical(1)),
    formats = vapply(items, function(v) paste(vapply(v$formats, function(f) f$format, character(1)), collapse = ","),
                     character(1)),
    createdAt = vapply(items, function(v) v$createdAt, character(1)),
    updatedAt = vapply(items, function(v) v$updatedAt, character(1)),
    stringsAsFactors = FALSE
  )
}

#' Change an unpublished version
#'
#' Only the arguments given change. Published versions refuse with `modelry_immutable`.
#'
#' @inheritParams mr_version_create
#' @inheritParams mr_version_get
#' @return The updated version as a list, invisibly.
#' @export
mr_version_update <- function(ctx, model, version, name = NULL, description = NULL, tags = NULL,
                              hyperparameters = NULL, config = NULL, records = NULL) {
  check_context(ctx)
  body <- version_body(name, description, tags, hyperparameters, config, records)
  invisible(mr_call(ctx, "PATCH", version_path(ctx, model, version), body))
}

#' Publish a version
#'
#' From then on its metadata and files can never change.
#'
#' @inheritParams mr_version_get
#' @return The published version as a list, invisibly.
#' @export
mr_version_publish <- function(ctx, model, version) {
  check_context(ctx)
  invisible(mr_call(ctx, "POST", paste0(version_path(ctx, model, version), "/publish")))
}

#' Delete a version and its files
#'
#' Irreversible; the number is never reused.
#'
#' @inheritParams mr_version_get
#' @return `NULL`, invisibly.
#' @export
mr_version_delete <- function(ctx, model, version) {
  check_context(ctx)
  invisible(mr_call(ctx, "DELETE", version_path(ctx, model, version)))
}

version_body <- function(name, description, tags, hyperparameters, config, records) {
  body <- compact(
    name = name, description = description, tags = tags_field(tags),
    hyperparameters = as_object(hyperparameters),
    config = config,
    records = if (is.null(records)) NULL else lapply(records, as_object)
  )
  as_object(body)
}

version_number <- function(version) {
  n <- if (is.list(version)) version$number else version
  if (!is.numeric(n) || length(n) != 1 || is.na(n) || n < 1) stop("`version` must be a version number or a version", call. = FALSE)
  as.integer(n)
}

version_path <- function(ctx, model, version) {
  api_path(ctx, "models", model_id(model), "versions", version_number(version))
}
