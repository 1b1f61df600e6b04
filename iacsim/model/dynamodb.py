"""DynamoDB tables, global table replicas and resource policies, encrypted at rest with a KMS key.

DynamoDB (Amazon DynamoDB Developer Guide "Encryption at rest: usage notes",
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html, and
"Global tables security" → encryption): every table is encrypted, with the AWS owned key (default),
the AWS managed key ``aws/dynamodb`` or a customer managed key; each global table replica is
encrypted with a key of its own Region.

Terraform ``aws_dynamodb_table``, ``aws_dynamodb_table_replica``, ``aws_dynamodb_resource_policy``;
CloudFormation ``AWS::DynamoDB::Table``, ``AWS::DynamoDB::GlobalTable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import Policy, ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.values import Unknown

DynamoEncryption = Literal["aws_owned", "aws_managed", "customer_managed"]


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
