"""Models: create, get, update, delete, and list/search/sort across pages."""

from __future__ import annotations

import unittest

from modelry import errors

from .support import context, unique


class ModelsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.c = context()
        self.addCleanup(self.c.close)

    def test_listing_follows_cursors_across_pages_and_sorts_by_name(self) -> None:
        tag = unique("page")
        names = [f"{tag}-{letter}" for letter in "edcba"]
        for name in names:
            self.c.model().create(name, tags=[tag])
        listed = [m.name for m in self.c.models(tag=tag, sort="name", order="asc", page_size=2)]
        self.assertEqual(listed, sorted(names))
        newest_first = [m.name for m in self.c.models(tag=tag, sort="created_at", order="desc", page_size=2)]
        self.assertEqual(newest_first, names[::-1])

    def test_search_matches_words_of_the_name_and_description(self) -> None:
        word = unique("zebra").replace("-", "")
        found = self.c.model().create(unique("searchable"), description=f"predicts {word} churn")
        self.c.model().create(unique("other"))
        self.assertEqual([m.id for m in self.c.models(word)], [found.id])
        self.assertEqual(self.c.find_model(found.name.upper()).id, found.id)  # type: ignore[union-attr]
        self.assertIsNone(self.c.find_model(unique("absent")))

    def test_update_changes_only_the_given_fields(self) -> None:
        m = self.c.model().create(unique("upd"), description="before", tags="a,b")
        m.update(description="after")
        fetched = self.c.model(m.id)
        self.assertEqual(fetched.description, "after")
        self.assertEqual(fetched.tags, ["a", "b"])
        self.assertEqual(fetched.name, m.name)

    def test_a_deleted_model_is_not_found_afterwards(self) -> None:
        m = self.c.model().create(unique("gone"))
        m.delete()
        with self.assertRaises(errors.NotFound) as caught:
            self.c.model(m.id).refresh()
        self.assertEqual(caught.exception.status, 404)
        self.assertEqual(caught.exception.slug, "not-found")

    def test_a_duplicate_name_is_a_conflict_on_the_name_field(self) -> None:
        name = unique("dup")
        self.c.model().create(name)
        with self.assertRaises(errors.Conflict) as caught:
            self.c.model().create(name.upper())
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(caught.exception.field, "name")
        self.assertIn("already exists", caught.exception.message)

    def test_using_a_model_before_create_says_what_to_do(self) -> None:
        with self.assertRaisesRegex(ValueError, "call create"):
            _ = self.c.model().id


if __name__ == "__main__":
    unittest.main()
