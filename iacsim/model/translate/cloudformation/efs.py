"""CloudFormation ``AWS::EFS::FileSystem`` → :class:`iacsim.model.efs.EfsFileSystem`.

AWS CloudFormation User Guide ``AWS::EFS::FileSystem``: ``Encrypted`` ("A Boolean value that, if true,
creates an encrypted file system"), ``KmsKeyId`` ("If you use KmsKeyId, you must set the
CreateFileSystemRequest$Encrypted parameter to true"), ``FileSystemTags``; ``Fn::GetAtt Arn``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.efs import EfsFileSystem
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import get_bool, get_str, placement_fields, tags
from iacsim.model.translate.cloudformation.common import deploy_time


@translates("AWS::EFS::FileSystem")
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
