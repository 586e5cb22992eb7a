"""Format files: upload from bytes, a path or a file object; download to bytes, a path or a file object."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import unittest
from pathlib import Path
from typing import List, Optional, Tuple

from modelry import errors

from .support import SOME_PICKLE, context, fixture, manifest_entry, pickled, unique

FIXTURE = "logreg_iris_p4.pkl"


class OneWayReader(io.RawIOBase):
    """A stream that cannot seek or tell its size, like a pipe: the SDK must send it chunked."""

    def __init__(self, data: bytes) -> None:
        self._source = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "memoryview") -> int:  # type: ignore[override]
        chunk = self._source.read(min(len(buffer), 70_000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


class FilesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.c = context()
        self.addCleanup(self.c.close)
        self.m = self.c.model().create(unique("files"))
        self.v = self.m.version().create()
        self.tmp = Path(tempfile.mkdtemp(prefix="modelry-sdk-test-"))
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_a_fixture_uploaded_by_path_downloads_byte_for_byte_three_ways(self) -> None:
        path = fixture(FIXTURE)
        expected = path.read_bytes()
        mvf = self.c.model_version_format(model=self.m.id, version=self.v.id, id="pkl").create()
        self.assertFalse(mvf.has_file)
        mvf.upload(path)
        self.assertEqual(mvf.file_name, FIXTURE)
        self.assertEqual(mvf.size, manifest_entry(FIXTURE)["size"])
        self.assertEqual(mvf.sha256, manifest_entry(FIXTURE)["sha256"])

        self.assertEqual(mvf.download(), expected)
        target = self.tmp / "copy.pkl"
        self.assertEqual(mvf.download(target), len(expected))
        self.assertEqual(target.read_bytes(), expected)
        sink = io.BytesIO()
        self.assertEqual(mvf.download(sink), len(expected))
        self.assertEqual(sink.getvalue(), expected)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["copy.pkl"])  # no temporary file left

    def test_a_fixture_uploaded_from_an_open_file_keeps_its_bytes_and_the_given_name(self) -> None:
        path = fixture("lm_mtcars_gzip.rda")
        with open(path, "rb") as handle:
            mvf = self.v.format("rda").upload(handle, file_name="lm.rda")
        self.assertEqual(mvf.file_name, "lm.rda")
        self.assertEqual(mvf.download(), path.read_bytes())
        self.assertEqual([f.id for f in self.v.refresh().formats], ["rda"])

    def test_a_stream_of_unknown_length_is_sent_chunked_with_progress(self) -> None:
        data = pickled(os.urandom(3 * 1024 * 1024 + 17))
        seen: List[Tuple[int, Optional[int]]] = []
        mvf = self.v.format("pkl").upload(OneWayReader(data), progress=lambda done, total: seen.append((done, total)))
        self.assertEqual(mvf.size, len(data))
        self.assertEqual(mvf.sha256, hashlib.sha256(data).hexdigest())
        self.assertEqual(seen[-1], (len(data), None))
        received: List[Tuple[int, Optional[int]]] = []
        self.assertEqual(mvf.download(progress=lambda done, total: received.append((done, total))), data)
        self.assertEqual(received[-1], (len(data), len(data)))

    def test_a_wrong_sha256_is_refused_and_nothing_is_stored(self) -> None:
        mvf = self.v.format("pkl")
        with self.assertRaises(errors.ChecksumMismatch) as caught:
            mvf.upload(SOME_PICKLE, sha256="0" * 64)
        self.assertEqual(caught.exception.status, 400)
        self.assertEqual(caught.exception.field, "X-Checksum-Sha256")
        with self.assertRaises(errors.NotFound):
            mvf.download()
        # The right checksum is accepted.
        mvf.upload(SOME_PICKLE, sha256=hashlib.sha256(SOME_PICKLE).hexdigest().upper())
        self.assertEqual(mvf.download(), SOME_PICKLE)

    def test_an_unknown_format_is_an_invalid_request_on_the_format_field(self) -> None:
        with self.assertRaises(errors.InvalidRequest) as caught:
            self.v.format("docx").upload(b"x")
        self.assertEqual(caught.exception.field, "format")
        self.assertEqual(caught.exception.status, 400)

    def test_a_failed_download_to_a_path_leaves_the_existing_file_alone(self) -> None:
        target = self.tmp / "keep.bin"
        target.write_bytes(b"precious")
        with self.assertRaises(errors.NotFound):
            self.v.format("pmml").download(target)
        self.assertEqual(target.read_bytes(), b"precious")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["keep.bin"])

    def test_a_destination_that_fails_mid_download_raises_its_own_error_and_the_context_still_works(self) -> None:
        data = pickled(os.urandom(5 * 1024 * 1024))
        mvf = self.v.format("pkl").upload(data)

        class FullDisk(io.RawIOBase):
            def writable(self) -> bool:
                return True

            def write(self, block: "bytes | memoryview") -> int:  # type: ignore[override]
                raise OSError(28, "No space left on device")

        with self.assertRaisesRegex(OSError, "No space left"):
            mvf.download(FullDisk())
        self.assertEqual(mvf.download(), data)

    def test_a_text_mode_file_is_refused_with_a_hint(self) -> None:
        text = self.tmp / "model.txt"
        text.write_text("not binary")
        with open(text, "r") as handle, self.assertRaisesRegex(TypeError, "binary mode"):
            self.v.format("pkl").upload(handle)  # type: ignore[arg-type]

    def test_a_format_cap_is_limit_exceeded(self) -> None:
        created = 0
        with self.assertRaises(errors.LimitExceeded) as caught:
            for format_id in ("pkl", "joblib", "rda", "rds", "pmml", "onnx"):
                self.v.format(format_id).create()
                created += 1
        self.assertEqual(caught.exception.limit, created)
        self.assertEqual(len(self.v.refresh().formats), created)

    def test_a_deleted_format_is_gone(self) -> None:
        mvf = self.v.format("rds").upload(fixture("lm_mtcars.rds"))
        mvf.delete()
        with self.assertRaises(errors.NotFound):
            self.v.format("rds").refresh()


if __name__ == "__main__":
    unittest.main()
