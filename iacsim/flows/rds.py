"""``service-encryption`` for RDS/Aurora: databases, read replicas, replicated backups and snapshot copies.

Databases are created by the deployer (flows/deployer.py) with the KMS calls RDS documents
(:mod:`iacsim.sim.kms.storage_services`); a cross-Region read replica, replicated backups and a snapshot copy are
created in their own Region after their source, which is how a key from the wrong Region, or one whose
policy does not admit the creator, shows. Run by :class:`~iacsim.flows.datastores.DatastoreEncryptionFlow`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowStep
from iacsim.flows.base import FlowOutcome
from iacsim.flows.clients import RdsClient, client
from iacsim.flows.datastore_replay import (
    ACCOUNT,
    KIND,
    DatastoreReplay,
    Scenario,
    ScenarioUnknown,
    ident,
    outcome,
)
from iacsim.flows.unknown import unknown
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.rds import RdsBackupReplication, RdsDatabase, RdsSnapshotCopy
from iacsim.rules.rds.flow import DatabaseKeyUnusable
from iacsim.sim.audit import paused


def scenarios(world: World) -> list[Scenario]:
    found: list[Scenario] = []
    for db in world.of_type(RdsDatabase):
        if db.db_type != "cluster_instance" and (db.replicate_source is not None or db.kms_key is not None
                                                 or db.storage_encrypted is True):
            found.append((db, partial(_database, db)))
    for backups in world.of_type(RdsBackupReplication):
        found.append((backups, partial(_backups, backups)))
    for copy in world.of_type(RdsSnapshotCopy):
        if copy.kms_key is not None:
            found.append((copy, partial(_snapshot_copy, copy)))
    return found


def _fix(obj: ModelObject, region: str) -> str:
    return (f"let account {obj.account}'s principals use the key for RDS: key policy statement allowing "
            f"kms:CreateGrant and kms:DescribeKey (condition kms:ViaService = rds.{region}.amazonaws.com), "
            f"with a key of {region}")


def _create_db(r: DatastoreReplay, db: RdsDatabase) -> tuple[list[FlowStep], str | None]:
    """Create a non-replica database; (steps, its simulated ARN or None when it failed)."""
    if db.address in r.created:
        return [], r.created[db.address]
    rds = client(r.cloud, RdsClient, region=db.region, account=db.account)
    identifier = r.name("rds", db, db.name)
    encrypted = db.storage_encrypted is True or db.kms_key is not None
    key = r.key(db.kms_key, db) if encrypted else None
    args: dict[str, Any] = {"StorageEncrypted": encrypted, **({"KmsKeyId": key} if key else {})}
    cluster = db.db_type == "cluster"
    action = "rds:CreateDBCluster" if cluster else "rds:CreateDBInstance"

    def make(who: str) -> Callable[[], dict[str, Any]]:
        as_who = client(r.cloud, RdsClient, region=db.region, principal=who)
        if cluster:
            return partial(as_who.create_db_cluster, DBClusterIdentifier=identifier, **args)
        return partial(as_who.create_db_instance, DBInstanceIdentifier=identifier, **args)

    steps, out = r.deployer_step(
        db, action, db.address, make,
        f"created {'with ' + key if key else 'encrypted with aws/rds' if encrypted else 'unencrypted'}",
        [rds.kms_steps], create=True)
    if out is None:
        return steps, None
    arn = out.get("DBInstance", out.get("DBCluster", {}))
    made: str = arn.get("DBInstanceArn") or arn.get("DBClusterArn")
    r.created[db.address] = made
    return steps, made


def _database(db: RdsDatabase, r: DatastoreReplay) -> FlowOutcome:
    world = r.world
    name = f"{db.address}: RDS storage encryption"
    if db.replicate_source is None:
        steps, _ = _create_db(r, db)
        rule = None if r.wrong_region(db.kms_key, db) else DatabaseKeyUnusable
        return outcome(db, name, steps, rule, _fix(db, db.region))
    source = world.find_service(RdsDatabase, db.replicate_source, account=db.account, region=db.region)
    if source is None or source.replicate_source is not None or source.db_type != db.db_type:
        raise ScenarioUnknown(f"the replica's source {db.replicate_source if isinstance(db.replicate_source, str) else 'database'} "
                              "is not a database defined in the scan")
    if not ACCOUNT.match(source.account) or source.region in ("unknown", "global"):
        raise ScenarioUnknown(f"the Region of the source {source.address} is not known statically")
    steps, source_arn = _create_db(r, source)
    if source_arn is None:
        return unknown(KIND, name, r.deployer(db).arn, "rds:CreateDBInstanceReadReplica", db.address,
                       f"its source {source.address} could not be created", before=steps)
    key = r.key(db.kms_key, db)
    rds = client(r.cloud, RdsClient, region=db.region, account=db.account)
    identifier = r.name("rds", db, db.name)
    cluster = db.db_type == "cluster"
    action = "rds:CreateDBCluster" if cluster else "rds:CreateDBInstanceReadReplica"

    def make(who: str) -> Callable[[], dict[str, Any]]:
        as_who = client(r.cloud, RdsClient, region=db.region, principal=who)
        if cluster:
            encryption: dict[str, Any] = {"KmsKeyId": key, "StorageEncrypted": True} if key else {}
            return partial(as_who.create_db_cluster, DBClusterIdentifier=identifier,
                           ReplicationSourceIdentifier=source_arn, **encryption)
        return partial(as_who.create_db_instance_read_replica, DBInstanceIdentifier=identifier,
                       SourceDBInstanceIdentifier=source_arn, **({"KmsKeyId": key} if key else {}))

    # the replica needs its source to exist, not to have been made by a principal the scan knows
    more, _ = r.deployer_step(db, action, db.address, make,
                              f"read replica created in {db.region} from {source.address} ({source.region})",
                              [rds.kms_steps], independent=True)
    # a wrong-Region key or an encrypted/unencrypted mismatch is an apply-time finding (RDS001/RDS003)
    mismatch = any(s.error_code == "InvalidParameterCombination" for s in more)
    rule = None if mismatch or r.wrong_region(db.kms_key, db) else DatabaseKeyUnusable
    return outcome(db, name, steps + more, rule, _fix(db, db.region))


def _backups(backups: RdsBackupReplication, r: DatastoreReplay) -> FlowOutcome:
    name = f"{backups.address}: replicated RDS backups encryption"
    source = r.world.find_service(RdsDatabase, backups.source_db)
    if source is None or source.db_type != "instance" or source.replicate_source is not None:
        raise ScenarioUnknown("the source DB instance is not defined in the scan")
    steps, source_arn = _create_db(r, source)
    if source_arn is None:
        raise ScenarioUnknown(f"its source {source.address} could not be created")
    key = r.key(backups.kms_key, backups)
    rds = client(r.cloud, RdsClient, region=backups.region, account=backups.account)
    destination_key: dict[str, Any] = {"KmsKeyId": key} if key else {}
    more, _ = r.deployer_step(
        backups, "rds:StartDBInstanceAutomatedBackupsReplication", backups.address, lambda who: partial(
            client(r.cloud, RdsClient, region=backups.region, principal=who)
            .start_db_instance_automated_backups_replication, SourceDBInstanceArn=source_arn, **destination_key),
        f"backups of {source.address} replicated to {backups.region}", [rds.kms_steps], independent=True)
    rule = None if r.wrong_region(backups.kms_key, backups) else DatabaseKeyUnusable
    if any(s.error_code == "InvalidParameterValue" for s in more):
        rule = None  # a missing destination key is RDS001's finding
    return outcome(backups, name, steps + more, rule, _fix(backups, backups.region))


def _snapshot_copy(copy: RdsSnapshotCopy, r: DatastoreReplay) -> FlowOutcome:
    name = f"{copy.address}: RDS snapshot copy encryption"
    source = copy.source_snapshot
    if not isinstance(source, str):
        raise ScenarioUnknown("the source snapshot is not known statically")
    source_arn = Arn.parse(source)
    source_region = source_arn.region if source_arn is not None else copy.region
    source_account = source_arn.account if source_arn is not None else copy.account
    if not ACCOUNT.match(source_account):
        raise ScenarioUnknown("the source snapshot's account is not known statically")
    key = r.key(copy.kms_key, copy)
    # The source snapshot is outside the scan: a stand-in encrypted with the source account's aws/rds
    # (a key is named for the copy, so the source is taken to be encrypted).
    with paused():
        stand_in = client(r.cloud, RdsClient, region=source_region, account=source_account)
        db_id = ident(f"src-{copy.address}", copy.address)
        stand_in.create_db_instance(DBInstanceIdentifier=db_id, StorageEncrypted=True)
        snap = stand_in.create_db_snapshot(DBSnapshotIdentifier=db_id, DBInstanceIdentifier=db_id)
    rds = client(r.cloud, RdsClient, region=copy.region, account=copy.account)
    target = r.name("rds-snapshot", copy, copy.name)
    steps, _ = r.deployer_step(
        copy, "rds:CopyDBSnapshot", copy.address, lambda who: partial(
            client(r.cloud, RdsClient, region=copy.region, principal=who).copy_db_snapshot,
            SourceDBSnapshotIdentifier=snap["DBSnapshot"]["DBSnapshotArn"], TargetDBSnapshotIdentifier=target,
            **({"KmsKeyId": key} if key else {})),
        f"snapshot copied into {copy.region} (the source snapshot is outside the scan: an encrypted stand-in)",
        [rds.kms_steps])
    rule = None if r.wrong_region(copy.kms_key, copy) else DatabaseKeyUnusable
    return outcome(copy, name, steps, rule, _fix(copy, copy.region))
