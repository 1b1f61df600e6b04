"""Test application code written for boto3 against the simulated cloud (``iacsim.sim``).

``mock_aws`` answers every boto3/botocore call made inside it from a simulated :class:`iacsim.sim.Cloud`
that enforces key policies, IAM and grants; see docs/testing-boto3.md. ``cloud_from`` builds that cloud from
your own Terraform/CloudFormation, as ``iacsim plan`` does (:mod:`iacsim.testing.infra`). Names are imported
on first use, so ``import iacsim.testing`` (and the pytest plugin) costs nothing and needs no boto3 until a
mock starts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iacsim.testing.errors import NotSimulated
    from iacsim.testing.infra import Infrastructure, InfrastructureError, cloud_from
    from iacsim.testing.mock import MockAws, acting_as, current_cloud, mock_aws
    from iacsim.testing.principals import Acting, UnknownPrincipal

__all__ = ["Acting", "Infrastructure", "InfrastructureError", "MockAws", "NotSimulated", "UnknownPrincipal",
           "acting_as", "cloud_from", "current_cloud", "mock_aws"]

_HOME = {"NotSimulated": "errors", "MockAws": "mock", "acting_as": "mock", "current_cloud": "mock",
         "mock_aws": "mock", "Infrastructure": "infra", "InfrastructureError": "infra", "cloud_from": "infra",
         "Acting": "principals", "UnknownPrincipal": "principals"}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'iacsim.testing' has no attribute {name!r}")
    return getattr(importlib.import_module(f"iacsim.testing.{module}"), name)
