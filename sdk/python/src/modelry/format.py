"""A format of a model version (pkl, joblib, rda, rds, pmml, onnx) and its file."""

from __future__ import annotations

import io
import os
import tempfile
from datetime import datetime
from typing import IO, Any, BinaryIO, Dict, Optional, Union, cast, overload

from . import errors
from ._api import Api, parse_time
from ._http import Progress, file_size
from ._types import FormatData

PathLike = Union[str, "os.PathLike[str]"]
"""A filesystem path as a string or a ``pathlib.Path``."""

Source = Union[bytes, bytearray, memoryview, PathLike, BinaryIO, IO[bytes]]
"""What :meth:`ModelVersionFormat.upload` accepts: bytes, a path, or a binary file object."""

Destination = Union[PathLike, BinaryIO, IO[bytes]]
"""Where :meth:`ModelVersionFormat.download` can write: a path or a binary file object."""


class ModelVersionFormat:
    """One format of one version, e.g. the ``pkl`` of version 3 of a model.

    Get one with :meth:`modelry.Context.model_version_format` or :meth:`modelry.Version.format`.
    Creating the format first is optional: :meth:`upload` creates it when it is missing.
    """

    def __init__(self, api: Api, model: str, version: int, id: str, data: Optional[FormatData] = None) -> None:
        """Address a format without contacting the server (use :meth:`create` or :meth:`refresh`)."""
        self._api = api
        self.model: str = model
        """The id of the model."""
        self.version: int = int(version)
        """The version number."""
        self.id: str = id
        """The format id: ``pkl``, ``joblib``, ``rda``, ``rds``, ``pmml`` or ``onnx``."""
        self._data = data

    def __repr__(self) -> str:
        return f"ModelVersionFormat(model={self.model!r}, version={self.version!r}, id={self.id!r})"

    # -- paths ------------------------------------------------------------------------------

    @property
    def _path(self) -> str:
        return self._api.format_path(self.model, self.version, self.id)

    @property
    def _file_path(self) -> str:
        return self._path + "/file"

    # -- records ----------------------------------------------------------------------------

    def create(self, file_name: Optional[str] = None) -> "ModelVersionFormat":
        """Declare this format on the (unpublished) version; the file is uploaded next.

        Raises:
            modelry.errors.Conflict: the version already has this format.
            modelry.errors.LimitExceeded: the version already has the maximum number of formats.
            modelry.errors.Immutable: the version is published.
        """
        body: Dict[str, Any] = {"format": self.id}
        if file_name is not None:
            body["fileName"] = file_name
        self._data = cast(FormatData, self._api.send("POST", self._api.formats_path(self.model, self.version), body))
        return self

    def refresh(self) -> "ModelVersionFormat":
        """Fetch the format record again (size, sha256, inspection...)."""
        self._data = cast(FormatData, self._api.get(self._path))
        return self

    def delete(self) -> None:
        """Delete the format and its file from an unpublished version."""
        self._api.delete(self._path)
        self._data = None

    @property
    def data(self) -> FormatData:
        """The format record as the server sent it (fetched on first use)."""
        if self._data is None:
            self.refresh()
        return cast(FormatData, self._data)

    @property
    def uuid(self) -> str:
        """The format record's unique id."""
        return self.data["id"]

    @property
    def file_name(self) -> Optional[str]:
        """The file name offered to downloaders."""
        return self.data["fileName"]

    @property
    def media_type(self) -> str:
        """The media type served with the file."""
        return self.data["mediaType"]

    @property
    def has_file(self) -> bool:
        """Whether a file has been uploaded."""
        return self.data["hasFile"]

    @property
    def size(self) -> Optional[int]:
        """The file's size in bytes, or None before an upload."""
        return self.data["size"]

    @property
    def sha256(self) -> Optional[str]:
        """The file's sha256 (hex), or None before an upload."""
        return self.data["sha256"]

    @property
    def inspection(self) -> Optional[Dict[str, Any]]:
        """What the server's format inspector found in the file, if anything."""
        return self.data["inspection"]

    @property
    def uploaded_at(self) -> Optional[datetime]:
        """When the file was uploaded."""
        return parse_time(self.data["uploadedAt"])

    # -- the file ---------------------------------------------------------------------------

    def upload(
        self,
        source: Source,
        *,
        file_name: Optional[str] = None,
        sha256: Optional[str] = None,
        progress: Optional[Progress] = None,
    ) -> "ModelVersionFormat":
        """Upload (or replace) the file, streaming it in 1 MiB blocks.

        Args:
            source: ``bytes``; a path (``str`` or ``pathlib.Path``); or a binary file object, read from
                its current position (sent with Content-Length when it can seek, chunked otherwise).
            file_name: The name downloaders get; defaults to the path's base name for paths.
            sha256: The hex sha256 if you know it; the server then refuses different bytes.
            progress: Called as ``progress(bytes_sent, total_or_None)`` after each block.

        The sha256 of the bytes sent is always computed while sending and compared with the server's.

        Raises:
            modelry.errors.ChecksumMismatch: the server stored different bytes than were sent,
                or they differ from ``sha256``.
            modelry.errors.TooLarge: the file is larger than the server accepts.
            modelry.errors.Immutable: the version is published.
        """
        if isinstance(source, (bytes, bytearray, memoryview)):
            # BytesIO shares a bytes object's buffer rather than copying it.
            return self._upload_stream(io.BytesIO(source), memoryview(source).nbytes, file_name, sha256, progress)
        if isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                return self._upload_stream(handle, size, file_name or os.path.basename(path), sha256, progress)
        stream = cast(BinaryIO, source)
        return self._upload_stream(stream, file_size(stream), file_name, sha256, progress)

    def _upload_stream(
        self, stream: BinaryIO, size: Optional[int], file_name: Optional[str], sha256: Optional[str], progress: Optional[Progress]
    ) -> "ModelVersionFormat":
        query = {"fileName": file_name} if file_name else None
        result = self._api.transport.upload(
            self._file_path, stream, size, query=query, sha256=sha256.lower() if sha256 else None, progress=progress
        )
        data = cast(FormatData, result.body)
        if data.get("sha256") != result.sha256:
            raise errors.ChecksumMismatch(
                f"the server stored bytes with sha256 {data.get('sha256')}, but the bytes sent have sha256 {result.sha256}",
                field="body",
            )
        self._data = data
        return self

    @overload
    def download(self, destination: None = None, *, progress: Optional[Progress] = None) -> bytes: ...

    @overload
    def download(self, destination: Destination, *, progress: Optional[Progress] = None) -> int: ...

    def download(self, destination: Optional[Destination] = None, *, progress: Optional[Progress] = None) -> Union[bytes, int]:
        """Download the file, verifying its sha256.

        Args:
            destination: None to get the bytes back; a path to write (through a temporary file in the same
                directory, renamed into place only once the sha256 matches); or a binary file object to
                write into (streamed; on a mismatch it already holds the bad bytes).
            progress: Called as ``progress(bytes_received, total_or_None)`` after each block.

        Returns:
            The bytes when ``destination`` is None, otherwise the number of bytes written.

        Raises:
            modelry.errors.NotFound: the format or its file does not exist.
            modelry.errors.ChecksumMismatch: the bytes received differ from the announced sha256.
        """
        if destination is None:
            chunks = bytearray()
            self._api.transport.download(self._file_path, chunks.extend, progress=progress)
            return bytes(chunks)
        if isinstance(destination, (str, os.PathLike)):
            return self._download_to_path(os.fspath(destination), progress)
        sink = cast(BinaryIO, destination)
        return self._api.transport.download(self._file_path, sink.write, progress=progress).size

    def _download_to_path(self, path: str, progress: Optional[Progress]) -> int:
        directory = os.path.dirname(os.path.abspath(path))
        fd, temp = tempfile.mkstemp(prefix=".modelry-", suffix=".part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                size = self._api.transport.download(self._file_path, handle.write, progress=progress).size
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
            return size
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
