"""Run alone in a fresh interpreter by test_streaming: upload and download a large file, print peak RSS.

Argv: model id, version number, file path, size in MiB. Prints one JSON line.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys

from modelry import Context


def peak_rss_bytes() -> int:
    """This process's peak resident set size.

    Linux's getrusage ru_maxrss survives exec: a child forked from a test process that holds numpy
    and scikit-learn reports that parent's peak. VmHWM in /proc/self/status belongs to this process's
    own address space, so it is used where it exists; getrusage elsewhere.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def main() -> None:
    model, version, path, mib = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    digest = hashlib.sha256()
    block = bytearray(os.urandom(1024 * 1024))
    # A valid protocol-4 pickle (PROTO 4, BINBYTES8 <length>, payload, STOP): the server inspects what it
    # stores, and the pickle inspector skips the payload without buffering it.
    header = b"\x80\x04\x8e" + (mib * 1024 * 1024).to_bytes(8, "little")
    with open(path, "wb") as handle:
        digest.update(header)
        handle.write(header)
        for i in range(mib):
            block[:8] = i.to_bytes(8, "big")  # every MiB differs, cheaply
            digest.update(block)
            handle.write(block)
        digest.update(b".")
        handle.write(b".")
    with Context() as c:
        mvf = c.model_version_format(model=model, version=version, id="pkl")
        uploaded = mvf.upload(path)
        os.unlink(path)
        written = mvf.download(path)
        with open(path, "rb") as handle:
            check = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                check.update(chunk)
    print(json.dumps({
        "peak_rss_bytes": peak_rss_bytes(),
        "size": uploaded.size,
        "sha256": uploaded.sha256,
        "expected_sha256": digest.hexdigest(),
        "downloaded": written,
        "downloaded_sha256": check.hexdigest(),
    }))


if __name__ == "__main__":
    main()
