"""Tests of the modelry SDK against a live server (see sdk/run-tests.mjs)."""
