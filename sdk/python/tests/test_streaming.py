"""Large files stream: a 200 MiB upload and download keep the process's memory far below the file size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from .support import context, unique

SIZE_MIB = 200


class StreamingTest(unittest.TestCase):
    def test_a_200_mib_file_round_trips_with_peak_rss_far_below_its_size(self) -> None:
        with context() as c:
            m = c.model().create(unique("big"))
            v = m.version().create()
        with tempfile.TemporaryDirectory(prefix="modelry-stream-") as tmp:
            path = os.path.join(tmp, "big.bin")
            # A fresh interpreter that imports only modelry, so its peak RSS is the SDK's, not numpy's.
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [str(Path(__file__).parents[1] / "src"),
                                                                           os.environ.get("PYTHONPATH", "")] if p)}
            done = subprocess.run(
                [sys.executable, str(Path(__file__).with_name("stream_child.py")), m.id, str(v.number), path, str(SIZE_MIB)],
                env=env, capture_output=True, text=True, check=False,
            )
            self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        size = SIZE_MIB * 1024 * 1024 + 12  # the payload inside an 11-byte pickle header and a STOP byte
        self.assertEqual(report["size"], size)
        self.assertEqual(report["downloaded"], size)
        self.assertEqual(report["sha256"], report["expected_sha256"])
        self.assertEqual(report["downloaded_sha256"], report["expected_sha256"])
        self.assertLess(report["peak_rss_bytes"], 64 * 1024 * 1024, f"peak RSS {report['peak_rss_bytes']} bytes")


if __name__ == "__main__":
    unittest.main()
