#' Connect to a Modelry context
#'
#' Describes where the server is, the API token to use and the context (a
#' namespace of models) every call goes to. No request is made until the
#' first call.
#'
#' @param url Server URL; defaults to the `MODELRY_URL` environment variable,
#'   then `http://127.0.0.1:8080` (where `npm start` serves Modelry).
#' @param token API token; defaults to `MODELRY_TOKEN`.
#' @param context Context id or slug; defaults to `MODELRY_CONTEXT`, then `default`.
#' @return An object of class `mr_context`, the first argument of every other function.
#' @examples
#' \dontrun{
#' ctx <- mr_context()  # from MODELRY_URL, MODELRY_TOKEN, MODELRY_CONTEXT
#' ctx <- mr_context("http://127.0.0.1:8080", token = "...", context = "default")
#' }
#' @export
mr_context <- function(url = Sys.getenv("MODELRY_URL", ""), token = Sys.getenv("MODELRY_TOKEN", ""),
                       context = Sys.getenv("MODELRY_CONTEXT", "")) {
  if (!nzchar(url)) url <- "http://127.0.0.1:8080"
  if (!nzchar(context)) context <- "default"
  if (!nzchar(token)) stop("no API token: pass mr_context(token = ...) or set MODELRY_TOKEN", call. = FALSE)
  if (!grepl("^https?://[^/]+", url)) stop("the server URL must look like http://host:port, got ", url, call. = FALSE)
  structure(list(url = sub("/+$", "", url), token = token, context = context), class = "mr_context")
}

#' @rdname mr_context
#' @param x An `mr_context` to print (the token is never shown).
#' @param ... Unused.
#' @export
print.mr_context <- function(x, ...) {
  cat("<mr_context> ", x$url, " context: ", x$context, "\n", sep = "")
  invisible(x)
}

check_context <- function(ctx) {
  if (!inherits(ctx, "mr_context")) stop("`ctx` must come from mr_context()", call. = FALSE)
}

#' Who the token belongs to
#'
#' @param ctx A context from [mr_context()].
#' @return A list: `user`, and `contexts` with the permissions held in each.
#' @export
mr_me <- function(ctx) {
  check_context(ctx)
  mr_call(ctx, "GET", "api/v1/me")
}
