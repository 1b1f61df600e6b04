"""Terraform ``aws_efs_file_system`` → :class:`iacsim.model.efs.EfsFileSystem`.

Provider docs ``r/efs_file_system``: ``encrypted`` ("If true, the disk will be encrypted"),
``kms_key_id`` ("The ARN for the KMS encryption key. When specifying kms_key_id, encrypted needs to be
set to true"), ``creation_token``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.efs import EfsFileSystem, EfsReplicaDestination, EfsReplication
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    blocks,
    computed,
    first_set,
    get_bool,
    get_str,
    placement_fields,
    req_str,
    tags,
)
from iacsim.values import Unknown


@translates("aws_efs_file_system", attrs={
    "name": "creation_token",
    "arn": "arn",
    "encrypted": "encrypted",
    "kms_key": "kms_key_id",
})
def efs_file_system(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    tag_map = tags(a)
    yield EfsFileSystem(
        **placement_fields(resource),
        name=first_set(get_str(a, "creation_token"), tag_map.get("Name")),
        arn=computed(a, "arn", resource.address),
        encrypted=get_bool(a, "encrypted"),
        kms_key=get_str(a, "kms_key_id"),
        tags=tag_map,
    )


@translates("aws_efs_replication_configuration", attrs={"file_system": "source_file_system_id"})
def efs_replication_configuration(resource: Resource) -> Iterator[ModelObject]:
    """Provider docs ``r/efs_replication_configuration``: ``source_file_system_id``, ``destination { region,
    kms_key_id, availability_zone_name, file_system_id }``."""
    a = resource.attrs
    found = blocks(a, "destination")
    yield EfsReplication(
        **placement_fields(resource),
        file_system=req_str(a, "source_file_system_id", "replication"),
        destinations=found if isinstance(found, Unknown) else tuple(
            EfsReplicaDestination(region=get_str(d, "region"), kms_key=get_str(d, "kms_key_id")) for d in found),
    )
