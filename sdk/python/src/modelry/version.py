"""A version of a model: its metadata (hyperparameters, config, dataset records) and its formats."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence, cast

from ._api import UNSET, Api, Tags, fields, parse_time, require
from ._types import DatasetRecord, VersionData
from .format import ModelVersionFormat


class Version:
    """One numbered version of a model.

    ``m.version()`` gives an unsaved version: call :meth:`create` and the server assigns its number.
    ``m.version(3)`` addresses version 3; its fields are fetched on first use.
    """

    def __init__(self, api: Api, model: str, number: Optional[int] = None, data: Optional[VersionData] = None) -> None:
        """Address a version without contacting the server."""
        self._api = api
        self.model: str = model
        """The id of the model this version belongs to."""
        self._number = int(number) if number is not None else (data["number"] if data is not None else None)
        self._data = data

    def __repr__(self) -> str:
        return f"Version(model={self.model!r}, number={self._number!r})"

    @property
    def number(self) -> int:
        """The version number the server assigned (1, 2, ...; numbers of deleted versions are never reused)."""
        return cast(int, require(self._number, "the version number", "call create() first"))

    @property
    def id(self) -> int:
        """The version number, the id the API addresses versions by (same as :attr:`number`)."""
        return self.number

    @property
    def _path(self) -> str:
        return self._api.version_path(self.model, self.number)

    # -- lifecycle --------------------------------------------------------------------------

    def create(
        self,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        tags: Optional[Tags] = None,
        hyperparameters: Optional[Mapping[str, Any]] = None,
        config: Any = UNSET,
        records: Optional[Sequence[DatasetRecord]] = None,
    ) -> "Version":
        """Create the version; the server assigns the next number.

        Raises:
            modelry.errors.LimitExceeded: the model already has the maximum number of live versions.
        """
        if self._number is not None:
            raise ValueError(f"version {self._number} already exists; use update() to change it")
        body = fields(name=name, description=description, tags=tags, hyperparameters=_dict(hyperparameters),
                      records=_list(records))
        if config is not UNSET:
            body["config"] = config
        self._set(self._api.send("POST", self._api.versions_path(self.model), body))
        return self

    def refresh(self) -> "Version":
        """Fetch the version again."""
        self._set(self._api.get(self._path))
        return self

    def update(
        self,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        tags: Optional[Tags] = None,
        hyperparameters: Optional[Mapping[str, Any]] = None,
        config: Any = UNSET,
        records: Optional[Sequence[DatasetRecord]] = None,
    ) -> "Version":
        """Change the given fields of an unpublished version (others stay as they are).

        Raises:
            modelry.errors.Immutable: the version is published.
        """
        body = fields(name=name, description=description, tags=tags, hyperparameters=_dict(hyperparameters),
                      records=_list(records))
        if config is not UNSET:
            body["config"] = config
        self._set(self._api.send("PATCH", self._path, body))
        return self

    def set_hyperparameters(self, hyperparameters: Mapping[str, Any]) -> "Version":
        """Replace the hyperparameters (a JSON object)."""
        return self.update(hyperparameters=hyperparameters)

    def set_config(self, config: Any) -> "Version":
        """Replace the config: any JSON value, read by deployment containers."""
        return self.update(config=config)

    def set_records(self, records: Sequence[DatasetRecord]) -> "Version":
        """Replace the dataset records: ``[{"uri": ..., "name": ..., "sha256": ...}]``."""
        return self.update(records=records)

    def publish(self) -> "Version":
        """Publish the version: from now on its metadata and files can never change."""
        self._set(self._api.send("POST", self._path + "/publish", None))
        return self

    def delete(self) -> None:
        """Delete the version and its files (irreversible; the number is never reused)."""
        self._api.delete(self._path)
        self._data = None

    # -- formats ----------------------------------------------------------------------------

    def format(self, id: str) -> ModelVersionFormat:
        """Address one format of this version, e.g. ``v.format("pkl")``."""
        return ModelVersionFormat(self._api, self.model, self.number, id)

    @property
    def formats(self) -> List[ModelVersionFormat]:
        """The formats of this version, as of the last fetch."""
        return [ModelVersionFormat(self._api, self.model, self.number, f["format"], f) for f in self.data["formats"]]

    # -- fields -----------------------------------------------------------------------------

    def _set(self, data: Any) -> None:
        self._data = cast(VersionData, data)
        self._number = self._data["number"]

    @property
    def data(self) -> VersionData:
        """The version as the server sent it (fetched on first use)."""
        if self._data is None:
            self.refresh()
        return cast(VersionData, self._data)

    @property
    def uuid(self) -> str:
        """The version's unique id (the API addresses versions by number instead)."""
        return self.data["id"]

    @property
    def name(self) -> str:
        """The version's optional name ("" when unset)."""
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
    def hyperparameters(self) -> Dict[str, Any]:
        """The hyperparameters (a JSON object)."""
        return self.data["hyperparameters"]

    @property
    def config(self) -> Any:
        """The config (any JSON value)."""
        return self.data["config"]

    @property
    def records(self) -> List[DatasetRecord]:
        """The dataset records."""
        return list(self.data["records"])

    @property
    def published(self) -> bool:
        """Whether the version is published (and so can no longer change)."""
        return self.data["published"]

    @property
    def published_at(self) -> Optional[datetime]:
        """When the version was published."""
        return parse_time(self.data["publishedAt"])

    @property
    def created_at(self) -> datetime:
        """When the version was created."""
        return cast(datetime, parse_time(self.data["createdAt"]))

    @property
    def updated_at(self) -> datetime:
        """When the version last changed."""
        return cast(datetime, parse_time(self.data["updatedAt"]))


def _dict(value: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    return dict(value) if value is not None else None


def _list(value: Optional[Sequence[DatasetRecord]]) -> Optional[List[Dict[str, Any]]]:
    return [dict(record) for record in value] if value is not None else None
