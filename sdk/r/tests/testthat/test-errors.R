test_that("an unknown format is invalid and names the format field", {
  ctx <- live_context()
  model <- mr_model_create(ctx, unique_name("badfmt"))
  v <- mr_version_create(ctx, model$id)
  err <- expect_error(mr_format_create(ctx, model$id, v$number, "docx"), class = "modelry_invalid")
  expect_equal(err$status, 400L)
  expect_equal(err$field, "format")
  expect_match(err$type, "/problems/invalid$")
})

test_that("a bad token is unauthenticated", {
  ctx <- mr_context(url = Sys.getenv("MODELRY_URL"), token = "not-a-real-token")
  err <- expect_error(mr_models(ctx), class = "modelry_unauthenticated")
  expect_equal(err$status, 401L)
})

test_that("an unreachable server is a transport error with status 0", {
  ctx <- mr_context(url = "http://127.0.0.1:9", token = "t")
  err <- expect_error(mr_me(ctx), class = "modelry_transport")
  expect_equal(err$status, 0L)
  expect_match(conditionMessage(err), "cannot reach the server")
})

test_that("a missing token or a malformed URL is refused before any request", {
  withr::with_envvar(c(MODELRY_TOKEN = ""), expect_error(mr_context(), "MODELRY_TOKEN"))
  expect_error(mr_context(url = "localhost:8080", token = "t"), "http://host:port")
  expect_error(mr_model_get(list(), "x"), "mr_context")
})
