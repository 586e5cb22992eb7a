# Standard entry point for R CMD check; needs MODELRY_URL and MODELRY_TOKEN of a live server.
library(testthat)
library(modelry)
test_check("modelry")
