"""Simulated AWS (KMS, IAM, SSM, S3, EC2 images) with real cryptography and enforced policies.

    from iacsim.sim import Cloud, ClientError

    cloud = Cloud()
    kms = cloud.client("kms", region="us-east-1", account="111111111111")   # as the account root
    key = kms.create_key()["KeyMetadata"]

Clients are boto3-shaped (method and parameter names, response dictionaries,
``ClientError`` with ``response["Error"]["Code"]``). Every call is authorized
by :mod:`iacsim.policy`. See docs/sim.md.
"""

from iacsim.sim.authz import authorize, require, unchecked
from iacsim.sim.clock import SimClock
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import (
    AwsError,
    ClientError,
    CodedError,
    ParamValidationError,
    PermissionsUnknown,
    Undecidable,
    UnsupportedOperationError,
    UnsupportedParameterError,
)
from iacsim.sim.principal import Caller, Principal

__all__ = [
    "AwsError",
    "Caller",
    "ClientError",
    "Cloud",
    "CodedError",
    "ParamValidationError",
    "PermissionsUnknown",
    "Principal",
    "ServiceSpec",
    "SimClock",
    "Undecidable",
    "UnsupportedOperationError",
    "UnsupportedParameterError",
    "authorize",
    "register_service",
    "require",
    "unchecked",
]
