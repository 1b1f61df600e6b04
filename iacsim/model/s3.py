"""S3 buckets with the settings that matter for encryption and replication.

Terraform writes these settings either inline on ``aws_s3_bucket`` (legacy,
deprecated in provider v4+) or as separate resources
(``aws_s3_bucket_versioning``, ``aws_s3_bucket_server_side_encryption_configuration``,
``aws_s3_bucket_policy``, ``aws_s3_bucket_replication_configuration``). The
model merges both into :class:`S3Bucket`; each setting keeps the address and
source of the resource that wrote it so findings point at the right block.
Sources: Amazon S3 user guide "Replicating encrypted objects", "Setting default
server-side encryption"; S3 API PutBucketReplication, PutBucketEncryption.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from iacsim.model.base import ModelObject, Policy, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.slot import MERGED_REGIONAL, Slot
from iacsim.values import Unknown


@dataclass(frozen=True, kw_only=True)
class BucketVersioning(ModelObject):
    """Versioning of a bucket (inline ``versioning`` block or ``aws_s3_bucket_versioning``)."""

    stored_in = MERGED_REGIONAL

    bucket: Ref
    """The bucket (name as written, or an Unknown naming its address)."""
    status: str | Unknown
    """``Enabled``, ``Suspended`` or ``Disabled`` (never enabled)."""
    mfa_delete: str | Unknown | None = None
    """``Enabled``/``Disabled`` when set."""

    @property
    def enabled(self) -> bool | Unknown:
        """Whether versioning is on (what replication requires)."""
        if isinstance(self.status, Unknown):
            return self.status
        return self.status == "Enabled"


@dataclass(frozen=True, kw_only=True)
class BucketEncryption(ModelObject):
    """Default encryption of a bucket (inline block or ``aws_s3_bucket_server_side_encryption_configuration``)."""

    stored_in = MERGED_REGIONAL

    bucket: Ref
    """The bucket."""
    sse_algorithm: str | Unknown
    """``AES256`` (SSE-S3), ``aws:kms`` (SSE-KMS) or ``aws:kms:dsse`` (DSSE-KMS)."""
    kms_key: Ref | None = None
    """KMS key for SSE-KMS (id, ARN or alias); None means ``aws/s3``."""
    bucket_key_enabled: bool | Unknown = False
    """S3 Bucket Keys: the encryption context becomes the bucket ARN."""


@dataclass(frozen=True, kw_only=True)
class BucketPolicy(ModelObject):
    """A bucket policy (inline ``policy`` argument or ``aws_s3_bucket_policy`` / ``AWS::S3::BucketPolicy``)."""

    stored_in = MERGED_REGIONAL

    bucket: Ref
    """The bucket."""
    policy: Policy
    """The policy document."""


@dataclass(frozen=True)
class ReplicationDestination:
    """Where a replication rule sends objects."""

    bucket: Ref
    """Destination bucket ARN (as written)."""
    account: str | Unknown | None = None
    """Destination account (``account`` / legacy ``account_id``), needed for owner override."""
    storage_class: str | Unknown | None = None
    """Storage class of replicas."""
    replica_kms_key_id: Ref | None = None
    """Key replicas are encrypted with (``encryption_configuration.replica_kms_key_id`` or legacy
    ``replica_kms_key_id``); must be a symmetric key in the destination region."""
    access_control_translation_owner: str | Unknown | None = None
    """``Destination`` when ownership of replicas is changed to the destination account."""
    replication_time_enabled: bool | Unknown | None = None
    """S3 Replication Time Control status when set."""
    metrics_enabled: bool | Unknown | None = None
    """Replication metrics status when set."""


@dataclass(frozen=True)
class ReplicationRule:
    """One replication rule."""

    id: str | Unknown | None
    """Rule id."""
    status: str | Unknown
    """``Enabled`` or ``Disabled``."""
    destination: ReplicationDestination
    """Destination."""
    priority: int | Unknown | None = None
    """Priority (V2 rules with a ``filter``)."""
    prefix: str | Unknown | None = None
    """Key prefix: ``filter.prefix``, ``filter.and.prefix`` or the legacy rule-level ``prefix``."""
    filter_tags: Mapping[str, str | Unknown] | Unknown | None = None
    """Tag filter (``filter.tag`` / ``filter.and.tags``)."""
    has_filter: bool = False
    """Whether the rule uses the V2 ``filter`` form (which enables delete-marker replication settings)."""
    sse_kms_encrypted_objects: bool | Unknown | None = None
    """``source_selection_criteria.sse_kms_encrypted_objects``: True when Enabled, False when Disabled,
    None when the block is absent (then SSE-KMS objects are NOT replicated)."""
    replica_modifications: bool | Unknown | None = None
    """``source_selection_criteria.replica_modifications`` status when set."""
    delete_marker_replication: bool | Unknown | None = None
    """Delete-marker replication status when set."""
    existing_object_replication: bool | Unknown | None = None
    """Existing-object replication status when set."""


@dataclass(frozen=True, kw_only=True)
class ReplicationConfiguration(ModelObject):
    """A bucket's replication configuration (``aws_s3_bucket_replication_configuration`` or the legacy
    inline ``replication_configuration`` block / CFN ``ReplicationConfiguration``)."""

    stored_in = MERGED_REGIONAL

    bucket: Ref
    """The source bucket."""
    role: Ref
    """IAM role ARN S3 assumes to replicate."""
    rules: tuple[ReplicationRule, ...] | Unknown = ()
    """Rules (1–1000)."""
    legacy_inline: bool = False
    """True when written as the deprecated inline block on ``aws_s3_bucket``."""


@dataclass(frozen=True, kw_only=True)
class S3Bucket(ModelObject):
    """An S3 bucket with its effective versioning, default encryption, policy and replication."""

    stored_in = Slot("region", "buckets")

    name: str | Unknown
    """Bucket name (``bucket``; Unknown when only ``bucket_prefix`` or nothing was given)."""
    arn: Arn | Unknown
    """``arn:<partition>:s3:::<name>``."""
    versioning: BucketVersioning | None = None
    """Versioning; None when never configured (AWS: unversioned)."""
    encryption: BucketEncryption | None = None
    """Default encryption; None when not configured (AWS applies SSE-S3 to new objects since 2023)."""
    policy: BucketPolicy | None = None
    """Bucket policy, if any."""
    replication: ReplicationConfiguration | None = None
    """Replication configuration, if any."""
    object_lock_enabled: bool | Unknown = False
    """Object Lock (a source with it needs it on the destination)."""
    force_destroy: bool | Unknown = False
    """Terraform ``force_destroy``."""
    tags: Tags = field(default_factory=dict)
    """Tags."""
