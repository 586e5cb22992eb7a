"""The package installs with pip into a fresh virtual environment, offline, as the README says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


class PackagingTest(unittest.TestCase):
    def test_pip_installs_the_package_with_its_type_marker_into_a_venv_offline(self) -> None:
        with tempfile.TemporaryDirectory(prefix="modelry-pip-") as tmp:
            # A copy, so pip's in-tree build leaves nothing behind in the repository.
            source = Path(tmp) / "python"
            shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "tests"))
            venv = Path(tmp) / "venv"
            # System site packages provide setuptools and wheel from Debian, so nothing is downloaded.
            # --without-pip and pip's --python option skip the slow ensurepip step.
            subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
            python = venv / "bin" / "python"
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            pip = [sys.executable, "-m", "pip", "--python", str(python)]
            installed = subprocess.run(
                [*pip, "install", "--no-build-isolation", "--no-index", "--quiet", str(source)],
                env=env, capture_output=True, text=True, check=False,
            )
            self.assertEqual(installed.returncode, 0, installed.stdout + installed.stderr)
            probe = subprocess.run(
                [str(python), "-c",
                 "import modelry, pathlib; p = pathlib.Path(modelry.__file__).parent; "
                 "print(modelry.__version__, (p / 'py.typed').exists(), p.parent.name)"],
                env=env, cwd=tmp, capture_output=True, text=True, check=False,
            )
            self.assertEqual(probe.returncode, 0, probe.stderr)
            version, typed, where = probe.stdout.split()
            self.assertEqual(typed, "True")
            self.assertEqual(where, "site-packages")
            self.assertRegex(version, r"^\d+\.\d+\.\d+$")


if __name__ == "__main__":
    unittest.main()
