# Installs the package into a temporary library (checking that R CMD INSTALL works), then runs the
# testthat suite against the live server in MODELRY_URL / MODELRY_TOKEN (sdk/run-tests.mjs starts one).
# Prints "r: N passed, M failed" for the runner; the install counts as one case.
file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
pkg <- dirname(dirname(normalizePath(sub("^--file=", "", file_arg))))
lib <- tempfile("modelry-lib-")
dir.create(lib)
cat("R CMD INSTALL", pkg, "\n")
installed <- system2(file.path(R.home("bin"), "R"), c("CMD", "INSTALL", paste0("--library=", shQuote(lib)), shQuote(pkg)))
if (installed != 0) {
  cat("R CMD INSTALL failed\nr: 0 passed, 1 failed\n")
  quit(status = 1)
}
.libPaths(c(lib, .libPaths()))
suppressPackageStartupMessages({
  library(testthat)
  library(modelry)
})
results <- as.data.frame(testthat::test_dir(
  file.path(pkg, "tests", "testthat"),
  package = "modelry", load_package = "installed", reporter = "summary", stop_on_failure = FALSE
))
failed <- sum(results$failed > 0 | results$error)
passed <- sum(!(results$failed > 0 | results$error) & !results$skipped & results$nb > 0)
empty <- sum(results$nb == 0 & !results$error)
if (sum(results$skipped) > 0 || empty > 0) {
  cat("tests skipped or without expectations:", sum(results$skipped) + empty, "\n")
  failed <- failed + sum(results$skipped) + empty
}
cat(sprintf("r: %d passed, %d failed\n", passed + 1L, failed))
quit(status = if (failed > 0) 1 else 0)
