#' Errors raised by modelry
#'
#' Every failure the server reports (RFC 9457 `application/problem+json`) is
#' signalled as a condition of class `modelry_error`, plus a class named after
#' the problem type: `modelry_not_found`, `modelry_conflict`,
#' `modelry_limit_exceeded`, `modelry_immutable`, `modelry_invalid`,
#' `modelry_unauthenticated`, `modelry_forbidden`, `modelry_unprocessable`,
#' `modelry_too_large`, `modelry_checksum_mismatch`, `modelry_internal`; and
#' `modelry_transport` when no response arrived (status 0). `limit-exceeded`
#' and `immutable` also carry `modelry_conflict`.
#'
#' The condition holds `status`, `type`, `title`, `detail`, `field` (the
#' request field at fault or `NULL`) and `limit` (or `NULL`); its message is the
#' detail. Catch them with [tryCatch()]:
#'
#' @examples
#' \dontrun{
#' tryCatch(
#'   mr_model_create(ctx, "churn"),
#'   modelry_conflict = function(e) message("exists already: ", e$detail)
#' )
#' }
#' @name modelry_error
NULL

problem_base <- "https://modelry.dev/problems/"

status_slugs <- c(
  "400" = "invalid", "401" = "unauthenticated", "403" = "forbidden",
  "404" = "not-found", "409" = "conflict", "413" = "too-large",
  "422" = "unprocessable"
)

# A modelry_error condition; `slug` names the problem type ("not-found").
modelry_condition <- function(slug, detail, status = 0L, title = NULL,
                              field = NULL, limit = NULL) {
  classes <- paste0("modelry_", gsub("-", "_", slug, fixed = TRUE))
  if (slug %in% c("limit-exceeded", "immutable")) {
    classes <- c(classes, "modelry_conflict")
  }
  title <- title %||% slug
  where <- if (is.null(field)) "" else paste0(" [field: ", field, "]")
  prefix <- if (status > 0) paste0(status, " ") else ""
  structure(
    class = c(classes, "modelry_error", "error", "condition"),
    list(
      message = paste0(prefix, title, ": ", detail, where),
      call = NULL,
      status = as.integer(status),
      type = paste0(problem_base, slug),
      title = title,
      detail = detail,
      field = field,
      limit = limit
    )
  )
}

# The condition a problem+json body (a parsed list) describes.
problem_condition <- function(status, body) {
  type <- if (is.character(body$type)) body$type else ""
  slug <- if (startsWith(type, problem_base)) substring(type, nchar(problem_base) + 1) else NA
  if (is.na(slug) || !nzchar(slug)) {
    slug <- status_slugs[[as.character(status)]] %||% if (status >= 500) "internal" else "error"
  }
  detail <- body$detail %||% body$title %||% paste("HTTP", status)
  modelry_condition(slug, detail, status, title = body$title, field = body$field, limit = body$limit)
}

`%||%` <- function(a, b) if (is.null(a)) b else a
