"""RDS/Aurora storage encryption: keys in the right Region, flags that go together, replicas like sources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.aws.arn import Arn
from iacsim.model import World
from iacsim.model.rds import RdsBackupReplication, RdsDatabase, RdsSnapshotCopy
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.rds.keys import describe, wrong_region


def replica_source(world: World, db: RdsDatabase) -> tuple[RdsDatabase | None, str | None]:
    """The source of a read replica (when in the scan) and its Region (when known)."""
    source = world.find_service(RdsDatabase, db.replicate_source, account=db.account, region=db.region)
    if source is not None:
        return source, source.region
    ref = db.replicate_source
    if isinstance(ref, str):
        arn = Arn.parse(ref)
        if arn is not None:
            return None, arn.region
        return None, db.region  # a bare identifier names a database of the replica's own Region
    return None, None


def source_encrypted(world: World, db: RdsDatabase) -> bool | None:
    """Whether a database's storage is encrypted, following replicas to their source (None: not known)."""
    seen: set[str] = set()
    current: RdsDatabase | None = db
    while current is not None and current.address not in seen:
        seen.add(current.address)
        if current.replicate_source is None:
            value = current.storage_encrypted
            if value is None and current.inherits_from is not None:
                return None  # restored: encrypted as its snapshot or source was
            if value is None:
                return False  # RDS's default: not encrypted
            return value if isinstance(value, bool) else None
        current, _ = replica_source(world, current)
    return None


class RdsKeyOutsideRegion(Rule):
    """An RDS database, read replica, snapshot copy or replicated backup names a KMS key of another Region.

    What it does:
        Compares the Region of ``kms_key_id``/``KmsKeyId`` (the key in the scan, or the Region in its ARN)
        with the Region the database, replica, snapshot copy (``destination_region``) or automated-backups
        replication is created in. Also flags a cross-Region read replica or backups replication of an
        encrypted source that names no key of the destination Region.
    Why it matters:
        "KMS keys are specific to the AWS Region that they are created in, and you can't use KMS keys from
        one AWS Region in another AWS Region": CreateDBInstanceReadReplica, CopyDBSnapshot and
        StartDBInstanceAutomatedBackupsReplication fail with the source Region's key, and a cross-Region
        encrypted replica without ``KmsKeyId`` is rejected. For a multi-Region key, name the replica key
        of the destination Region.
    Example:
        resource "aws_db_instance" "replica" {
          provider            = aws.west
          replicate_source_db = aws_db_instance.primary.arn
          kms_key_id          = aws_kms_key.db.arn   # a us-east-1 key
        }
    Fix:
        Create a key in the destination Region (or an ``aws_kms_replica_key`` of a multi-Region key) and
        name its ARN in ``kms_key_id``.
    References:
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html
        https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
    """

    id = "RDS001"
    name = "rds-key-outside-region"
    summary = "RDS key not in the Region of the database, replica or snapshot copy"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        world = ctx.world
        fix_tf = "kms_key_id = <ARN of a key in {region}> (aws_kms_key or aws_kms_replica_key there)"
        fix_cfn = "KmsKeyId: <ARN of a key in {region}>"
        for db in world.of_type(RdsDatabase):
            if db.db_type == "cluster_instance":
                continue
            other = wrong_region(world, db.kms_key, db)
            if other is not None:
                yield Hit(db, f"KMS key {describe(db.kms_key)} is in {other}, but the database is created in "
                              f"{db.region}; RDS can only use a key of the database's Region",
                          fix=fix_for(db, fix_tf.format(region=db.region), fix_cfn.format(region=db.region)))
                continue
            if db.replicate_source is None or db.kms_key is not None:
                continue
            source, source_region = replica_source(world, db)
            if source_region is not None and source_region != db.region and source is not None \
                    and source_encrypted(world, source) is True:
                yield Hit(db, f"cross-Region read replica of the encrypted {source.address} ({source_region}) "
                              f"names no KMS key of {db.region}",
                          fix=fix_for(db, fix_tf.format(region=db.region), fix_cfn.format(region=db.region)))
        for copy in world.of_type(RdsSnapshotCopy):
            other = wrong_region(world, copy.kms_key, copy)
            if other is not None:
                yield Hit(copy, f"KMS key {describe(copy.kms_key)} is in {other}, but the snapshot copy is made in "
                                f"{copy.region}; a copy must be encrypted with a key of its destination Region",
                          fix=fix_tf.format(region=copy.region))
        for backups in world.of_type(RdsBackupReplication):
            other = wrong_region(world, backups.kms_key, backups)
            if other is not None:
                yield Hit(backups, f"KMS key {describe(backups.kms_key)} is in {other}, but the backups are "
                                   f"replicated to {backups.region}",
                          fix=fix_tf.format(region=backups.region))
                continue
            source = world.find_service(RdsDatabase, backups.source_db)
            if backups.kms_key is None and source is not None and source_encrypted(world, source) is True:
                yield Hit(backups, f"the source {source.address} is encrypted, but no KMS key of {backups.region} "
                                   "is named for its replicated backups",
                          fix=fix_tf.format(region=backups.region))


