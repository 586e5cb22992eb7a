"""The entry point: a connection to one context of a Modelry server."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Dict, Iterator, Optional, Type, cast

from ._api import Api
from ._http import Transport
from ._types import ModelData
from .format import ModelVersionFormat
from .model import Model
from .version import Version

DEFAULT_URL = "http://127.0.0.1:8080"
"""Where ``npm start`` serves Modelry."""

DEFAULT_CONTEXT = "default"
"""The context every server creates at its first start."""

_SORT_KEYS = {"name": "name", "createdAt": "createdAt", "created_at": "createdAt", "updatedAt": "updatedAt",
              "updated_at": "updatedAt"}


class Context:
    """A context (a namespace of models) on a Modelry server, reached with an API token.

    Args:
        token: API token; defaults to ``$MODELRY_TOKEN``.
        url: Server URL; defaults to ``$MODELRY_URL``, then ``http://127.0.0.1:8080``.
        context: Context id or slug; defaults to ``$MODELRY_CONTEXT``, then ``default``.
        timeout: Seconds any single network operation may take before it fails (not the whole transfer).

    Use it as a context manager, or call :meth:`close`, to close the connection.
    """

    def __init__(
        self,
        token: Optional[str] = None,
        url: Optional[str] = None,
        context: Optional[str] = None,
        *,
        timeout: Optional[float] = 300.0,
    ) -> None:
        """Read arguments or environment; no request is made until the first call."""
        token = token or os.environ.get("MODELRY_TOKEN") or None
        if token is None:
            raise ValueError("no API token: pass Context(token=...) or set MODELRY_TOKEN")
        self.url: str = url or os.environ.get("MODELRY_URL") or DEFAULT_URL
        """The server URL."""
        self.context: str = context or os.environ.get("MODELRY_CONTEXT") or DEFAULT_CONTEXT
        """The context id or slug every call goes to."""
        self._api = Api(Transport(self.url, token, timeout), self.context)

    def __repr__(self) -> str:
        return f"Context(url={self.url!r}, context={self.context!r})"

    def close(self) -> None:
        """Close the connection to the server."""
        self._api.transport.close()

    def __enter__(self) -> "Context":
        return self

    def __exit__(
        self, kind: Optional[Type[BaseException]], error: Optional[BaseException], trace: Optional[TracebackType]
    ) -> None:
        self.close()

    # -- models -----------------------------------------------------------------------------

    def model(self, id: Optional[str] = None) -> Model:
        """Address the model ``id``, or a new model to :meth:`Model.create` when no id is given."""
        return Model(self._api, id)

    def models(
        self,
        q: Optional[str] = None,
        *,
        tag: Optional[str] = None,
        sort: str = "updatedAt",
        order: Optional[str] = None,
        page_size: Optional[int] = None,
    ) -> Iterator[Model]:
        """List, search and sort the models of the context, fetching page by page as you iterate.

        Args:
            q: Words matched as prefixes of the name, description and tag words.
            tag: Only models with this exact tag (ignoring case).
            sort: ``"name"``, ``"createdAt"`` or ``"updatedAt"`` (snake_case accepted).
            order: ``"asc"`` or ``"desc"`` (the server's default depends on ``sort``).
            page_size: Models per request (1 to 200).
        """
        if sort not in _SORT_KEYS:
            raise ValueError(f"sort must be one of name, createdAt, updatedAt; got {sort!r}")
        query = {"q": q, "tag": tag, "sort": _SORT_KEYS[sort], "order": order, "limit": page_size}
        for item in self._api.pages(self._api.models_path(), query):
            yield Model(self._api, data=cast(ModelData, item))

    def find_model(self, name: str) -> Optional[Model]:
        """The model with exactly this name (ignoring case), or None."""
        for model in self.models(name):
            if model.name.lower() == name.lower():
                return model
        return None

    def version(self, model: str, number: int) -> Version:
        """Address version ``number`` of the model ``model``."""
        return Version(self._api, model, number)

    def model_version_format(self, model: str, version: int, id: str) -> ModelVersionFormat:
        """Address the format ``id`` (``pkl``, ``joblib``, ``rda``, ``rds``, ``pmml``, ``onnx``) of a model version."""
        return ModelVersionFormat(self._api, model, version, id)

    # -- who am I ---------------------------------------------------------------------------

    def me(self) -> Dict[str, Any]:
        """The token's user and the contexts it may see, with its permissions in each."""
        return cast(Dict[str, Any], self._api.get("/api/v1/me"))
