"""Exceptions raised by the Modelry SDK.

Every error the server reports arrives as RFC 9457 ``application/problem+json``;
:func:`from_problem` rebuilds it as the subclass of :class:`ModelryError` named by
the problem ``type`` slug (``https://modelry.dev/problems/<slug>``), falling back
to the HTTP status when the slug is unknown.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Type, Union

PROBLEM_TYPE_BASE = "https://modelry.dev/problems/"

Limit = Union[int, float, str]


class ModelryError(Exception):
    """Base class of every error the SDK raises.

    Attributes:
        status: HTTP status of the response, or 0 when no response arrived.
        type: The problem type URI (``https://modelry.dev/problems/<slug>``).
        title: Short, stable summary of the problem type.
        detail: What went wrong this time, in words meant for a person.
        field: The request field at fault (``"name"``, ``"body"``, ``"X-Checksum-Sha256"``...), if any.
        limit: The limit that was exceeded or the allowed values, if any.
        errors: Every validation issue as ``{"field", "message"}`` when the server listed several.
        request_id: The server's request id, worth quoting in a bug report.
    """

    default_slug = "error"

    def __init__(
        self,
        detail: str,
        *,
        status: int = 0,
        type: Optional[str] = None,
        title: Optional[str] = None,
        field: Optional[str] = None,
        limit: Optional[Limit] = None,
        errors: Optional[List[Dict[str, str]]] = None,
        request_id: Optional[str] = None,
    ) -> None:
        super().__init__(detail)
        self.status: int = status
        self.type: str = type if type is not None else PROBLEM_TYPE_BASE + self.default_slug
        self.title: str = title if title is not None else self.__class__.__name__
        self.detail: str = detail
        self.field: Optional[str] = field
        self.limit: Optional[Limit] = limit
        self.errors: List[Dict[str, str]] = errors if errors is not None else []
        self.request_id: Optional[str] = request_id

    @property
    def message(self) -> str:
        """The human-readable message (the problem's ``detail``)."""
        return self.detail

    @property
    def slug(self) -> str:
        """The last part of the problem type URI, e.g. ``"not-found"``."""
        return self.type.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        where = f" [field: {self.field}]" if self.field else ""
        status = f"{self.status} " if self.status else ""
        return f"{status}{self.title}: {self.detail}{where}"

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(status={self.status!r}, detail={self.detail!r}, field={self.field!r})"


class InvalidRequest(ModelryError):
    """The request was malformed or a field is invalid (400 ``invalid``)."""

    default_slug = "invalid"


class Unauthenticated(ModelryError):
    """The token is missing, unknown, expired or revoked (401 ``unauthenticated``)."""

    default_slug = "unauthenticated"


class Forbidden(ModelryError):
    """The token is valid but lacks the permission (403 ``forbidden``)."""

    default_slug = "forbidden"


class NotFound(ModelryError):
    """The context, model, version or format does not exist or is not visible to you (404 ``not-found``)."""

    default_slug = "not-found"


class Conflict(ModelryError):
    """The change clashes with existing state, e.g. a duplicate model name (409 ``conflict``)."""

    default_slug = "conflict"


class LimitExceeded(Conflict):
    """A cap was reached, e.g. 30 live versions per model; see ``limit`` (409 ``limit-exceeded``)."""

    default_slug = "limit-exceeded"


class Immutable(Conflict):
    """The version is published, so its metadata and files can no longer change (409 ``immutable``)."""

    default_slug = "immutable"


class TooLarge(ModelryError):
    """The body is larger than the server accepts; see ``limit`` (413 ``too-large``)."""

    default_slug = "too-large"


class Unprocessable(ModelryError):
    """The request is well formed but cannot be carried out (422 ``unprocessable``)."""

    default_slug = "unprocessable"


class ChecksumMismatch(ModelryError):
    """The bytes sent or received do not have the expected sha256 (400 ``checksum-mismatch``, or raised locally)."""

    default_slug = "checksum-mismatch"


class ServerError(ModelryError):
    """The server failed (5xx); quote ``request_id`` when reporting it."""

    default_slug = "internal"


class TransportError(ModelryError):
    """No usable HTTP response: the server is unreachable, the connection broke or the reply was not understood.

    ``status`` is 0 unless a response arrived that was not a problem document.
    """

    default_slug = "transport"


_BY_SLUG: Dict[str, Type[ModelryError]] = {
    cls.default_slug: cls
    for cls in (
        InvalidRequest,
        Unauthenticated,
        Forbidden,
        NotFound,
        Conflict,
        LimitExceeded,
        Immutable,
        TooLarge,
        Unprocessable,
        ChecksumMismatch,
        ServerError,
    )
}

_BY_STATUS: Dict[int, Type[ModelryError]] = {
    400: InvalidRequest,
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: TooLarge,
    422: Unprocessable,
}


def error_class(slug: Optional[str], status: int) -> Type[ModelryError]:
    """The exception class for a problem type slug, or for the HTTP status when the slug is unknown."""
    if slug is not None and slug in _BY_SLUG:
        return _BY_SLUG[slug]
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else ModelryError


def _optional_str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def from_problem(status: int, body: Mapping[str, Any]) -> ModelryError:
    """Rebuild the exception a problem+json body describes.

    Args:
        status: The HTTP status of the response.
        body: The decoded problem document (missing members are tolerated).
    """
    type_uri = _optional_str(body.get("type"))
    slug = type_uri[len(PROBLEM_TYPE_BASE):] if type_uri and type_uri.startswith(PROBLEM_TYPE_BASE) else None
    cls = error_class(slug, status)
    limit = body.get("limit")
    raw_errors = body.get("errors")
    errors = [dict(e) for e in raw_errors if isinstance(e, dict)] if isinstance(raw_errors, list) else None
    detail = _optional_str(body.get("detail")) or _optional_str(body.get("title")) or f"HTTP {status}"
    return cls(
        detail,
        status=status,
        type=type_uri,
        title=_optional_str(body.get("title")),
        field=_optional_str(body.get("field")),
        limit=limit if isinstance(limit, (int, float, str)) and not isinstance(limit, bool) else None,
        errors=errors,
        request_id=_optional_str(body.get("requestId")),
    )


__all__ = [
    "PROBLEM_TYPE_BASE",
    "ModelryError",
    "InvalidRequest",
    "Unauthenticated",
    "Forbidden",
    "NotFound",
    "Conflict",
    "LimitExceeded",
    "Immutable",
    "TooLarge",
    "Unprocessable",
    "ChecksumMismatch",
    "ServerError",
    "TransportError",
    "error_class",
    "from_problem",
]
