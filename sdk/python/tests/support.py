"""Shared helpers: the live server from the environment, unique names, the shared fixtures."""

from __future__ import annotations

import json
import pickle
import os
import uuid
from pathlib import Path
from typing import Any, Dict

from modelry import Context

REPO = Path(__file__).resolve().parents[3]
FIXTURES = Path(os.environ.get("MODELRY_FIXTURES", REPO.parent / "shared" / "fixtures" / "models"))


def server_env() -> Dict[str, str]:
    """MODELRY_URL and MODELRY_TOKEN of the server started for the run; fails clearly when missing."""
    missing = [name for name in ("MODELRY_URL", "MODELRY_TOKEN") if not os.environ.get(name)]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} not set: run the SDK tests with `npm run test:sdk`, which starts a server")
    return {"url": os.environ["MODELRY_URL"], "token": os.environ["MODELRY_TOKEN"]}


def context() -> Context:
    """A Context on the live server, from the environment like a user's script."""
    server_env()
    return Context()


def unique(prefix: str) -> str:
    """A model name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def fixture(name: str) -> Path:
    """A file of the shared fixture set (never unpickled here: only its bytes are compared)."""
    path = FIXTURES / name
    if not path.is_file():
        raise RuntimeError(f"fixture {path} not found; set MODELRY_FIXTURES to the fixtures/models directory")
    return path


def manifest_entry(name: str) -> Dict[str, Any]:
    """The MANIFEST.json entry of a fixture (size, sha256...)."""
    manifest = json.loads((FIXTURES / "MANIFEST.json").read_text())
    for entry in manifest["files"]:
        if entry["file"] == name:
            return dict(entry)
    raise KeyError(name)


def pickled(payload: bytes) -> bytes:
    """A real (protocol 4) pickle of a bytes object: the server inspects uploads and refuses bytes that are
    not what their format id says, so tests that need arbitrary content wrap it like this."""
    return pickle.dumps(payload, protocol=4)


SOME_PICKLE = pickled(b"some bytes")
