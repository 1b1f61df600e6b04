"""CloudFormation ``AWS::EFS::FileSystem`` → :class:`iacsim.model.efs.EfsFileSystem`.

AWS CloudFormation User Guide ``AWS::EFS::FileSystem``: ``Encrypted`` ("A Boolean value that, if true,
creates an encrypted file system"), ``KmsKeyId`` ("If you use KmsKeyId, you must set the
CreateFileSystemRequest$Encrypted parameter to true"), ``FileSystemTags``, ``ReplicationConfiguration.Destinations[]`` (``Region``, ``KmsKeyId``); ``Fn::GetAtt Arn``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.efs import EfsFileSystem, EfsReplicaDestination, EfsReplication
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import get_bool, get_str, placement_fields, tags
from iacsim.model.translate.cloudformation.common import deploy_time, field_of, items, mapping
from iacsim.values import Unknown


@translates("AWS::EFS::FileSystem", attrs={"encrypted": "Encrypted", "kms_key": "KmsKeyId"})
def efs_file_system(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    tag_map = tags(a, "FileSystemTags")
    yield EfsFileSystem(
        **placement_fields(resource),
        name=tag_map.get("Name"),
        arn=deploy_time(resource, "Arn", "the file system ARN"),
        encrypted=get_bool(a, "Encrypted"),
        kms_key=get_str(a, "KmsKeyId"),
        tags=tag_map,
    )
    config = mapping(a.get("ReplicationConfiguration"))
    if config is None:
        return
    found = items(field_of(config, "Destinations"))
    destinations: tuple[EfsReplicaDestination, ...] | Unknown
    if isinstance(found, Unknown):
        destinations = found
    else:
        parsed = []
        for raw in found:
            entry = mapping(raw)
            if isinstance(entry, dict):
                parsed.append(EfsReplicaDestination(region=get_str(entry, "Region"), kms_key=get_str(entry, "KmsKeyId")))
        destinations = tuple(parsed)
    yield EfsReplication(**placement_fields(resource), file_system=deploy_time(resource, "Ref", "the file system id"),
                         destinations=destinations)
