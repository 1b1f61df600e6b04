"""KMS: keys (including replicas and imported keys), aliases, grants, separate key policies.

Sources: AWS KMS API reference (CreateKey, ReplicateKey, ImportKeyMaterial,
CreateAlias, CreateGrant); Terraform ``aws_kms_key``, ``aws_kms_external_key``,
``aws_kms_replica_key``, ``aws_kms_replica_external_key``, ``aws_kms_alias``,
``aws_kms_grant``, ``aws_kms_key_policy``; CloudFormation ``AWS::KMS::Key``,
``AWS::KMS::ReplicaKey``, ``AWS::KMS::Alias``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import ModelObject, Policy, Tags
from iacsim.model.ids import Arn, KeyId, Ref
from iacsim.model.slot import MERGED_REGIONAL, Slot
from iacsim.values import Unknown

KeyOrigin = Literal["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"]


@dataclass(frozen=True)
class ImportedMaterial:
    """Key material imported into an ``EXTERNAL`` key (``aws_kms_external_key``)."""

    material_present: bool | Unknown
    """Whether the code supplies key material (``key_material_base64``); the material itself is never kept."""
    valid_to: str | Unknown | None = None
    """RFC 3339 expiry of the material; None means it never expires."""


@dataclass(frozen=True, kw_only=True)
class KmsKey(ModelObject):
    """A customer managed KMS key: a primary/single-region key, a replica, or an imported key.

    Replicas share key id, material, origin, spec, usage and rotation with their
    primary (KMS developer guide, "Multi-Region keys"); for a replica the fields
    ``spec``, ``usage``, ``origin``, ``rotation_*`` are what the code says (often
    nothing); use :meth:`iacsim.model.World.primary_of` to read the shared ones.
    """

    stored_in = Slot("region", "keys")
    named_by = ("arn", "key_id")

    arn: Arn | Unknown
    """Key ARN (as synthesized by the loader when the code does not know it)."""
    key_id: KeyId | Unknown
    """Key id (``mrk-…`` for multi-region keys)."""
    description: str | Unknown | None = None
    """Description."""
    spec: str | Unknown = "SYMMETRIC_DEFAULT"
    """Key spec (``customer_master_key_spec`` / ``KeySpec``); default SYMMETRIC_DEFAULT."""
    usage: str | Unknown = "ENCRYPT_DECRYPT"
    """Key usage (``key_usage`` / ``KeyUsage``); default ENCRYPT_DECRYPT."""
    origin: KeyOrigin | Unknown = "AWS_KMS"
    """Where the material comes from; EXTERNAL for imported keys."""
    multi_region: bool | Unknown = False
    """Whether this is a multi-region key (replicas always are)."""
    rotation_enabled: bool | Unknown = False
    """Automatic rotation enabled (``enable_key_rotation``)."""
    rotation_period_days: int | Unknown | None = None
    """Rotation period in days: as written, or 365 (the AWS default) when rotation is on and none is written."""
    deletion_window_days: int | Unknown | None = None
    """Waiting period before deletion (7–30; AWS default 30)."""
    enabled: bool | Unknown = True
    """Whether the key is enabled (``is_enabled`` / ``Enabled``)."""
    policy: Policy | None = None
    """Effective key policy: inline, or from a separate ``aws_kms_key_policy`` (see ``policy_address``);
    None means AWS applies the default key policy."""
    policy_address: str | None = None
    """Address of the separate key-policy resource that set ``policy``, when one did."""
    bypass_policy_lockout_safety_check: bool | Unknown = False
    """Whether the lockout safety check is bypassed for this key's policy."""
    custom_key_store_id: str | Unknown | None = None
    """Custom key store (CloudHSM or external) the key lives in, if any."""
    replica_of: Ref | None = None
    """For a replica key: the primary key's ARN (resolve with ``World.find_key``)."""
    imported: ImportedMaterial | None = None
    """For an imported (EXTERNAL origin) key: what the code says about its material."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    @property
    def is_replica(self) -> bool:
        """True for ``aws_kms_replica_key`` / ``aws_kms_replica_external_key`` / ``AWS::KMS::ReplicaKey``."""
        return self.replica_of is not None


@dataclass(frozen=True, kw_only=True)
class KeyPolicy(ModelObject):
    """A key policy set by a separate resource (``aws_kms_key_policy``); merged into its key's ``policy``.

    Kept in ``AccountRegion.unattached`` only when its key is not in the scan.
    """

    stored_in = MERGED_REGIONAL

    key: Ref
    """The key (``key_id`` argument: key id or ARN)."""
    policy: Policy
    """The policy document."""
    bypass_policy_lockout_safety_check: bool | Unknown = False
    """Whether the lockout safety check is bypassed."""


@dataclass(frozen=True, kw_only=True)
class KmsAlias(ModelObject):
    """An alias (``aws_kms_alias`` / ``AWS::KMS::Alias``)."""

    stored_in = Slot("region", "aliases")

    name: str | Unknown
    """Full alias name including ``alias/`` (or the ``name_prefix`` + ``…`` when only a prefix is known)."""
    name_is_prefix: bool = False
    """True when only a ``name_prefix`` was given (AWS appends a unique suffix)."""
    arn: Arn | Unknown
    """Alias ARN ``arn:aws:kms:<region>:<account>:alias/<name>``."""
    target_key: Ref
    """The key it points at (key id or ARN as written)."""


@dataclass(frozen=True)
class GrantConstraints:
    """Encryption-context constraints of a grant."""

    encryption_context_equals: Mapping[str, str | Unknown] | Unknown | None = None
    """Exact encryption context required."""
    encryption_context_subset: Mapping[str, str | Unknown] | Unknown | None = None
    """Encryption context pairs that must be included."""


@dataclass(frozen=True, kw_only=True)
class KmsGrant(ModelObject):
    """A grant (``aws_kms_grant``)."""

    stored_in = Slot("region", "grants")

    name: str | Unknown | None = None
    """Grant name."""
    key: Ref
    """The key (key id or ARN)."""
    grantee_principal: str | Unknown
    """Principal ARN the grant gives permissions to."""
    retiring_principal: str | Unknown | None = None
    """Principal allowed to retire the grant."""
    operations: tuple[str | Unknown, ...] | Unknown = ()
    """Operations allowed (``Encrypt``, ``Decrypt``, ``CreateGrant``…)."""
    constraints: tuple[GrantConstraints, ...] = ()
    """Encryption-context constraints (AWS allows at most one)."""
    grant_creation_tokens: tuple[str | Unknown, ...] = ()
    """Idempotency tokens."""
