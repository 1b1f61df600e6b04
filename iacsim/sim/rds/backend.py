"""State of the simulated RDS in one account+Region: DB instances, clusters and snapshots.

Only what encryption needs is kept: identifiers, ARNs, whether storage is encrypted, the key and the
sealed data key (never plaintext), and the KMS trace of the last creation request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.sim.kms.storage_services import SealedKey
from iacsim.sim.rds.errors import DBInstanceNotFound, DBSnapshotNotFound
from iacsim.sim.trace import TraceStep

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


@dataclass
class Storage:
    """An RDS resource with storage: a DB instance, a cluster or a snapshot."""

    identifier: str
    arn: str
    kind: str
    """``db``, ``cluster``, ``snapshot`` or ``cluster-snapshot`` (the ARN resource type)."""
    encrypted: bool
    key_arn: str | None = None
    sealed: SealedKey | None = field(default=None, repr=False)
    source: str | None = None
    """For a read replica or snapshot copy: the source's ARN."""

    def shape(self) -> dict[str, Any]:
        out: dict[str, Any] = {"StorageEncrypted": self.encrypted}
        if self.kind == "db":
            out.update(DBInstanceIdentifier=self.identifier, DBInstanceArn=self.arn, DBInstanceStatus="available")
            if self.source:
                out["ReadReplicaSourceDBInstanceIdentifier"] = self.source
        elif self.kind == "cluster":
            out.update(DBClusterIdentifier=self.identifier, DBClusterArn=self.arn, Status="available")
        else:
            out = {"DBSnapshotIdentifier": self.identifier, "DBSnapshotArn": self.arn, "Encrypted": self.encrypted,
                   "Status": "available"}
            if self.source:
                out["SourceDBSnapshotIdentifier"] = self.source
        if self.key_arn:
            out["KmsKeyId"] = self.key_arn
        return out


class RdsBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.instances: dict[str, Storage] = {}
        self.clusters: dict[str, Storage] = {}
        self.snapshots: dict[str, Storage] = {}
        self.backup_replications: dict[str, Storage] = {}
        self.last_kms_steps: tuple[TraceStep, ...] = ()
        """The KMS calls of the last create/copy/replicate request in this account+Region."""

    def arn(self, kind: str, identifier: str) -> str:
        return str(Arn(self.cloud.partition, "rds", self.region, self.account, f"{kind}:{identifier}"))

    def instance(self, identifier: str) -> Storage:
        found = self.instances.get(identifier)
        if found is None:
            raise DBInstanceNotFound(f"DBInstance {identifier} not found.")
        return found

    def snapshot(self, identifier: str) -> Storage:
        found = self.snapshots.get(identifier)
        if found is None:
            raise DBSnapshotNotFound(f"DBSnapshot {identifier} not found.")
        return found
