#' Create a model
#'
#' @param ctx A context from [mr_context()].
#' @param name The model's name, unique in the context ignoring case.
#' @param description Markdown text (optional).
#' @param tags A character vector of tags (optional).
#' @return The model as a list: `id`, `name`, `description`, `tags`,
#'   `versionCount`, `latestVersion`, `createdAt`, ...
#' @section Errors: `modelry_conflict` when the name is taken, `modelry_invalid`
#'   (with `field`) when a field is invalid.
#' @examples
#' \dontrun{
#' model <- mr_model_create(ctx, "churn", tags = c("tabular", "lm"))
#' model$id
#' }
#' @export
mr_model_create <- function(ctx, name, description = NULL, tags = NULL) {
  check_context(ctx)
  body <- compact(name = name, description = description, tags = tags_field(tags))
  mr_call(ctx, "POST", api_path(ctx, "models"), body)
}

#' Get a model
#'
#' @inheritParams mr_model_create
#' @param model The model id (or a model list returned by another function).
#' @return The model as a list.
#' @export
mr_model_get <- function(ctx, model) {
  check_context(ctx)
  mr_call(ctx, "GET", api_path(ctx, "models", model_id(model)))
}

#' Find a model by name
#'
#' @inheritParams mr_model_create
#' @return The model with exactly this name (ignoring case) as a list, or `NULL`.
#' @export
mr_model_find <- function(ctx, name) {
  check_context(ctx)
  items <- mr_pages(ctx, api_path(ctx, "models"), list(q = name))
  for (item in items) if (tolower(item$name) == tolower(name)) return(item)
  NULL
}

#' List, search and sort models
#'
#' @inheritParams mr_model_create
#' @param q Words matched as prefixes of the name, description and tag words.
#' @param tag Only models with this exact tag (ignoring case).
#' @param sort `"name"`, `"createdAt"` or `"updatedAt"`.
#' @param order `"asc"` or `"desc"`; `NULL` for the server's default.
#' @return A data frame with one row per model: `id`, `name`, `description`,
#'   `tags` (comma-separated), `versionCount`, `latestVersion`, `createdAt`, `updatedAt`.
#' @export
mr_models <- function(ctx, q = NULL, tag = NULL, sort = c("updatedAt", "name", "createdAt"), order = NULL) {
  check_context(ctx)
  sort <- match.arg(sort)
  items <- mr_pages(ctx, api_path(ctx, "models"), list(q = q, tag = tag, sort = sort, order = order, limit = 200))
  data.frame(
    id = vapply(items, function(m) m$id, character(1)),
    name = vapply(items, function(m) m$name, character(1)),
    description = vapply(items, function(m) m$description, character(1)),
    tags = vapply(items, function(m) paste(unlist(m$tags), collapse = ","), character(1)),
    versionCount = vapply(items, function(m) as.integer(m$versionCount), integer(1)),
    latestVersion = vapply(items, function(m) as.integer(m$latestVersion %||% NA_integer_), integer(1)),
    createdAt = vapply(items, function(m) m$createdAt, character(1)),
    updatedAt = vapply(items, function(m) m$updatedAt, character(1)),
    stringsAsFactors = FALSE
  )
}

#' Change a model
#'
#' Only the arguments given change; the others stay as they are.
#'
#' @inheritParams mr_model_get
#' @param name,description,tags New values (optional).
#' @return The updated model as a list.
#' @export
mr_model_update <- function(ctx, model, name = NULL, description = NULL, tags = NULL) {
  check_context(ctx)
  body <- compact(name = name, description = description, tags = tags_field(tags))
  mr_call(ctx, "PATCH", api_path(ctx, "models", model_id(model)), as_object(body))
}

#' Delete a model with all its versions and files
#'
#' Irreversible.
#'
#' @inheritParams mr_model_get
#' @return `NULL`, invisibly.
#' @export
mr_model_delete <- function(ctx, model) {
  check_context(ctx)
  invisible(mr_call(ctx, "DELETE", api_path(ctx, "models", model_id(model))))
}

# Accepts an id or a model list.
model_id <- function(model) {
  id <- if (is.list(model)) model$id else model
  if (!is.character(id) || length(id) != 1 || !nzchar(id)) stop("`model` must be a model id or a model", call. = FALSE)
  id
}
