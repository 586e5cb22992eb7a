"""Versions: metadata (hyperparameters, config, records), listing, publish, delete."""

from __future__ import annotations

import unittest

from modelry import errors

from .support import context, pickled, unique


class VersionsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.c = context()
        self.addCleanup(self.c.close)
        self.m = self.c.model().create(unique("versions"))

    def test_hyperparameters_config_and_records_are_stored_and_read_back(self) -> None:
        v = self.m.version().create(name="baseline", hyperparameters={"C": 0.5, "penalty": "l2"})
        v.set_config({"threshold": 0.7, "features": ["a", "b"]})
        v.set_records([{"uri": "s3://bucket/train.csv", "name": "train", "sha256": "ab" * 32}])
        v.set_hyperparameters({"C": 2})
        fetched = self.m.version(v.number)
        self.assertEqual(fetched.name, "baseline")
        self.assertEqual(fetched.hyperparameters, {"C": 2})
        self.assertEqual(fetched.config, {"threshold": 0.7, "features": ["a", "b"]})
        self.assertEqual(fetched.records, [{"uri": "s3://bucket/train.csv", "name": "train", "sha256": "ab" * 32}])

    def test_config_may_be_any_json_value_including_null(self) -> None:
        v = self.m.version().create(config=[1, "two", None])
        self.assertEqual(v.config, [1, "two", None])
        v.set_config(None)
        self.assertIsNone(self.m.version(v.id).config)

    def test_a_published_version_refuses_edits_and_uploads_as_immutable(self) -> None:
        v = self.m.version().create()
        self.c.model_version_format(model=self.m.id, version=v.id, id="pkl").upload(pickled(b"frozen bytes"))
        v.publish()
        self.assertTrue(v.published)
        self.assertIsNotNone(v.published_at)
        with self.assertRaises(errors.Immutable) as caught:
            v.set_config({"changed": True})
        self.assertEqual(caught.exception.status, 409)
        self.assertIsInstance(caught.exception, errors.Conflict)
        with self.assertRaises(errors.Immutable):
            v.format("pkl").upload(pickled(b"other bytes"))
        self.assertEqual(v.format("pkl").download(), pickled(b"frozen bytes"))

    def test_versions_list_in_number_order_and_deleted_numbers_are_not_reused(self) -> None:
        first = self.m.version().create()
        second = self.m.version().create()
        second.delete()
        third = self.m.version().create()
        self.assertEqual(third.number, second.number + 1)
        self.assertEqual([v.number for v in self.m.versions()], [third.number, first.number])
        self.assertEqual([v.number for v in self.m.versions(order="asc", page_size=1)], [first.number, third.number])
        latest = self.m.latest()
        self.assertEqual(latest.number if latest else None, third.number)

    def test_an_invalid_record_names_the_field_at_fault(self) -> None:
        with self.assertRaises(errors.InvalidRequest) as caught:
            self.m.version().create(records=[{"uri": "s3://x", "sha256": "not-hex"}])
        self.assertEqual(caught.exception.status, 400)
        self.assertEqual(caught.exception.field, "records[0].sha256")

    def test_the_version_cap_is_limit_exceeded_carrying_the_limit(self) -> None:
        created = 0
        with self.assertRaises(errors.LimitExceeded) as caught:
            for _ in range(1000):
                self.m.version().create()
                created += 1
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(caught.exception.limit, created)


if __name__ == "__main__":
    unittest.main()
