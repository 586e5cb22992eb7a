# Requests: one place that builds URLs, sends JSON or files, and turns problems into conditions.

path_segment <- function(x) utils::URLencode(as.character(x), reserved = TRUE)

api_path <- function(ctx, ...) {
  parts <- vapply(list(...), path_segment, character(1))
  paste(c("api/v1/contexts", path_segment(ctx$context), parts), collapse = "/")
}

base_request <- function(ctx, path) {
  req <- httr2::request(paste0(ctx$url, "/", path))
  req <- httr2::req_auth_bearer_token(req, ctx$token)
  req <- httr2::req_user_agent(req, paste0("modelry-r/", utils::packageVersion("modelry")))
  # Problems are read from the response, not raised by httr2.
  httr2::req_error(req, is_error = function(resp) FALSE)
}

perform <- function(req, path = NULL) {
  tryCatch(
    httr2::req_perform(req, path = path),
    error = function(e) {
      stop(modelry_condition("transport", paste("cannot reach the server:", conditionMessage(e))))
    }
  )
}

# Signals the problem a failed response carries. `text` is the body when it was written to a file.
stop_for_problem <- function(resp, text = NULL) {
  status <- httr2::resp_status(resp)
  if (status < 400) return(invisible(resp))
  text <- text %||% tryCatch(httr2::resp_body_string(resp), error = function(e) "")
  body <- tryCatch(jsonlite::fromJSON(text, simplifyVector = FALSE), error = function(e) NULL)
  if (!is.list(body)) body <- list(detail = paste0("HTTP ", status, ": ", substr(text, 1, 200)))
  stop(problem_condition(status, body))
}

# Sends a JSON request and returns the parsed reply (NULL for 204).
mr_call <- function(ctx, method, path, body = NULL, query = list()) {
  req <- httr2::req_method(base_request(ctx, path), method)
  query <- Filter(Negate(is.null), query)
  if (length(query) > 0) req <- do.call(httr2::req_url_query, c(list(req), query))
  if (!is.null(body)) req <- httr2::req_body_json(req, body, auto_unbox = TRUE, null = "null", na = "null")
  resp <- perform(req)
  stop_for_problem(resp)
  if (httr2::resp_status(resp) == 204 || length(httr2::resp_body_raw(resp)) == 0) return(invisible(NULL))
  httr2::resp_body_json(resp, simplifyVector = FALSE)
}

# Every item of a cursor-paged list.
mr_pages <- function(ctx, path, query) {
  items <- list()
  cursor <- NULL
  repeat {
    page <- mr_call(ctx, "GET", path, query = c(query, list(cursor = cursor)))
    items <- c(items, page$items)
    cursor <- page$nextCursor
    if (is.null(cursor)) return(items)
  }
}

# A request body from the arguments that were given: NULL ones are left out.
compact <- function(...) {
  fields <- list(...)
  fields[!vapply(fields, is.null, logical(1))]
}

# A JSON object even when empty (jsonlite writes an empty list as []).
as_object <- function(x) {
  if (is.null(x)) return(NULL)
  if (length(x) == 0) return(structure(list(), names = character(0)))
  as.list(x)
}

tags_field <- function(tags) {
  if (is.null(tags)) return(NULL)
  I(as.character(tags)) # always a JSON array, even with one tag
}
