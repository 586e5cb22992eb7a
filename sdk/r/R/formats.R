#' Declare a format on a version
#'
#' Optional: [mr_format_upload()] creates the format when it is missing.
#'
#' @inheritParams mr_version_get
#' @param format The format id: `"rda"`, `"rds"`, `"pkl"`, `"joblib"`, `"pmml"` or `"onnx"`.
#' @param file_name The file name downloaders get (optional).
#' @return The format as a list: `format`, `fileName`, `hasFile`, `size`, `sha256`, ...
#' @export
mr_format_create <- function(ctx, model, version, format, file_name = NULL) {
  check_context(ctx)
  body <- compact(format = format, fileName = file_name)
  mr_call(ctx, "POST", paste0(version_path(ctx, model, version), "/formats"), body)
}

#' Get a format
#'
#' @inheritParams mr_format_create
#' @return The format as a list.
#' @export
mr_format_get <- function(ctx, model, version, format) {
  check_context(ctx)
  mr_call(ctx, "GET", format_path(ctx, model, version, format))
}

#' List the formats of a version
#'
#' @inheritParams mr_version_get
#' @return A list of formats (each a list).
#' @export
mr_formats <- function(ctx, model, version) {
  check_context(ctx)
  mr_call(ctx, "GET", paste0(version_path(ctx, model, version), "/formats"))$items
}

#' Delete a format and its file
#'
#' @inheritParams mr_format_create
#' @return `NULL`, invisibly.
#' @export
mr_format_delete <- function(ctx, model, version, format) {
  check_context(ctx)
  invisible(mr_call(ctx, "DELETE", format_path(ctx, model, version, format)))
}

#' Upload a model file
#'
#' Streams the file from disk (it is never read into memory whole), sends its
#' sha256 so the server refuses different bytes, and checks the server stored
#' exactly that file. Creates the format when it is missing; replaces the file
#' of an unpublished version.
#'
#' @inheritParams mr_format_create
#' @param path The file to upload, e.g. an `.rda` written by [save()].
#' @param file_name The name downloaders get; defaults to the file's base name.
#' @return The format as a list (`size`, `sha256`, `inspection`, ...), invisibly.
#' @section Errors: `modelry_immutable` when the version is published,
#'   `modelry_too_large` (with `limit`) when the file is larger than the server accepts,
#'   `modelry_checksum_mismatch` when the bytes changed on the way.
#' @examples
#' \dontrun{
#' fit <- lm(mpg ~ wt, data = mtcars)
#' path <- tempfile(fileext = ".rda")
#' save(fit, file = path)
#' mr_format_upload(ctx, model$id, v$number, "rda", path)
#' }
#' @export
mr_format_upload <- function(ctx, model, version, format, path, file_name = basename(path)) {
  check_context(ctx)
  if (!file.exists(path) || dir.exists(path)) stop("no such file: ", path, call. = FALSE)
  sha256 <- file_sha256(path)
  req <- base_request(ctx, paste0(format_path(ctx, model, version, format), "/file"))
  req <- httr2::req_url_query(req, fileName = file_name)
  req <- httr2::req_headers(req, `X-Checksum-Sha256` = sha256)
  req <- httr2::req_method(httr2::req_body_file(req, path, type = "application/octet-stream"), "PUT")
  resp <- perform(req)
  stop_for_problem(resp)
  stored <- httr2::resp_body_json(resp, simplifyVector = FALSE)
  if (!identical(stored$sha256, sha256)) {
    stop(modelry_condition("checksum-mismatch", paste0("the server stored sha256 ", stored$sha256, ", the file has ", sha256)))
  }
  invisible(stored)
}

#' Download a model file
#'
#' Streams the file to a temporary file beside `path`, checks its sha256
#' against the one the server announces, then renames it to `path`. Load an
#' `.rda` with [load()], an `.rds` with [readRDS()].
#'
#' @inheritParams mr_format_create
#' @param path Where to write the file; an existing file is replaced only on success.
#' @return `path`, invisibly.
#' @section Errors: `modelry_not_found` when the format or its file does not exist,
#'   `modelry_checksum_mismatch` when the bytes received differ.
#' @examples
#' \dontrun{
#' path <- mr_format_download(ctx, model$id, v$number, "rda", tempfile(fileext = ".rda"))
#' load(path)
#' }
#' @export
mr_format_download <- function(ctx, model, version, format, path) {
  check_context(ctx)
  dir <- dirname(normalizePath(path, mustWork = FALSE))
  if (!dir.exists(dir)) stop("no such directory: ", dir, call. = FALSE)
  part <- tempfile(pattern = ".modelry-", tmpdir = dir, fileext = ".part")
  on.exit(unlink(part), add = TRUE)
  req <- base_request(ctx, paste0(format_path(ctx, model, version, format), "/file"))
  resp <- perform(req, path = part)
  if (httr2::resp_status(resp) >= 400) {
    stop_for_problem(resp, text = paste(readLines(part, warn = FALSE), collapse = "\n"))
  }
  expected <- tolower(httr2::resp_header(resp, "x-checksum-sha256") %||% "")
  actual <- file_sha256(part)
  if (nzchar(expected) && !identical(expected, actual)) {
    stop(modelry_condition("checksum-mismatch", paste0("the download has sha256 ", actual, ", the server announced ", expected)))
  }
  if (!file.rename(part, path)) stop("cannot move the download to ", path, call. = FALSE)
  invisible(path)
}

format_path <- function(ctx, model, version, format) {
  if (!is.character(format) || length(format) != 1) stop("`format` must be a format id such as \"rda\"", call. = FALSE)
  paste0(version_path(ctx, model, version), "/formats/", path_segment(format))
}

# sha256 (hex) of a file, read in chunks by openssl rather than loaded whole.
file_sha256 <- function(path) {
  con <- file(path, "rb")
  on.exit(close(con))
  paste(as.character(openssl::sha256(con)), collapse = "")
}
