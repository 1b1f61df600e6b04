"""Databases that encrypt their storage with a KMS key: RDS/Aurora and DynamoDB.

RDS (Amazon RDS User Guide "Encrypting Amazon RDS resources",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html; "Working with DB
instance read replicas" → cross-Region read replicas,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html; "Copying a DB snapshot",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html): storage is encrypted
only when asked at creation (``storage_encrypted`` / ``StorageEncrypted``), with ``kms_key_id`` or the
AWS managed key ``aws/rds``. A KMS key is regional: a cross-Region read replica, a cross-Region
snapshot copy and replicated automated backups need a key of the destination Region.

DynamoDB (Amazon DynamoDB Developer Guide "Encryption at rest: usage notes",
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html, and
"Global tables security" → encryption): every table is encrypted, with the AWS owned key (default),
the AWS managed key ``aws/dynamodb`` or a customer managed key; each global table replica is
encrypted with a key of its own Region.

Terraform ``aws_db_instance``, ``aws_rds_cluster``, ``aws_rds_cluster_instance``,
``aws_db_snapshot_copy``, ``aws_db_cluster_snapshot_copy``,
``aws_db_instance_automated_backups_replication``, ``aws_dynamodb_table``,
``aws_dynamodb_table_replica``; CloudFormation ``AWS::RDS::DBInstance``, ``AWS::RDS::DBCluster``,
``AWS::DynamoDB::Table``, ``AWS::DynamoDB::GlobalTable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import Policy, ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.values import Unknown

RdsKind = Literal["instance", "cluster", "cluster_instance"]
DynamoEncryption = Literal["aws_owned", "aws_managed", "customer_managed"]


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


@dataclass(frozen=True)
class DynamoReplica:
    """One replica Region of a global table written inside the table (``replica`` block,
    ``Replicas[]``)."""

    region: str | Unknown
    """Replica Region."""
    kms_key: Ref | None = None
    """``kms_key_arn`` / ``SSESpecification.KMSMasterKeyId``: the key of the replica, in its own Region;
    None: the table's encryption type with that Region's key (``aws/dynamodb`` for the AWS managed key)."""


@dataclass(frozen=True, kw_only=True)
class DynamoTable(ServiceObject):
    """A DynamoDB table (``aws_dynamodb_table`` / ``AWS::DynamoDB::Table`` / ``AWS::DynamoDB::GlobalTable``)."""

    name: str | Unknown
    """Table name."""
    arn: Arn | Unknown
    """``arn:<p>:dynamodb:<region>:<account>:table/<name>``."""
    encryption: DynamoEncryption | Unknown = "aws_owned"
    """Encryption at rest: the AWS owned key (no ``server_side_encryption`` / ``enabled = false``), the AWS
    managed key ``aws/dynamodb`` (enabled without a key) or a customer managed key."""
    kms_key: Ref | None = None
    """``server_side_encryption.kms_key_arn`` / ``SSESpecification.KMSMasterKeyId`` (for a global table: the
    key of the replica in the table's own Region)."""
    replicas: tuple[DynamoReplica, ...] | Unknown = ()
    """Replicas in other Regions (``replica`` blocks, GlobalTable ``Replicas`` other than the table's Region)."""
    global_table: bool = False
    """True for ``AWS::DynamoDB::GlobalTable`` (one resource for every replica, each naming its own key)."""
    tags: Tags = field(default_factory=dict)
    """Tags."""


@dataclass(frozen=True, kw_only=True)
class DynamoTableReplica(ServiceObject):
    """A global table replica managed on its own (``aws_dynamodb_table_replica``), placed in its Region."""

    global_table: Ref
    """``global_table_arn``: ARN of the table in its primary Region."""
    kms_key: Ref | None = None
    """``kms_key_arn``: the replica's key, in the replica's Region."""


@dataclass(frozen=True, kw_only=True)
class DynamoResourcePolicy(ServiceObject):
    """A resource-based policy on a DynamoDB table or stream (``aws_dynamodb_resource_policy`` /
    ``AWS::DynamoDB::Table`` ``ResourcePolicy``)."""

    resource: Ref
    """ARN of the table or stream (``resource_arn``), or a reference to the table."""
    policy: Policy | None
    """The policy document."""
