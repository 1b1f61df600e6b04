"""RDS/Aurora databases, snapshot copies and backup replication that encrypt storage with a KMS key.

RDS (Amazon RDS User Guide "Encrypting Amazon RDS resources",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html; "Working with DB
instance read replicas" → cross-Region read replicas,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html; "Copying a DB snapshot",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html): storage is encrypted
only when asked at creation (``storage_encrypted`` / ``StorageEncrypted``), with ``kms_key_id`` or the
AWS managed key ``aws/rds``. A KMS key is regional: a cross-Region read replica, a cross-Region
snapshot copy and replicated automated backups need a key of the destination Region.

Terraform ``aws_db_instance``, ``aws_rds_cluster``, ``aws_rds_cluster_instance``,
``aws_db_snapshot_copy``, ``aws_db_cluster_snapshot_copy``,
``aws_db_instance_automated_backups_replication``; CloudFormation ``AWS::RDS::DBInstance``,
``AWS::RDS::DBCluster``. DocumentDB (``aws_docdb_cluster`` / ``AWS::DocDB::DBCluster``) and Neptune
(``aws_neptune_cluster`` / ``AWS::Neptune::DBCluster``) clusters share the model: the same opt-in
``StorageEncrypted`` and ``KmsKeyId`` at creation, RDS ARNs and ``rds.<region>`` key use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.values import Unknown

RdsKind = Literal["instance", "cluster", "cluster_instance"]


@dataclass(frozen=True, kw_only=True)
class RdsDatabase(ServiceObject):
    """An RDS DB instance, an Aurora/Multi-AZ DB cluster or an Aurora cluster instance."""

    db_type: RdsKind
    """``instance`` (``aws_db_instance`` / ``AWS::RDS::DBInstance`` without ``DBClusterIdentifier``),
    ``cluster`` (``aws_rds_cluster`` / ``AWS::RDS::DBCluster``) or ``cluster_instance``
    (``aws_rds_cluster_instance``, or a DBInstance with ``DBClusterIdentifier``: storage belongs to the
    cluster)."""
    name: str | Unknown
    """DB instance or cluster identifier (Unknown when generated)."""
    arn: Arn | Unknown
    """``arn:<p>:rds:<region>:<account>:db:<id>`` or ``…:cluster:<id>``."""
    engine: str | Unknown | None = None
    """Engine (``postgres``, ``aurora-mysql``…)."""
    storage_encrypted: bool | Unknown | None = None
    """``storage_encrypted`` / ``StorageEncrypted`` as written; None when not written (RDS default:
    not encrypted, except a replica, which inherits its source's encryption)."""
    kms_key: Ref | None = None
    """``kms_key_id`` / ``KmsKeyId``; None: ``aws/rds`` when encrypted, or the source's key for a
    replica in the source's Region."""
    replicate_source: Ref | None = None
    """For a read replica: ``replicate_source_db`` / ``SourceDBInstanceIdentifier`` (instances),
    ``replication_source_identifier`` / ``ReplicationSourceIdentifier`` (clusters): an identifier in
    the same Region or an ARN in another."""
    cluster: Ref | None = None
    """For a cluster instance: the cluster identifier."""
    inherits_from: Ref | None = None
    """What the storage's encryption comes from instead of ``storage_encrypted``: the snapshot restored
    (``snapshot_identifier`` / ``DBSnapshotIdentifier`` / ``SnapshotIdentifier``), the source of a
    point-in-time restore, or the global cluster a secondary cluster joins (``global_cluster_identifier``)."""
    engine_mode: str | Unknown | None = None
    """Aurora ``engine_mode`` / ``EngineMode`` (``serverless`` v1 clusters are always encrypted)."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    @property
    def is_replica(self) -> bool:
        return self.replicate_source is not None


@dataclass(frozen=True, kw_only=True)
class RdsSnapshotCopy(ServiceObject):
    """A copy of a DB or cluster snapshot (``aws_db_snapshot_copy``, ``aws_db_cluster_snapshot_copy``),
    placed in the Region the copy is made in (``destination_region`` when given)."""

    name: str | Unknown
    """Target snapshot identifier."""
    source_snapshot: Ref
    """Source snapshot identifier or ARN (an ARN for a cross-Region copy)."""
    kms_key: Ref | None = None
    """``kms_key_id``: the key of the copy, which must be in the copy's Region."""
    cluster: bool = False
    """True for a cluster snapshot copy."""


@dataclass(frozen=True, kw_only=True)
class RdsBackupReplication(ServiceObject):
    """Replication of a DB instance's automated backups into this Region
    (``aws_db_instance_automated_backups_replication``)."""

    source_db: Ref
    """ARN of the source DB instance (in another Region)."""
    kms_key: Ref | None = None
    """``kms_key_id``: the key of the replicated backups, in this (the destination) Region; required
    when the source is encrypted."""