class RdsKeyWithoutStorageEncrypted(Rule):
    """An RDS DB instance or cluster names a KMS key but does not turn on storage encryption.

    What it does:
        Flags ``kms_key_id``/``KmsKeyId`` on a DB instance or cluster (not a read replica, whose
        encryption is inherited) without ``storage_encrypted``/``StorageEncrypted`` = true.
    Why it matters:
        CloudFormation: "If you specify the KmsKeyId property, then you must enable encryption by setting
        the StorageEncrypted property to true"; the Terraform provider: "When specifying kms_key_id,
        storage_encrypted needs to be set to true". RDS rejects the combination (the default is
        unencrypted), and encryption cannot be turned on after creation.
    Example:
        resource "aws_rds_cluster" "c" {
          engine     = "aurora-postgresql"
          kms_key_id = aws_kms_key.db.arn
        }
    Fix:
        Add ``storage_encrypted = true`` (``StorageEncrypted: true``).
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
    """

    id = "RDS002"
    name = "rds-key-without-storage-encrypted"
    summary = "RDS kms_key_id without storage_encrypted"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for db in ctx.world.of_type(RdsDatabase):
            if db.db_type == "cluster_instance" or db.replicate_source is not None or db.kms_key is None \
                    or db.inherits_from is not None:
                continue
            if db.storage_encrypted is None or db.storage_encrypted is False:
                yield Hit(db, "kms_key_id is set but storage encryption is not turned on",
                          fix=fix_for(db, "storage_encrypted = true", "StorageEncrypted: true"))


class RdsReplicaEncryptionMismatch(Rule):
    """A read replica is meant to be encrypted while its source is not (or the other way round).

    What it does:
        For read replicas whose source is in the scan, compares the source's storage encryption with the
        replica's: a key or ``storage_encrypted = true`` on the replica of an unencrypted source, or
        ``storage_encrypted = false`` on the replica of an encrypted one.
    Why it matters:
        "You can't have an encrypted read replica of an unencrypted DB instance or an unencrypted read
        replica of an encrypted DB instance" (Amazon RDS encryption limitations): the replica's creation
        fails.
    Example:
        resource "aws_db_instance" "primary" { identifier = "orders" }   # not encrypted
        resource "aws_db_instance" "replica" {
          replicate_source_db = aws_db_instance.primary.arn
          kms_key_id          = aws_kms_key.west.arn
        }
    Fix:
        Encrypt the source first (snapshot, copy the snapshot with a key, restore, then replicate), or
        drop the key from the replica.
    References:
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
        https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
    """

    id = "RDS003"
    name = "rds-replica-encryption-mismatch"
    summary = "Encrypted read replica of an unencrypted source, or the reverse"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for db in ctx.world.of_type(RdsDatabase):
            if db.replicate_source is None:
                continue
            source, _ = replica_source(ctx.world, db)
            if source is None:
                continue
            encrypted = source_encrypted(ctx.world, source)
            wants = db.storage_encrypted is True or db.kms_key is not None
            if encrypted is False and wants:
                yield Hit(db, f"the replica is encrypted but its source {source.address} is not; RDS cannot "
                              "create an encrypted read replica of an unencrypted database",
                          fix=fix_for(db, f"remove kms_key_id/storage_encrypted, or encrypt {source.address} first",
                                      f"remove KmsKeyId/StorageEncrypted, or encrypt {source.address} first"))
            elif encrypted is True and db.storage_encrypted is False:
                yield Hit(db, f"the replica sets storage_encrypted = false but its source {source.address} is "
                              "encrypted; a replica of an encrypted database is always encrypted",
                          fix=fix_for(db, "remove storage_encrypted = false", "remove StorageEncrypted: false"))


class RdsStorageNotEncrypted(Rule):
    """An RDS DB instance or cluster (DocumentDB and Neptune clusters included) stores its data unencrypted.

    What it does:
        Flags DB instances and clusters (``aws_db_instance``, ``aws_rds_cluster``, ``aws_docdb_cluster``,
        ``aws_neptune_cluster`` and their CloudFormation types) without
        ``storage_encrypted = true``/``StorageEncrypted: true``, which all of them default to false; read
        replicas, cluster members, databases restored from a snapshot or point in time, secondary clusters of
        a global database (encryption comes from elsewhere) and Aurora Serverless v1 (always encrypted) are
        left out.
    Why it matters:
        Unencrypted storage leaves data, automated backups, snapshots and replicas unencrypted; "you can
        only enable encryption for an Amazon RDS DB instance when you create it, not after it is created" —
        fixing it later means snapshot, encrypted copy and restore (downtime). Peers: Checkov CKV_AWS_16
        (instances), CKV_AWS_96 (Aurora clusters), CKV_AWS_74 (DocumentDB), CKV_AWS_44 (Neptune); Trivy
        AVD-AWS-0080 (instances), AVD-AWS-0079 (clusters), AVD-AWS-0021 (DocumentDB), AVD-AWS-0076 (Neptune).
    Example:
        resource "aws_db_instance" "db" { engine = "postgres" }
    Fix:
        ``storage_encrypted = true`` (and ``kms_key_id`` for a customer managed key).
    References:
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
        https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.html
    """

    id = "RDS201"
    name = "rds-storage-not-encrypted"
    summary = "RDS storage not encrypted"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_16", "CKV_AWS_96", "CKV_AWS_74", "CKV_AWS_44", "AVD-AWS-0080",
                                        "AVD-AWS-0079", "AVD-AWS-0021", "AVD-AWS-0076")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for db in ctx.world.of_type(RdsDatabase):
            if db.db_type == "cluster_instance" or db.replicate_source is not None or db.inherits_from is not None:
                continue  # encryption follows the source, the cluster, the snapshot or the global cluster
            if db.engine_mode == "serverless":
                continue  # "An Aurora Serverless v1 DB cluster is always encrypted"
            if (db.storage_encrypted is None or db.storage_encrypted is False) and db.kms_key is None:
                yield Hit(db, "the database's storage is not encrypted, and encryption cannot be turned on later",
                          fix=fix_for(db, "storage_encrypted = true", "StorageEncrypted: true"))
