"""What every resource object shares: the transport, the context and the URL of each resource."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union
from urllib.parse import quote

from ._http import QueryValue, Transport


class _Unset:
    """Marks an argument that was not given, where ``None`` is a meaningful value (``config=None``)."""

    _instance: Optional["_Unset"] = None

    def __new__(cls) -> "_Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()
"""Default of optional arguments whose ``None`` would mean something."""

Tags = Union[List[str], str]
"""Tags as a list or one comma-separated string."""


def _segment(value: Union[str, int]) -> str:
    return quote(str(value), safe="")


class Api:
    """The transport plus the context every path lives in."""

    def __init__(self, transport: Transport, context: str) -> None:
        self.transport = transport
        self.context = context

    def context_path(self) -> str:
        return f"/api/v1/contexts/{_segment(self.context)}"

    def models_path(self) -> str:
        return f"{self.context_path()}/models"

    def model_path(self, model: str) -> str:
        return f"{self.models_path()}/{_segment(model)}"

    def versions_path(self, model: str) -> str:
        return f"{self.model_path(model)}/versions"

    def version_path(self, model: str, number: int) -> str:
        return f"{self.versions_path(model)}/{int(number)}"

    def formats_path(self, model: str, number: int) -> str:
        return f"{self.version_path(model, number)}/formats"

    def format_path(self, model: str, number: int, format_id: str) -> str:
        return f"{self.formats_path(model, number)}/{_segment(format_id)}"

    def get(self, path: str, query: Optional[Mapping[str, QueryValue]] = None) -> Any:
        return self.transport.json("GET", path, query=query)

    def send(self, method: str, path: str, body: Any) -> Any:
        return self.transport.json(method, path, body=body, has_body=True)

    def delete(self, path: str) -> None:
        self.transport.json("DELETE", path)

    def pages(self, path: str, query: Mapping[str, QueryValue]) -> Iterator[Dict[str, Any]]:
        """Every item of a cursor-paged list, fetching the next page only when the caller gets there."""
        cursor: Optional[str] = None
        while True:
            page = self.get(path, {**query, "cursor": cursor})
            yield from page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return


def fields(**values: Any) -> Dict[str, Any]:
    """The request body from the arguments that were given (``None`` and UNSET are left out)."""
    return {k: v for k, v in values.items() if v is not None and v is not UNSET}


def parse_time(value: Optional[str]) -> Optional[datetime]:
    """An ISO-8601 timestamp from the server (``...Z``) as an aware datetime; Python 3.9's fromisoformat wants +00:00."""
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def require(value: Optional[Any], what: str, hint: str) -> Any:
    """``value`` when known, else a clear error telling the caller what to call first."""
    if value is None:
        raise ValueError(f"{what} is not known yet: {hint}")
    return value

