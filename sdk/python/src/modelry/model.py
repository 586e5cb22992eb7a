"""A model: a named series of versions in a context."""

from __future__ import annotations

from datetime import datetime
from typing import Iterator, List, Optional, cast

from ._api import Api, Tags, fields, parse_time, require
from ._types import ModelData, VersionData
from .version import Version


class Model:
    """A model of a context.

    ``c.model()`` gives an unsaved model: call :meth:`create`. ``c.model(model_id)`` addresses an existing
    one; its fields are fetched on first use.
    """

    def __init__(self, api: Api, id: Optional[str] = None, data: Optional[ModelData] = None) -> None:
        """Address a model without contacting the server."""
        self._api = api
        self._id = id if id is not None else (data["id"] if data is not None else None)
        self._data = data

    def __repr__(self) -> str:
        name = f", name={self._data['name']!r}" if self._data is not None else ""
        return f"Model(id={self._id!r}{name})"

    @property
    def id(self) -> str:
        """The model's id (a UUID the server assigns)."""
        return cast(str, require(self._id, "the model id", "call create() first"))

    @property
    def _path(self) -> str:
        return self._api.model_path(self.id)

    # -- lifecycle --------------------------------------------------------------------------

    def create(self, name: str, *, description: Optional[str] = None, tags: Optional[Tags] = None) -> "Model":
        """Create the model.

        Raises:
            modelry.errors.Conflict: a model with this name (ignoring case) exists in the context.
            modelry.errors.InvalidRequest: the name, description or tags are invalid (see ``field``).
        """
        if self._id is not None:
            raise ValueError(f"model {self._id} already exists; use update() to change it")
        self._set(self._api.send("POST", self._api.models_path(), fields(name=name, description=description, tags=tags)))
        return self

    def refresh(self) -> "Model":
        """Fetch the model again."""
        self._set(self._api.get(self._path))
        return self

    def update(self, *, name: Optional[str] = None, description: Optional[str] = None, tags: Optional[Tags] = None) -> "Model":
        """Change the given fields (others stay as they are)."""
        self._set(self._api.send("PATCH", self._path, fields(name=name, description=description, tags=tags)))
        return self

    def delete(self) -> None:
        """Delete the model with all its versions and files (irreversible)."""
        self._api.delete(self._path)
        self._data = None

    # -- versions ---------------------------------------------------------------------------

    def version(self, number: Optional[int] = None) -> Version:
        """Address version ``number``, or a new version to :meth:`Version.create` when no number is given."""
        return Version(self._api, self.id, number)

    def versions(self, *, order: Optional[str] = None, page_size: Optional[int] = None) -> Iterator[Version]:
        """Every live version, newest first (``order="asc"`` for oldest first), fetched page by page."""
        query = {"order": order, "limit": page_size}
        for item in self._api.pages(self._api.versions_path(self.id), query):
            yield Version(self._api, self.id, data=cast(VersionData, item))

    def latest(self) -> Optional[Version]:
        """The live version with the highest number, or None when the model has none."""
        number = self.refresh().latest_version
        return None if number is None else self.version(number)

    # -- fields -----------------------------------------------------------------------------

    def _set(self, data: object) -> None:
        self._data = cast(ModelData, data)
        self._id = self._data["id"]

    @property
    def data(self) -> ModelData:
        """The model as the server sent it (fetched on first use)."""
        if self._data is None:
            self.refresh()
        return cast(ModelData, self._data)

    @property
    def name(self) -> str:
        """The model's name, unique in its context ignoring case."""
        return self.data["name"]

    @property
    def description(self) -> str:
        """Markdown description."""
        return self.data["description"]

    @property
    def tags(self) -> List[str]:
        """Tags, normalised by the server."""
        return list(self.data["tags"])

    @property
    def version_count(self) -> int:
        """How many live versions the model has."""
        return self.data["versionCount"]

    @property
    def latest_version(self) -> Optional[int]:
        """The highest live version number, or None."""
        return self.data["latestVersion"]

    @property
    def created_at(self) -> datetime:
        """When the model was created."""
        return cast(datetime, parse_time(self.data["createdAt"]))

    @property
    def updated_at(self) -> datetime:
        """When the model last changed."""
        return cast(datetime, parse_time(self.data["updatedAt"]))
