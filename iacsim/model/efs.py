"""Amazon EFS file systems encrypted at rest.

Amazon EFS User Guide "Encrypting data at rest"
(https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html) and "Using AWS KMS keys for
Amazon EFS" → key policies (https://docs.aws.amazon.com/efs/latest/ug/EFSKMSManagedKeyPolicy.html):
encryption is chosen at creation only (``encrypted`` / ``Encrypted``) with ``kms_key_id`` or the AWS
managed key ``aws/elasticfilesystem``; EFS accepts symmetric keys only. Terraform
``aws_efs_file_system``; CloudFormation ``AWS::EFS::FileSystem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iacsim.model.base import ServiceObject, Tags
from iacsim.model.ids import Ref
from iacsim.values import Unknown


@dataclass(frozen=True, kw_only=True)
class EfsFileSystem(ServiceObject):
    """An EFS file system."""

    name: str | Unknown | None
    """``creation_token`` (Terraform) or the ``Name`` tag; None when neither is written."""
    arn: str | Unknown
    """``arn:<p>:elasticfilesystem:<region>:<account>:file-system/<id>`` (Unknown until created)."""
    encrypted: bool | Unknown | None = None
    """``encrypted`` / ``Encrypted`` as written; None when not written (API default: not encrypted)."""
    kms_key: Ref | None = None
    """``kms_key_id`` / ``KmsKeyId`` (an ARN); None: ``aws/elasticfilesystem`` when encrypted."""
    tags: Tags = field(default_factory=dict)
    """Tags."""


@dataclass(frozen=True)
class EfsReplicaDestination:
    """Where an EFS replication writes (``destination`` block / ``ReplicationConfiguration.Destinations[]``)."""

    region: str | Unknown | None
    """Destination Region (None: the source's Region)."""
    kms_key: Ref | None = None
    """Key of the destination file system, in the destination Region; None: ``aws/elasticfilesystem`` there."""


@dataclass(frozen=True, kw_only=True)
class EfsReplication(ServiceObject):
    """Replication of a file system to another Region (``aws_efs_replication_configuration``, or
    ``AWS::EFS::FileSystem`` ``ReplicationConfiguration``)."""

    file_system: Ref
    """The source file system (``source_file_system_id`` / the file system itself)."""
    destinations: tuple[EfsReplicaDestination, ...] | Unknown
    """Destinations (EFS supports one)."""
