"""The simulated KMS of one account and region: keys, aliases, import tokens.

Finding a key (:meth:`KmsBackend.lookup`) also applies everything that
happens with time on the simulated clock, lazily, so no background task is
needed: a key whose deletion date passed is deleted, automatic rotations
due are performed, expired imported material stops being usable.

Key states: KDG "Key states of AWS KMS keys"
(https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.aws.kms_specs import HMAC_GENERATED_BYTES, algorithms_for
from iacsim.sim.kms.asymmetric import AsymmetricMaterial
from iacsim.sim.kms.blob import MATERIAL_ID_BYTES, HmacMaterial, SymmetricMaterial
from iacsim.sim.kms.model import KeyCore, Material, MaterialVersion, RegionalKey

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

ALIAS_PREFIX = "alias/"


@dataclass
class Alias:
    name: str
    arn: str
    target_key_id: str
    created: datetime
    updated: datetime


@dataclass
class ImportParameters:
    """One GetParametersForImport answer: the wrapping key pair behind a token."""

    key_id: str
    wrapping_algorithm: str
    wrapping_key: Any  # rsa.RSAPrivateKey; never shown
    valid_to: datetime

    def __repr__(self) -> str:
        return f"<ImportParameters {self.key_id} {self.wrapping_algorithm} until {self.valid_to.isoformat()}>"


def new_material(spec: str) -> Material:
    """Fresh key material for ``spec`` (real randomness from ``os.urandom``)."""
    material_id = os.urandom(MATERIAL_ID_BYTES)
    if spec == "SYMMETRIC_DEFAULT":
        return SymmetricMaterial(os.urandom(32), material_id)
    if spec.startswith("HMAC_"):
        return HmacMaterial(os.urandom(HMAC_GENERATED_BYTES[spec]), material_id)
    return AsymmetricMaterial.generate(spec, material_id)


class KmsBackend:
    """KMS state of one account in one region."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.partition = cloud.partition
        self.keys: dict[str, RegionalKey] = {}
        self.aliases: dict[str, Alias] = {}
        self.import_tokens: dict[bytes, ImportParameters] = {}
        self.forced_key_id: str | None = None
        """Key id the next CreateKey must use (set only by :func:`iacsim.sim.kms.seed.seed_key`)."""

    # -- names -----------------------------------------------------------------
    def key_arn(self, key_id: str) -> str:
        return str(Arn.kms_key(self.partition, self.region, self.account, key_id))

    def alias_arn(self, name: str) -> str:
        return str(Arn.kms_alias(self.partition, self.region, self.account, name))

    def new_key_id(self, multi_region: bool) -> str:
        """A fresh key id, or the one a seeding helper asked for (see :func:`iacsim.sim.kms.seed.seed_key`)."""
        forced = self.forced_key_id
        if forced is not None:
            self.forced_key_id = None
            if forced.startswith("mrk-") != multi_region:
                raise ValueError(f"key id {forced!r}: multi-region key ids (and only those) start with mrk-")
            if forced in self.keys:
                raise ValueError(f"key id {forced!r} already exists in {self.account}/{self.region}")
            return forced
        return "mrk-" + self.cloud.ids.hex(32) if multi_region else self.cloud.ids.uuid()

    def now(self) -> datetime:
        return self.cloud.clock.now()

    # -- time-driven changes ---------------------------------------------------
    def refresh(self, key: RegionalKey) -> RegionalKey | None:
        """Apply what the simulated clock says happened; None if the key is gone."""
        now = self.now()
        if key.state == "PendingReplicaDeletion":
            # The primary waits for its replicas: let their own deletion dates pass first.
            for region, other in list(key.core.regions.items()):
                if other is not key:
                    self.cloud.backends("kms")[other.account][region].refresh(other)
        if key.state == "PendingDeletion" and key.deletion_date is not None and now >= key.deletion_date:
            self.delete_now(key)
            return None
        core = key.core
        if core.rotation_enabled and core.next_rotation is not None and core.next_rotation <= now:
            rotate_automatically(core, now)
        return key

    def delete_now(self, key: RegionalKey) -> None:
        """Delete a key whose waiting period ended (and release a primary waiting on it)."""
        self.keys.pop(key.key_id, None)
        for name in [n for n, a in self.aliases.items() if a.target_key_id == key.key_id]:
            del self.aliases[name]
        core = key.core
        core.regions.pop(key.region, None)
        primary = core.regions.get(core.primary_region)
        if (primary is not None and primary.state == "PendingReplicaDeletion"
                and len(core.regions) == 1 and primary.pending_window_days is not None):
            # The primary waited for its replicas; its own waiting period starts now.
            primary.state = "PendingDeletion"
            primary.deletion_date = key.deletion_date + timedelta(days=primary.pending_window_days) \
                if key.deletion_date else self.now() + timedelta(days=primary.pending_window_days)

    # -- lookup ----------------------------------------------------------------
    def get(self, key_id: str) -> RegionalKey | None:
        key = self.keys.get(key_id)
        return self.refresh(key) if key is not None else None

    def alias(self, name: str) -> Alias | None:
        found = self.aliases.get(name)
        if found is not None and self.get(found.target_key_id) is None:
            return None
        return found

    # -- state -----------------------------------------------------------------
    def effective_state(self, key: RegionalKey) -> str:
        if key.state in ("PendingDeletion", "PendingReplicaDeletion", "Creating"):
            return key.state
        if key.core.origin == "EXTERNAL" and not self.material_usable(key, key.core.current_material):
            return "PendingImport"
        return key.state

    def material_usable(self, key: RegionalKey, version: MaterialVersion | None) -> bool:
        """Is this material available to this regional key now (imported and not expired)?"""
        if version is None:
            return False
        if key.core.origin != "EXTERNAL":
            return True
        copy = key.imported.get(version.material_id)
        if copy is None:
            return False
        return copy.valid_to is None or self.now() < copy.valid_to

    # -- response shapes -------------------------------------------------------
    def metadata(self, key: RegionalKey) -> dict[str, Any]:
        core = key.core
        state = self.effective_state(key)
        meta: dict[str, Any] = {
            "AWSAccountId": key.account,
            "KeyId": key.key_id,
            "Arn": key.arn,
            "CreationDate": key.created,
            "Enabled": state == "Enabled",
            "Description": key.description,
            "KeyUsage": core.usage,
            "KeyState": state,
            "Origin": core.origin,
            "KeyManager": key.key_manager,
            "CustomerMasterKeySpec": core.spec,
            "KeySpec": core.spec,
            "MultiRegion": core.multi_region,
        }
        meta.update(algorithms_for(core.spec, core.usage))
        if key.deletion_date is not None and state == "PendingDeletion":
            meta["DeletionDate"] = key.deletion_date
        if state == "PendingReplicaDeletion" and key.pending_window_days is not None:
            meta["PendingDeletionWindowInDays"] = key.pending_window_days
        if core.origin == "EXTERNAL":
            current = core.current_material
            copy = key.imported.get(current.material_id) if current else None
            if copy is not None:
                meta["ExpirationModel"] = copy.expiration_model
                if copy.valid_to is not None:
                    meta["ValidTo"] = copy.valid_to
        current = core.current_material
        if current is not None and core.spec == "SYMMETRIC_DEFAULT":
            meta["CurrentKeyMaterialId"] = current.material_id.hex()
        if core.multi_region:
            meta["MultiRegionConfiguration"] = {
                "MultiRegionKeyType": "PRIMARY" if key.is_primary else "REPLICA",
                "PrimaryKey": {"Arn": self._arn_in(core, core.primary_region), "Region": core.primary_region},
                "ReplicaKeys": [{"Arn": self._arn_in(core, r), "Region": r}
                                for r in sorted(core.regions) if r != core.primary_region],
            }
        return meta

    def _arn_in(self, core: KeyCore, region: str) -> str:
        return str(Arn.kms_key(self.partition, region, core.account, core.key_id))


def rotate_automatically(core: KeyCore, now: datetime) -> None:
    """Perform every automatic rotation that fell due (KDG "Rotating keys")."""
    period = timedelta(days=core.rotation_period_days or 365)
    while core.next_rotation is not None and core.next_rotation <= now:
        add_rotation(core, new_material(core.spec), "AUTOMATIC", core.next_rotation)
        core.next_rotation = core.next_rotation + period


def add_rotation(core: KeyCore, material: Material, rotation_type: Any, when: datetime) -> None:
    core.materials.append(MaterialVersion(material, when, rotation_type, rotated_at=when))
    core.current = len(core.materials) - 1


def new_core_material(core: KeyCore, now: datetime) -> None:
    core.materials.append(MaterialVersion(new_material(core.spec), now, None))
    core.current = 0

