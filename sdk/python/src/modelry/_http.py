"""HTTP transport: JSON calls and streamed file transfers over one keep-alive connection.

Standard library only (``http.client``): files go through a fixed 1 MiB buffer in both
directions and are hashed while they move, so memory stays flat whatever the file size.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import queue
import ssl
import threading
import time
from typing import Any, BinaryIO, Callable, Dict, List, Mapping, NamedTuple, Optional, Tuple, Union
from urllib.parse import urlencode, urlsplit

from . import errors
from ._version import __version__

BLOCK_SIZE = 1024 * 1024
"""Bytes read from a file or socket per step of a transfer."""

Progress = Callable[[int, Optional[int]], None]
"""Called as ``progress(bytes_done, bytes_total_or_None)`` after every block of a transfer."""

QueryValue = Union[str, int, None]

_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "PATCH"})
_STALE_ERRORS = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Transferred(NamedTuple):
    """What a streamed transfer moved: its byte count, the sha256 computed locally, and the parsed reply."""

    size: int
    sha256: str
    body: Any


class Transport:
    """One keep-alive connection to a Modelry server. Not thread-safe: use one Context per thread."""

    def __init__(self, url: str, token: str, timeout: Optional[float]) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the server URL must look like http://host:port, got {url!r}")
        self.url = url.rstrip("/")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._conn: Optional[http.client.HTTPConnection] = None
        self._idle_since = 0.0
        self._keep_alive = 5.0

    # -- connection -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (a later call opens a new one)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> Tuple[http.client.HTTPConnection, bool]:
        """The open connection and whether it was reused; idle connections the server may have dropped are renewed."""
        if self._conn is not None and time.monotonic() - self._idle_since > self._keep_alive - 1:
            self.close()
        if self._conn is not None:
            return self._conn, True
        if self._https:
            self._conn = http.client.HTTPSConnection(
                self._host, self._port, timeout=self._timeout, context=ssl.create_default_context()
            )
        else:
            self._conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        return self._conn, False

    def _finished(self, response: http.client.HTTPResponse) -> None:
        """Remember when the connection went idle and for how long the server keeps idle connections."""
        if response.will_close:
            self.close()
            return
        self._idle_since = time.monotonic()
        for part in (response.getheader("keep-alive") or "").split(","):
            name, _, value = part.strip().partition("=")
            if name.lower() == "timeout" and value.isdigit():
                self._keep_alive = float(value)

    def _target(self, path: str, query: Optional[Mapping[str, QueryValue]]) -> str:
        pairs = {k: str(v) for k, v in (query or {}).items() if v is not None}
        return self._prefix + path + ("?" + urlencode(pairs) if pairs else "")

    def _headers(self, extra: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json, application/problem+json",
            "User-Agent": f"modelry-python/{__version__}",
        }
        headers.update(extra or {})
        return headers

    # -- JSON -------------------------------------------------------------------------------

    def json(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, QueryValue]] = None,
        body: Any = None,
        has_body: bool = False,
    ) -> Any:
        """Send one JSON request and return the decoded reply (``None`` for 204); problems become exceptions."""
        payload = json.dumps(body).encode("utf-8") if has_body else None
        headers = self._headers({"Content-Type": "application/json"} if has_body else None)
        target = self._target(path, query)
        for attempt in (1, 2):
            conn, reused = self._connection()
            try:
                conn.request(method, target, body=payload, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except _STALE_ERRORS as err:
                self.close()
                if reused and attempt == 1 and method in _IDEMPOTENT:
                    continue  # the server dropped an idle keep-alive connection; safe to send again
                raise errors.TransportError(f"{method} {target}: the connection failed: {err}") from err
            except OSError as err:
                self.close()
                raise errors.TransportError(f"{method} {target}: cannot reach {self.url}: {err}") from err
            self._finished(response)
            return _decode(method, target, response, data)
        raise AssertionError("unreachable")

    # -- files ------------------------------------------------------------------------------

    def upload(
        self,
        path: str,
        source: BinaryIO,
        size: Optional[int],
        *,
        query: Optional[Mapping[str, QueryValue]] = None,
        sha256: Optional[str] = None,
        progress: Optional[Progress] = None,
    ) -> Transferred:
        """PUT ``source`` as the raw body, ``size`` bytes with Content-Length or chunked when ``size`` is None."""
        target = self._target(path, query)
        conn, _ = self._connection()
        extra = {"Content-Type": "application/octet-stream"}
        extra["Content-Length" if size is not None else "Transfer-Encoding"] = str(size) if size is not None else "chunked"
        if sha256 is not None:
            extra["X-Checksum-Sha256"] = sha256
        try:
            conn.putrequest("PUT", target, skip_accept_encoding=True)
            for name, value in self._headers(extra).items():
                conn.putheader(name, value)
            conn.endheaders()
            sent, digest = _send_body(conn, source, size, progress)
        except OSError as err:
            # The server may have answered before reading everything (a 413, a 404): report its answer.
            early = self._early_answer(conn, target)
            if early is not None:
                raise early from err
            self.close()
            raise errors.TransportError(f"PUT {target}: the upload was interrupted: {err}") from err
        except BaseException:
            self.close()  # a half-sent body leaves the connection unusable
            raise
        try:
            response = conn.getresponse()
            data = response.read()
        except OSError as err:
            self.close()
            raise errors.TransportError(f"PUT {target}: no answer after the upload: {err}") from err
        self._finished(response)
        return Transferred(sent, digest, _decode("PUT", target, response, data))

    def _early_answer(self, conn: http.client.HTTPConnection, target: str) -> Optional[errors.ModelryError]:
        try:
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            return None
        finally:
            self.close()
        try:
            _decode("PUT", target, response, data)
        except errors.ModelryError as err:
            return err
        return None

    def download(
        self,
        path: str,
        write: Callable[[memoryview], Any],
        *,
        progress: Optional[Progress] = None,
    ) -> Transferred:
        """GET a file, handing each block to ``write``; raises ChecksumMismatch if the bytes differ from X-Checksum-Sha256."""
        target = self._target(path, None)
        for attempt in (1, 2):
            conn, reused = self._connection()
            try:
                conn.request("GET", target, headers=self._headers({"Accept": "*/*"}))
                response = conn.getresponse()
            except _STALE_ERRORS as err:
                self.close()
                if reused and attempt == 1:
                    continue
                raise errors.TransportError(f"GET {target}: the connection failed: {err}") from err
            except OSError as err:
                self.close()
                raise errors.TransportError(f"GET {target}: cannot reach {self.url}: {err}") from err
            if response.status != 200:
                data = response.read()
                self._finished(response)
                _decode("GET", target, response, data)
                raise errors.TransportError(f"GET {target}: unexpected status {response.status}", status=response.status)
            return self._receive(response, target, write, progress)
        raise AssertionError("unreachable")

    def _receive(
        self,
        response: http.client.HTTPResponse,
        target: str,
        write: Callable[[memoryview], Any],
        progress: Optional[Progress],
    ) -> Transferred:
        expected = (response.getheader("x-checksum-sha256") or "").lower() or None
        length = response.getheader("content-length")
        total = int(length) if length is not None and length.isdigit() else None
        digest = hashlib.sha256()
        received = 0
        sink_failed = False

        def consume(block: memoryview) -> None:
            nonlocal received, sink_failed
            digest.update(block)
            try:
                write(block)
            except BaseException:
                sink_failed = True  # the caller's file failed (disk full...), not the network
                raise
            received += len(block)
            if progress is not None:
                progress(received, total)

        try:
            _pipelined(response.readinto, consume)
        except (OSError, http.client.HTTPException) as err:
            self.close()
            if sink_failed:
                raise
            raise errors.TransportError(f"GET {target}: the download was interrupted after {received} bytes: {err}") from err
        except BaseException:
            self.close()
            raise
        self._finished(response)
        if total is not None and received != total:
            raise errors.TransportError(f"GET {target}: expected {total} bytes, received {received}")
        actual = digest.hexdigest()
        if expected is not None and actual != expected:
            raise errors.ChecksumMismatch(
                f"the downloaded bytes have sha256 {actual}, not the {expected} the server announced",
                field="X-Checksum-Sha256",
            )
        return Transferred(received, actual, None)


def _pipelined(fill: Callable[[memoryview], Optional[int]], consume: Callable[[memoryview], None]) -> None:
    """Receive blocks with ``fill`` in this thread while a helper thread hashes and writes the previous ones.

    Hashing (and the socket and file calls) release the GIL, so the two overlap: downloads run about a
    third faster than doing both in turn. ``consume`` sees the blocks in order; its errors are re-raised here.
    """
    free: "queue.Queue[bytearray]" = queue.Queue()
    full: "queue.Queue[Optional[Tuple[bytearray, int]]]" = queue.Queue()
    for _ in range(3):
        free.put(bytearray(BLOCK_SIZE))
    failures: List[BaseException] = []

    def work() -> None:
        while True:
            item = full.get()
            if item is None:
                return
            buffer, n = item
            try:
                if not failures:
                    consume(memoryview(buffer)[:n])
            except BaseException as err:  # handed to the receiving thread
                failures.append(err)
            free.put(buffer)

    worker = threading.Thread(target=work, name="modelry-download", daemon=True)
    worker.start()
    try:
        while not failures:
            buffer = free.get()
            n = fill(memoryview(buffer))
            if not n:
                break
            full.put((buffer, n))
    finally:
        full.put(None)
        worker.join()
    if failures:
        raise failures[0]


def _send_body(
    conn: http.client.HTTPConnection, source: BinaryIO, size: Optional[int], progress: Optional[Progress]
) -> Tuple[int, str]:
    """Stream ``source`` into the request in 1 MiB blocks, hashing as it goes."""
    digest = hashlib.sha256()
    buffer = bytearray(BLOCK_SIZE)
    view = memoryview(buffer)
    sent = 0
    while size is None or sent < size:
        want = BLOCK_SIZE if size is None else min(BLOCK_SIZE, size - sent)
        n = _read_into(source, view[:want])
        if n == 0:
            break
        block = view[:n]
        digest.update(block)
        if size is None:
            conn.send(b"%X\r\n" % n)
            conn.send(block)
            conn.send(b"\r\n")
        else:
            conn.send(block)
        sent += n
        if progress is not None:
            progress(sent, size)
    if size is None:
        conn.send(b"0\r\n\r\n")
    elif sent != size:
        raise errors.TransportError(f"the file ended after {sent} of the {size} bytes announced; did it change while uploading?")
    return sent, digest.hexdigest()


def _read_into(source: BinaryIO, view: memoryview) -> int:
    readinto = getattr(source, "readinto", None)
    if readinto is not None:
        n = readinto(view)
        return int(n or 0)
    data = source.read(len(view))
    if isinstance(data, str):
        raise TypeError("the file object returns text; open it in binary mode ('rb')")
    view[: len(data)] = data
    return len(data)


def _decode(method: str, target: str, response: http.client.HTTPResponse, data: bytes) -> Any:
    """The reply's JSON on success; the matching ModelryError otherwise."""
    content_type = (response.getheader("content-type") or "").lower()
    parsed: Any = None
    if data and "json" in content_type:
        try:
            parsed = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            raise errors.TransportError(
                f"{method} {target}: the server sent invalid JSON (status {response.status})", status=response.status
            ) from err
    if 200 <= response.status < 300:
        return parsed
    if isinstance(parsed, dict):
        raise errors.from_problem(response.status, parsed)
    text = data[:200].decode("utf-8", "replace").strip() or response.reason
    cls = errors.error_class(None, response.status)
    raise cls(f"{method} {target}: HTTP {response.status}: {text}", status=response.status)


def file_size(source: BinaryIO) -> Optional[int]:
    """Bytes left to read in ``source`` when it can tell (regular files, BytesIO), else None (sent chunked)."""
    if isinstance(source, io.TextIOBase):
        raise TypeError("the file object is in text mode; open it in binary mode ('rb')")
    try:
        if not source.seekable():
            return None
        position = source.tell()
        end = source.seek(0, io.SEEK_END)
        source.seek(position)
        return max(0, end - position)
    except (AttributeError, OSError, ValueError):
        return None
