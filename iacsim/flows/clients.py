"""Typed simulated clients for the flows.

``Cloud.client`` returns ``Any`` (it picks the client class from a service name, moto style), so a flow
asks for the client *class* instead and mypy checks every call against its boto3-shaped signature. The
simulator's client classes are imported here only: a move of the simulator's modules touches one file
of the flows.
"""

from __future__ import annotations

from typing import TypeVar

from iacsim.sim import Caller, Cloud
from iacsim.sim.client import BaseClient
from iacsim.sim.cloud import DEFAULT_REGION
from iacsim.sim.cloudtrail.client import CloudTrailClient
from iacsim.sim.dynamodb.client import DynamoDbClient
from iacsim.sim.ec2.client import Ec2Client
from iacsim.sim.ecs.client import EcsClient
from iacsim.sim.efs.client import EfsClient
from iacsim.sim.iam.client import IamClient
from iacsim.sim.kms.client import KmsClient
from iacsim.sim.lambda_.client import LambdaClient
from iacsim.sim.logs.client import LogsClient
from iacsim.sim.rds.client import RdsClient
from iacsim.sim.s3.client import S3Client
from iacsim.sim.secretsmanager.client import SecretsManagerClient
from iacsim.sim.sns.client import SnsClient
from iacsim.sim.sqs.client import SqsClient
from iacsim.sim.ssm.client import SsmClient

__all__ = [
    "CloudTrailClient", "DynamoDbClient", "Ec2Client", "EcsClient", "EfsClient", "IamClient", "KmsClient",
    "LambdaClient", "LogsClient", "RdsClient", "S3Client", "SecretsManagerClient", "SnsClient", "SqsClient",
    "SsmClient", "client", "client_for",
]

C = TypeVar("C", bound=BaseClient)

_BOTO3_NAME: dict[type[BaseClient], str] = {EfsClient: "efs"}
"""Clients whose boto3 service name is not their ``service_name`` (EFS's is its CloudTrail event source,
``elasticfilesystem``)."""


def _service(kind: type[BaseClient]) -> str:
    return _BOTO3_NAME.get(kind, kind.service_name)


def client(cloud: Cloud, kind: type[C], region: str = DEFAULT_REGION, *, account: str | None = None,
           principal: str | None = None) -> C:
    """``cloud.client(<kind's service>, region, account=…, principal=…)``, typed."""
    return _checked(cloud.client(_service(kind), region=region, account=account, principal=principal), kind)


def client_for(cloud: Cloud, kind: type[C], region: str, caller: Caller) -> C:
    """``cloud.client_for(<kind's service>, region, caller)``, typed (a service acting for someone)."""
    return _checked(cloud.client_for(_service(kind), region, caller), kind)


def _checked(made: object, kind: type[C]) -> C:
    if not isinstance(made, kind):
        raise TypeError(f"{kind.service_name} clients are {type(made).__name__}, not {kind.__name__}")
    return made
