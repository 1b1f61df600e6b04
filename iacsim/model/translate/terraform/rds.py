"""Terraform RDS/Aurora resources → :mod:`iacsim.model.rds`.

Provider docs ``r/db_instance`` (``storage_encrypted``, ``kms_key_id``, ``replicate_source_db``: "If
replicating an instance in a different region, use the arn of the source DB … if you are creating a
cross-region replica of an encrypted database you will also need to specify a kms_key_id"),
``r/rds_cluster`` ("When specifying kms_key_id, storage_encrypted needs to be set to true"),
``r/rds_cluster_instance``, ``r/db_snapshot_copy`` / ``r/db_cluster_snapshot_copy``
(``destination_region``) and ``r/db_instance_automated_backups_replication``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn, Region
from iacsim.model.rds import RdsBackupReplication, RdsDatabase, RdsKind, RdsSnapshotCopy
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    arn,
    attr,
    block,
    first_set,
    get_bool,
    get_str,
    placement_fields,
    req_str,
    tags,
)
from iacsim.values import Unknown


def rds_arn(fields: dict[str, Any], kind: str, name: str | Unknown, given: Any, address: str) -> Arn | Unknown:
    """The loader's ARN, else ``arn:<p>:rds:<region>:<account>:<db|cluster>:<id>`` when the id is known."""
    if isinstance(given, str) and given:
        return Arn(given)
    if isinstance(name, str) and "unknown" not in (fields["region"], fields["account"]):
        return Arn(arn(fields["partition"], "rds", fields["region"], fields["account"], f"{kind}:{name}"))
    return Unknown("known after apply", f"{address}.arn")


def _database(resource: Resource, kind: RdsKind, id_attr: str, source_attr: str | None, *,
              key_attr: str = "kms_key_id", engine: str | None = None) -> RdsDatabase:
    a = resource.attrs
    fields = placement_fields(resource)
    name = get_str(a, id_attr)
    if name is None:
        name = Unknown(f"{id_attr} is generated", f"{resource.address}.{id_attr}")
    return RdsDatabase(
        **fields,
        db_type=kind,
        name=name,
        arn=rds_arn(fields, "cluster" if kind == "cluster" else "db", name, a.get("arn"), resource.address),
        engine=first_set(get_str(a, "engine"), engine),
        storage_encrypted=get_bool(a, "storage_encrypted") if kind != "cluster_instance" else None,
        kms_key=get_str(a, key_attr) if kind != "cluster_instance" else None,
        replicate_source=get_str(a, source_attr) if source_attr else None,
        cluster=get_str(a, "cluster_identifier") if kind == "cluster_instance" else None,
        inherits_from=first_set(get_str(a, "snapshot_identifier"), get_str(a, "global_cluster_identifier"),
                                attr(block(a, "restore_to_point_in_time"), "source_db_instance_identifier"),
                                attr(block(a, "restore_to_point_in_time"), "source_cluster_identifier"),
                                attr(block(a, "restore_to_point_in_time"), "source_db_instance_automated_backups_arn")),
        engine_mode=get_str(a, "engine_mode"),
        tags=tags(a),
    )


@translates("aws_db_instance")
def db_instance(resource: Resource) -> Iterator[ModelObject]:
    yield _database(resource, "instance", "identifier", "replicate_source_db")


@translates("aws_rds_cluster")
def rds_cluster(resource: Resource) -> Iterator[ModelObject]:
    yield _database(resource, "cluster", "cluster_identifier", "replication_source_identifier")


@translates("aws_docdb_cluster")
def docdb_cluster(resource: Resource) -> Iterator[ModelObject]:
    """DocumentDB shares RDS's cluster model: ``storage_encrypted`` (default false) and ``kms_key_id`` at creation
    (provider docs ``r/docdb_cluster``; Amazon DocumentDB Developer Guide "Encrypting Amazon DocumentDB data at
    rest", https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html)."""
    yield _database(resource, "cluster", "cluster_identifier", None, engine="docdb")


@translates("aws_neptune_cluster", attrs={"kms_key": "kms_key_arn"})
def neptune_cluster(resource: Resource) -> Iterator[ModelObject]:
    """Neptune shares RDS's cluster model: ``storage_encrypted`` (default false) and ``kms_key_arn`` at creation
    (provider docs ``r/neptune_cluster``; Neptune User Guide "Encrypting Neptune resources at rest",
    https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html)."""
    yield _database(resource, "cluster", "cluster_identifier", "replication_source_identifier",
                    key_attr="kms_key_arn", engine="neptune")


@translates("aws_rds_cluster_instance")
def rds_cluster_instance(resource: Resource) -> Iterator[ModelObject]:
    yield _database(resource, "cluster_instance", "identifier", None)


def _copy(resource: Resource, source_attr: str, target_attr: str, cluster: bool) -> RdsSnapshotCopy:
    a = resource.attrs
    fields = placement_fields(resource)
    destination = get_str(a, "destination_region")
    if destination is not None:  # the copy is made in (and its key must belong to) that Region
        fields["region"] = Region("unknown") if isinstance(destination, Unknown) else Region(destination)
        fields["region_assumed"] = False
        if isinstance(destination, Unknown):
            fields["placement_unknown"] = f"region: destination_region: {destination.reason}"
    return RdsSnapshotCopy(
        **fields,
        name=req_str(a, target_attr, "snapshot copy"),
        source_snapshot=req_str(a, source_attr, "snapshot copy"),
        kms_key=get_str(a, "kms_key_id"),
        cluster=cluster,
    )


@translates("aws_db_snapshot_copy")
def db_snapshot_copy(resource: Resource) -> Iterator[ModelObject]:
    yield _copy(resource, "source_db_snapshot_identifier", "target_db_snapshot_identifier", False)


@translates("aws_db_cluster_snapshot_copy")
def db_cluster_snapshot_copy(resource: Resource) -> Iterator[ModelObject]:
    yield _copy(resource, "source_db_cluster_snapshot_identifier", "target_db_cluster_snapshot_identifier", True)


@translates("aws_db_instance_automated_backups_replication", attrs={
    "source_db": "source_db_instance_arn",
    "kms_key": "kms_key_id",
})
def automated_backups_replication(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield RdsBackupReplication(
        **placement_fields(resource),
        source_db=req_str(a, "source_db_instance_arn", "automated backups replication"),
        kms_key=get_str(a, "kms_key_id"),
    )
