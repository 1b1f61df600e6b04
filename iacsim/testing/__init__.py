"""Test application code written for boto3 against the simulated cloud (``iacsim.sim``).

``mock_aws`` answers every boto3/botocore call made inside it from a simulated :class:`iacsim.sim.Cloud`
that enforces key policies, IAM and grants; see docs/testing-boto3.md. Names are imported on first use, so
``import iacsim.testing`` (and the pytest plugin) costs nothing and needs no boto3 until a mock starts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iacsim.testing.errors import NotSimulated
    from iacsim.testing.mock import MockAws, acting_as, current_cloud, mock_aws

__all__ = ["MockAws", "NotSimulated", "acting_as", "current_cloud", "mock_aws"]

_HOME = {"NotSimulated": "errors", "MockAws": "mock", "acting_as": "mock", "current_cloud": "mock",
         "mock_aws": "mock"}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'iacsim.testing' has no attribute {name!r}")
    return getattr(importlib.import_module(f"iacsim.testing.{module}"), name)
