"""Python SDK for Modelry, an open-source model registry.

>>> from modelry import Context
>>> c = Context()                      # MODELRY_URL, MODELRY_TOKEN, MODELRY_CONTEXT
>>> m = c.model(); m.create(name="churn")
>>> v = m.version(); v.create()
>>> mvf = c.model_version_format(model=m.id, version=v.id, id="pkl")
>>> mvf.upload(pickle.dumps(my_model))

Errors are :mod:`modelry.errors` exceptions carrying ``status``, ``detail`` and ``field``.
"""

from . import errors
from ._api import UNSET
from ._http import BLOCK_SIZE, Progress
from ._types import DatasetRecord, FormatData, ModelData, VersionData
from ._version import __version__
from .context import DEFAULT_CONTEXT, DEFAULT_URL, Context
from .format import ModelVersionFormat
from .model import Model
from .version import Version

__all__ = [
    "BLOCK_SIZE",
    "DEFAULT_CONTEXT",
    "DEFAULT_URL",
    "UNSET",
    "Context",
    "DatasetRecord",
    "FormatData",
    "Model",
    "ModelData",
    "ModelVersionFormat",
    "Progress",
    "Version",
    "VersionData",
    "__version__",
    "errors",
]
