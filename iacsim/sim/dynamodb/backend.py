"""State of the simulated DynamoDB in one account+Region: tables with their encryption and replicas."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.sim.errors import ResourceNotFoundException
from iacsim.sim.kms.storage_services import SealedKey
from iacsim.sim.trace import TraceStep

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


@dataclass
class Table:
    name: str
    arn: str
    sse_type: str | None
    """None: the AWS owned key; ``KMS``: the AWS managed key ``aws/dynamodb`` or a customer managed key."""
    key_arn: str | None = None
    sealed: SealedKey | None = field(default=None, repr=False)
    replicas: dict[str, str | None] = field(default_factory=dict)
    """Replica Region → its key ARN (None for the AWS owned key)."""

    def shape(self) -> dict[str, Any]:
        out: dict[str, Any] = {"TableName": self.name, "TableArn": self.arn, "TableStatus": "ACTIVE"}
        if self.sse_type is not None:
            out["SSEDescription"] = {"Status": "ENABLED", "SSEType": self.sse_type, "KMSMasterKeyArn": self.key_arn}
        if self.replicas:
            out["Replicas"] = [{"RegionName": r, "ReplicaStatus": "ACTIVE",
                                **({"KMSMasterKeyId": k} if k else {})} for r, k in self.replicas.items()]
        return out


class DynamoDbBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.tables: dict[str, Table] = {}
        self.last_kms_steps: tuple[TraceStep, ...] = ()
        """The KMS calls of the last CreateTable/UpdateTable request in this account+Region."""

    def arn(self, name: str) -> str:
        return str(Arn(self.cloud.partition, "dynamodb", self.region, self.account, f"table/{name}"))

    def table(self, name: str) -> Table:
        found = self.tables.get(name)
        if found is None:
            raise ResourceNotFoundException(f"Requested resource not found: Table: {name} not found")
        return found
