"""State of the simulated KMS: keys, their shared material, grants, aliases.

A KMS key is split in two, the way multi-region keys behave
(KDG "Multi-Region keys", https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html):

* :class:`KeyCore` — what related multi-region keys share: key id, spec,
  usage, origin, key material (every rotation), rotation settings, which
  region is primary. A single-region key has its own core.
* :class:`RegionalKey` — what each key in a region owns: ARN, description,
  key policy, enabled state, deletion schedule, grants, tags, and (for
  imported material) which material was imported into *this* key.

Secret material lives only in the ``crypto*`` material objects, whose repr
never shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from iacsim.aws.arn import Arn
from iacsim.sim.kms.asymmetric import AsymmetricMaterial
from iacsim.sim.kms.blob import HmacMaterial, SymmetricMaterial

Material = SymmetricMaterial | HmacMaterial | AsymmetricMaterial
StoredState = Literal["Enabled", "Disabled", "PendingDeletion", "PendingReplicaDeletion", "Creating"]


@dataclass
class MaterialVersion:
    """One key material of a key (the original, or one produced by a rotation)."""

    material: Material = field(repr=False)
    created: datetime
    rotation_type: Literal["AUTOMATIC", "ON_DEMAND"] | None
    """None for the key's first material."""
    rotated_at: datetime | None = None
    """When it became current through a rotation."""
    description: str | None = None
    """KeyMaterialDescription of imported material."""

    @property
    def material_id(self) -> bytes:
        return self.material.material_id


@dataclass
class ImportedCopy:
    """Imported material present in one regional key: when it expires."""

    expiration_model: Literal["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"]
    valid_to: datetime | None
    imported_at: datetime


@dataclass
class KeyCore:
    """What related multi-region keys share (or a single-region key alone)."""

    key_id: str
    account: str
    spec: str
    usage: str
    origin: Literal["AWS_KMS", "EXTERNAL"]
    multi_region: bool
    primary_region: str
    materials: list[MaterialVersion] = field(default_factory=list)
    """Every material version, oldest first."""
    current: int = -1
    """Index of the current material in ``materials`` (-1: none yet, EXTERNAL before import)."""
    pending_material: int | None = None
    """Imported NEW_KEY_MATERIAL waiting for RotateKeyOnDemand (index into ``materials``)."""
    rotation_enabled: bool = False
    rotation_period_days: int | None = None
    next_rotation: datetime | None = None
    on_demand_rotations: int = 0
    regions: dict[str, RegionalKey] = field(default_factory=dict)
    """Every live key of this core by region (primary and replicas)."""

    @property
    def current_material(self) -> MaterialVersion | None:
        return self.materials[self.current] if self.current >= 0 else None

    def material_by_id(self, material_id: bytes) -> MaterialVersion | None:
        for version in self.materials:
            if version.material_id == material_id:
                return version
        return None

    @property
    def symmetric(self) -> bool:
        return self.spec == "SYMMETRIC_DEFAULT"


@dataclass
class Grant:
    grant_id: str
    grant_token: str = field(repr=False)
    key_arn: str
    grantee: str
    operations: tuple[str, ...]
    issuing_account: str
    created: datetime
    retiring: str | None = None
    constraints: dict[str, dict[str, str]] = field(default_factory=dict)
    name: str | None = None

    def shape(self, key_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "KeyId": self.key_arn,
            "GrantId": self.grant_id,
            "CreationDate": self.created,
            "GranteePrincipal": self.grantee,
            "IssuingAccount": str(Arn.iam_root("aws", self.issuing_account)),
            "Operations": list(self.operations),
        }
        if self.name:
            out["Name"] = self.name
        if self.retiring:
            out["RetiringPrincipal"] = self.retiring
        if self.constraints:
            out["Constraints"] = {k: dict(v) for k, v in self.constraints.items()}
        return out


@dataclass
class RegionalKey:
    """One KMS key in one region."""

    core: KeyCore
    region: str
    arn: str
    created: datetime
    policy: dict[str, Any]
    description: str = ""
    state: StoredState = "Enabled"
    key_manager: Literal["CUSTOMER", "AWS"] = "CUSTOMER"
    aws_service: str | None = None
    """For AWS managed keys: the service (``ssm``, ``s3``, ``ebs``)."""
    deletion_date: datetime | None = None
    pending_window_days: int | None = None
    grants: dict[str, Grant] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    imported: dict[bytes, ImportedCopy] = field(default_factory=dict)
    """EXTERNAL origin only: material id -> import record for this regional key."""
    policy_text: str = ""
    """The key policy as last set (GetKeyPolicy returns the text as given)."""
    grants_view: tuple[tuple[str, ...], tuple[Any, ...]] | None = field(default=None, repr=False)
    """Cache of the grants in the evaluator's form, keyed by the grant ids (grants are immutable)."""

    @property
    def key_id(self) -> str:
        return self.core.key_id

    @property
    def account(self) -> str:
        return self.core.account

    @property
    def is_primary(self) -> bool:
        return self.core.primary_region == self.region
