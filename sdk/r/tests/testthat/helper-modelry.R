# Shared by the tests: the live server from the environment, unique names, the shared fixtures.

live_context <- function() {
  if (!nzchar(Sys.getenv("MODELRY_URL")) || !nzchar(Sys.getenv("MODELRY_TOKEN"))) {
    stop("MODELRY_URL and MODELRY_TOKEN are not set: run the SDK tests with `npm run test:sdk`, which starts a server")
  }
  mr_context()
}

unique_name <- function(prefix) {
  paste0(prefix, "-", paste(sample(c(letters, 0:9), 10, replace = TRUE), collapse = ""))
}

# <repo>/../shared/fixtures/models, from sdk/r/tests/testthat (or MODELRY_FIXTURES).
fixture <- function(name) {
  dir <- Sys.getenv("MODELRY_FIXTURES", "")
  if (!nzchar(dir)) dir <- file.path(testthat::test_path(), "..", "..", "..", "..", "..", "shared", "fixtures", "models")
  path <- normalizePath(file.path(dir, name), mustWork = FALSE)
  if (!file.exists(path)) stop("fixture ", path, " not found; set MODELRY_FIXTURES to the fixtures/models directory")
  path
}

read_bytes <- function(path) readBin(path, "raw", file.size(path))
