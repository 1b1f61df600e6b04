"""CloudFormation RDS resources → :class:`iacsim.model.rds.RdsDatabase`.

AWS CloudFormation User Guide ``AWS::RDS::DBInstance`` (``StorageEncrypted``: "If you specify the
KmsKeyId property, then you must enable encryption by setting StorageEncrypted to true";
``SourceDBInstanceIdentifier`` for read replicas — an ARN for a cross-Region replica, whose
``KmsKeyId`` must be a key of the destination Region — or, with ``RestoreTime``/``UseLatestRestorableTime``,
for a point-in-time restore; ``DBSnapshotIdentifier`` restores; ``DBClusterIdentifier`` for Aurora instances)
and ``AWS::RDS::DBCluster`` (``StorageEncrypted``, ``KmsKeyId``, ``ReplicationSourceIdentifier``), whose
model ``AWS::DocDB::DBCluster`` and ``AWS::Neptune::DBCluster`` share.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.rds import RdsDatabase
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import get_bool, get_str, placement_fields, tags
from iacsim.model.translate.cloudformation.common import deploy_time, first
from iacsim.model.translate.terraform.rds import rds_arn

_ENGINES = {"AWS::DocDB::DBCluster": "docdb", "AWS::Neptune::DBCluster": "neptune"}
"""DocumentDB and Neptune clusters share RDS's cluster model (``StorageEncrypted``, default false, and
``KmsKeyId`` at creation; their ARNs are ``arn:<p>:rds:…:cluster:<id>``): AWS CloudFormation User Guide
``AWS::DocDB::DBCluster`` and ``AWS::Neptune::DBCluster``."""


@translates("AWS::RDS::DBInstance", attrs={
    "arn": "DBInstanceArn",
    "engine": "Engine",
    "storage_encrypted": "StorageEncrypted",
    "kms_key": "KmsKeyId",
    "inherits_from": "DBSnapshotIdentifier",
    "tags": "Tags",
})
def db_instance(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = first(get_str(a, "DBInstanceIdentifier"), deploy_time(resource, "Ref", "the DB instance identifier"))
    cluster = get_str(a, "DBClusterIdentifier")
    # SourceDBInstanceIdentifier names a read replica's source, unless a restore time makes it a
    # point-in-time restore (RestoreTime / UseLatestRestorableTime)
    source = first(get_str(a, "SourceDBInstanceIdentifier"), get_str(a, "SourceDbiResourceId"))
    restore = a.get("RestoreTime") is not None or a.get("UseLatestRestorableTime") is not None
    yield RdsDatabase(
        **fields,
        db_type="instance" if cluster is None else "cluster_instance",
        name=name,
        arn=rds_arn(fields, "db", name, a.get("DBInstanceArn"), resource.address)
        if isinstance(name, str) else deploy_time(resource, "DBInstanceArn", "the DB instance ARN"),
        engine=get_str(a, "Engine"),
        storage_encrypted=get_bool(a, "StorageEncrypted") if cluster is None else None,
        kms_key=get_str(a, "KmsKeyId") if cluster is None else None,
        replicate_source=None if restore else source,
        cluster=cluster,
        inherits_from=first(get_str(a, "DBSnapshotIdentifier"), get_str(a, "DBClusterSnapshotIdentifier"),
                            get_str(a, "SourceDBInstanceAutomatedBackupsArn"), source if restore else None),
        tags=tags(a, "Tags"),
    )


@translates("AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", attrs={
    "arn": "DBClusterArn",
    "engine": "Engine",
    "storage_encrypted": "StorageEncrypted",
    "kms_key": "KmsKeyId",
    "replicate_source": "ReplicationSourceIdentifier",
    "inherits_from": "SnapshotIdentifier",
    "engine_mode": "EngineMode",
    "tags": "Tags",
})
def db_cluster(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = first(get_str(a, "DBClusterIdentifier"), deploy_time(resource, "Ref", "the DB cluster identifier"))
    yield RdsDatabase(
        **fields,
        db_type="cluster",
        name=name,
        arn=rds_arn(fields, "cluster", name, a.get("DBClusterArn"), resource.address)
        if isinstance(name, str) else deploy_time(resource, "DBClusterArn", "the DB cluster ARN"),
        engine=first(get_str(a, "Engine"), _ENGINES.get(resource.type)),
        storage_encrypted=get_bool(a, "StorageEncrypted"),
        kms_key=get_str(a, "KmsKeyId"),
        replicate_source=get_str(a, "ReplicationSourceIdentifier"),
        inherits_from=first(get_str(a, "SnapshotIdentifier"), get_str(a, "SourceDBClusterIdentifier"),
                            get_str(a, "GlobalClusterIdentifier")),
        engine_mode=get_str(a, "EngineMode"),
        tags=tags(a, "Tags"),
    )
