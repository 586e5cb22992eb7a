"""The JSON shapes the server sends and accepts, as TypedDicts (see the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict


class _RecordRequired(TypedDict):
    uri: str


class DatasetRecord(_RecordRequired, total=False):
    """Where a version's training data lives: ``{"uri": ..., "name": ..., "sha256": ...}``; only ``uri`` is required."""

    name: str
    sha256: str


class FormatData(TypedDict):
    """A format of a version as the server sends it."""

    id: str
    format: str
    fileName: Optional[str]
    mediaType: str
    hasFile: bool
    size: Optional[int]
    sha256: Optional[str]
    createdAt: str
    createdBy: str
    uploadedAt: Optional[str]
    uploadedBy: Optional[str]
    inspection: Optional[Dict[str, Any]]


class VersionData(TypedDict):
    """A version of a model as the server sends it."""

    id: str
    modelId: str
    number: int
    name: str
    description: str
    tags: List[str]
    hyperparameters: Dict[str, Any]
    config: Any
    records: List[DatasetRecord]
    published: bool
    publishedAt: Optional[str]
    publishedBy: Optional[str]
    createdAt: str
    createdBy: str
    updatedAt: str
    updatedBy: str
    formats: List[FormatData]


class ModelData(TypedDict):
    """A model as the server sends it."""

    id: str
    contextId: str
    name: str
    description: str
    tags: List[str]
    versionCount: int
    latestVersion: Optional[int]
    createdAt: str
    createdBy: str
    updatedAt: str
    updatedBy: str
