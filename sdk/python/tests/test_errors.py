"""Errors: problem+json rebuilt as modelry.errors exceptions with status, message and field."""

from __future__ import annotations

import os
import socket
import unittest
from unittest import mock

from modelry import Context, errors

from .support import context, server_env, unique


class ServerErrorsTest(unittest.TestCase):
    def test_a_bad_token_is_unauthenticated(self) -> None:
        with Context(token="not-a-real-token", url=server_env()["url"]) as c:
            with self.assertRaises(errors.Unauthenticated) as caught:
                list(c.models())
        self.assertEqual(caught.exception.status, 401)
        self.assertIn("token", caught.exception.message)
        self.assertTrue(caught.exception.type.endswith("/unauthenticated"))

    def test_an_unknown_context_is_not_found(self) -> None:
        with Context(context=unique("nowhere")) as c:
            with self.assertRaises(errors.NotFound) as caught:
                c.model().create("x")
        self.assertEqual(caught.exception.status, 404)

    def test_an_invalid_model_name_names_the_field_and_is_a_modelry_error(self) -> None:
        with context() as c:
            with self.assertRaises(errors.ModelryError) as caught:
                c.model().create("")
        self.assertIsInstance(caught.exception, errors.InvalidRequest)
        self.assertEqual(caught.exception.field, "name")
        self.assertIn("name", str(caught.exception))

    def test_an_unreachable_server_is_a_transport_error_with_status_0(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with Context(token="t", url=f"http://127.0.0.1:{port}") as c:
            with self.assertRaises(errors.TransportError) as caught:
                c.me()
        self.assertEqual(caught.exception.status, 0)
        self.assertIn("cannot reach", caught.exception.message)


class ConfigurationTest(unittest.TestCase):
    def test_a_missing_token_is_reported_before_any_request(self) -> None:
        with mock.patch.dict(os.environ, {"MODELRY_TOKEN": ""}):
            with self.assertRaisesRegex(ValueError, "MODELRY_TOKEN"):
                Context()

    def test_url_and_context_come_from_arguments_then_environment_then_defaults(self) -> None:
        with mock.patch.dict(os.environ, {"MODELRY_TOKEN": "t", "MODELRY_URL": "", "MODELRY_CONTEXT": ""}):
            c = Context()
            self.assertEqual((c.url, c.context), ("http://127.0.0.1:8080", "default"))
        with mock.patch.dict(os.environ, {"MODELRY_TOKEN": "t", "MODELRY_URL": "http://h:1", "MODELRY_CONTEXT": "team"}):
            self.assertEqual((Context().url, Context().context), ("http://h:1", "team"))
            self.assertEqual(Context(url="https://x", context="c").context, "c")

    def test_a_url_without_a_scheme_is_refused(self) -> None:
        with self.assertRaisesRegex(ValueError, "http://host:port"):
            Context(token="t", url="localhost:8080")


class ProblemMappingTest(unittest.TestCase):
    def test_the_type_slug_chooses_the_class_before_the_status(self) -> None:
        err = errors.from_problem(409, {"type": "https://modelry.dev/problems/immutable", "title": "T", "detail": "d"})
        self.assertIsInstance(err, errors.Immutable)
        err = errors.from_problem(409, {"type": "https://modelry.dev/problems/limit-exceeded", "detail": "d", "limit": 3})
        self.assertIsInstance(err, errors.LimitExceeded)
        self.assertEqual(err.limit, 3)

    def test_an_unknown_slug_falls_back_to_the_status(self) -> None:
        self.assertIsInstance(errors.from_problem(403, {"type": "https://example.com/x", "detail": "d"}), errors.Forbidden)
        self.assertIsInstance(errors.from_problem(422, {"detail": "d"}), errors.Unprocessable)
        self.assertIsInstance(errors.from_problem(413, {}), errors.TooLarge)
        self.assertIsInstance(errors.from_problem(503, {}), errors.ServerError)
        self.assertIs(type(errors.from_problem(418, {})), errors.ModelryError)

    def test_every_member_of_the_problem_is_kept(self) -> None:
        err = errors.from_problem(
            400,
            {"type": "https://modelry.dev/problems/invalid", "title": "Invalid request", "status": 400, "detail": "bad",
             "field": "tags", "errors": [{"field": "tags", "message": "tags bad"}], "requestId": "req-9"},
        )
        self.assertEqual((err.status, err.title, err.detail, err.field, err.request_id), (400, "Invalid request", "bad", "tags", "req-9"))
        self.assertEqual(err.errors, [{"field": "tags", "message": "tags bad"}])
        self.assertEqual(str(err), "400 Invalid request: bad [field: tags]")


if __name__ == "__main__":
    unittest.main()
