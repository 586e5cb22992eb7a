#!/usr/bin/env python3
"""Upload and download speed of a large file through the Python SDK, next to curl in the same run.

Starts the built server (packages/server/dist; run `npm run build` first) on a free loopback port with a
temporary data directory, generates a random file (1 GiB by default), then for each round:
  upload    SDK (path, sha256 computed while sending)   vs  curl -T (no hashing)
  download  SDK to a file object on /dev/null (hashing)  vs  curl -o /dev/null
            SDK to a path (temp file, fsync, rename)     vs  curl -o file
Each upload goes to a fresh version that is deleted afterwards, so no run finds its blob already stored;
the order alternates between rounds. The SDK hashes every byte it moves (curl does not); the server hashes
uploads in both cases.
Prints MB/s (10^6 bytes per second) per round, the median, and the SDK/curl ratios.

Usage: python3 bench/python-transfer.py [size_mib=1024] [rounds=3]
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "sdk" / "python" / "src"))

from modelry import Context  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(data_dir: str, token: str) -> "tuple[subprocess.Popen[bytes], str]":
    main = REPO / "packages" / "server" / "dist" / "main.js"
    if not main.exists():
        sys.exit("packages/server/dist is missing: run `npm run build` first")
    port = free_port()
    env = {**os.environ, "MODELRY_DATA_DIR": data_dir, "MODELRY_PORT": str(port), "MODELRY_HOST": "127.0.0.1",
           "MODELRY_ADMIN_TOKEN": token, "MODELRY_ADMIN_PASSWORD": secrets.token_urlsafe(18), "MODELRY_LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(main)], env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit(f"the server did not answer {url}/healthz within 30 s")


def make_file(path: str, size: int) -> None:
    block = os.urandom(8 * 1024 * 1024)  # random, so nothing on the way can compress it
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            chunk = block[: min(len(block), size - written)]
            handle.write(chunk)
            written += len(chunk)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def curl(args: List[str]) -> float:
    """curl's own total time for one transfer."""
    out = subprocess.run(["curl", "-sS", "--fail", "-w", "%{time_total}", *args], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> None:
    size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = size_mib * 1024 * 1024
    work = tempfile.mkdtemp(prefix="modelry-pybench-")
    token = secrets.token_urlsafe(32)
    server, url = start_server(os.path.join(work, "data"), token)
    results: Dict[str, List[float]] = {k: [] for k in ("sdk_up", "curl_up", "sdk_down_null", "curl_down_null",
                                                        "sdk_down_file", "curl_down_file")}
    try:
        payload = os.path.join(work, "payload.bin")
        make_file(payload, size)
        auth = f"Authorization: Bearer {token}"
        with Context(token=token, url=url) as c:
            model = c.model().create("bench-python-transfer")
            for round_number in range(rounds):
                # Alternate who goes first, so neither always inherits the other's disk flush.
                for who in ("sdk", "curl") if round_number % 2 == 0 else ("curl", "sdk"):
                    v = model.version().create()
                    mvf = v.format("pkl")
                    file_url = f"{url}/api/v1/contexts/default/models/{model.id}/versions/{v.number}/formats/pkl/file"
                    if who == "sdk":
                        results["sdk_up"].append(timed(lambda: mvf.upload(payload)))
                        with open(os.devnull, "wb") as null:
                            results["sdk_down_null"].append(timed(lambda: mvf.download(null)))
                        target = os.path.join(work, "sdk.bin")
                        results["sdk_down_file"].append(timed(lambda: mvf.download(target)))
                        os.unlink(target)
                    else:
                        results["curl_up"].append(curl(["-T", payload, "-H", auth, "-H", "Content-Type: application/octet-stream",
                                                        "-o", "/dev/null", file_url]))
                        results["curl_down_null"].append(curl(["-H", auth, "-o", "/dev/null", file_url]))
                        target = os.path.join(work, "curl.bin")
                        results["curl_down_file"].append(curl(["-H", auth, "-o", target, file_url]))
                        os.unlink(target)
                    v.delete()  # frees the blob, so the next upload stores it anew
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    def rate(seconds: float) -> float:
        return size / seconds / 1e6

    print(f"python-transfer: {size_mib} MiB, {rounds} rounds, Python {sys.version.split()[0]}, server {url}")
    print(f"{'transfer':<34}{'per round (MB/s)':<34}{'median MB/s':>12}")
    labels = {
        "sdk_up": "upload   SDK (path, sha256)",
        "curl_up": "upload   curl -T",
        "sdk_down_null": "download SDK → file obj (sha256)",
        "curl_down_null": "download curl -o /dev/null",
        "sdk_down_file": "download SDK → path (fsync)",
        "curl_down_file": "download curl -o file",
    }
    medians = {k: rate(statistics.median(v)) for k, v in results.items()}
    for key, label in labels.items():
        per_round = ", ".join(f"{rate(s):.0f}" for s in results[key])
        print(f"{label:<34}{per_round:<34}{medians[key]:>12.0f}")
    print(f"ratio SDK/curl: upload {medians['sdk_up'] / medians['curl_up']:.2f}, "
          f"download to /dev/null {medians['sdk_down_null'] / medians['curl_down_null']:.2f}, "
          f"download to a file {medians['sdk_down_file'] / medians['curl_down_file']:.2f}")
    print(f"peak RSS of this Python process: {peak_rss_mib():.0f} MiB (the file is {size_mib} MiB)")


if __name__ == "__main__":
    main()
