"""Key rotation: Enable/DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations.

KDG "Rotating AWS KMS keys" (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html)
and docs/aws-behaviour.md §4: automatic rotation only for symmetric keys with AWS_KMS
origin, period 90–2560 days (default 365); on-demand rotation at most 25
times per key, for symmetric keys (imported material: after importing
NEW_KEY_MATERIAL); a disabled key → DisabledException; multi-region keys
rotate from the primary and the replicas share the material; old material
is kept so old ciphertext decrypts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from iacsim.sim.client import operation
from iacsim.sim.errors import KMSInvalidStateException, ValidationException
from iacsim.sim.kms.backend import KmsBackend, add_rotation, new_material
from iacsim.sim.kms.base import KmsClientBase
from iacsim.sim.kms.errors import DisabledException, LimitExceededException, UnsupportedOperationException
from iacsim.sim.kms.model import RegionalKey

ON_DEMAND_LIMIT = 25


class KmsRotationOps(KmsClientBase):
    def _rotation_key(self, key_ref: str, operation_name: str, *, automatic: bool) -> tuple[RegionalKey, KmsBackend]:
        key, backend, _ = self.resolve(key_ref, allow_alias=False)
        self.authorize_key(key, operation_name)
        self.check_customer_managed(key, operation_name)
        core = key.core
        if not core.symmetric:
            raise UnsupportedOperationException(
                f"{operation_name} is supported only on symmetric encryption keys; {key.arn} is {core.spec}")
        if automatic and core.origin != "AWS_KMS":
            raise UnsupportedOperationException(
                f"automatic rotation is not supported for keys with {core.origin} origin ({key.arn})")
        if core.multi_region and not key.is_primary:
            raise UnsupportedOperationException(
                f"{key.arn} is a multi-region replica key; rotation is managed on the primary key")
        state = backend.effective_state(key)
        if state == "Disabled":
            raise DisabledException(f"{key.arn} is disabled.")
        if state != "Enabled":
            self.check_usable(key, backend)
        return key, backend

    @operation("EnableKeyRotation")
    def enable_key_rotation(self, *, KeyId: str, RotationPeriodInDays: int | None = None) -> dict[str, Any]:
        key, backend = self._rotation_key(KeyId, "EnableKeyRotation", automatic=True)
        period = 365 if RotationPeriodInDays is None else RotationPeriodInDays
        if not isinstance(period, int) or not 90 <= period <= 2560:
            raise ValidationException("RotationPeriodInDays must be between 90 and 2560")
        core = key.core
        core.rotation_enabled = True
        core.rotation_period_days = period
        core.next_rotation = backend.now() + timedelta(days=period)
        return {}

    @operation("DisableKeyRotation")
    def disable_key_rotation(self, *, KeyId: str) -> dict[str, Any]:
        key, _ = self._rotation_key(KeyId, "DisableKeyRotation", automatic=True)
        core = key.core
        core.rotation_enabled = False
        core.next_rotation = None
        return {}

    @operation("GetKeyRotationStatus")
    def get_key_rotation_status(self, *, KeyId: str) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "GetKeyRotationStatus")
        core = key.core
        out: dict[str, Any] = {"KeyRotationEnabled": core.rotation_enabled, "KeyId": key.arn}
        if core.rotation_enabled:
            out["RotationPeriodInDays"] = core.rotation_period_days
            out["NextRotationDate"] = core.next_rotation
        return out

    @operation("RotateKeyOnDemand")
    def rotate_key_on_demand(self, *, KeyId: str) -> dict[str, Any]:
        key, backend = self._rotation_key(KeyId, "RotateKeyOnDemand", automatic=False)
        core = key.core
        if core.on_demand_rotations >= ON_DEMAND_LIMIT:
            raise LimitExceededException(
                f"{key.arn} has reached the limit of {ON_DEMAND_LIMIT} on-demand rotations")
        now = backend.now()
        if core.origin == "EXTERNAL":
            if core.pending_material is None:
                raise KMSInvalidStateException(
                    f"{key.arn}: import NEW_KEY_MATERIAL before rotating a key with imported material")
            version = core.materials[core.pending_material]
            version.rotation_type = "ON_DEMAND"
            version.rotated_at = now
            core.current = core.pending_material
            core.pending_material = None
        else:
            add_rotation(core, new_material(core.spec), "ON_DEMAND", now)
        core.on_demand_rotations += 1
        return {"KeyId": key.arn}

    @operation("ListKeyRotations")
    def list_key_rotations(self, *, KeyId: str, IncludeKeyMaterial: str = "ROTATIONS_ONLY", Limit: int = 1000,
                           Marker: str | None = None) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "ListKeyRotations")
        core = key.core
        if not core.symmetric:
            raise UnsupportedOperationException(f"{key.arn} is not a symmetric encryption key")
        if IncludeKeyMaterial not in ("ROTATIONS_ONLY", "ALL_KEY_MATERIAL"):
            raise ValidationException("IncludeKeyMaterial must be ROTATIONS_ONLY or ALL_KEY_MATERIAL")
        entries = []
        for index, version in enumerate(core.materials):
            rotated = version.rotated_at is not None
            if IncludeKeyMaterial == "ROTATIONS_ONLY" and not rotated:
                continue
            entry: dict[str, Any] = {"KeyId": key.arn, "KeyMaterialId": version.material_id.hex(),
                                     "KeyMaterialState": "CURRENT" if index == core.current else (
                                         "PENDING_ROTATION" if index == core.pending_material else "NON_CURRENT")}
            if rotated:
                entry["RotationDate"] = version.rotated_at
                entry["RotationType"] = version.rotation_type
            if core.origin == "EXTERNAL":
                copy = key.imported.get(version.material_id)
                entry["ImportState"] = "IMPORTED" if backend.material_usable(key, version) else "PENDING_IMPORT"
                if copy is not None:
                    entry["ExpirationModel"] = copy.expiration_model
                    if copy.valid_to is not None:
                        entry["ValidTo"] = copy.valid_to
                if version.description:
                    entry["KeyMaterialDescription"] = version.description
            entries.append(entry)
        start = int(Marker) if Marker and Marker.isdigit() else 0
        page = entries[start:start + Limit]
        out: dict[str, Any] = {"Rotations": page, "Truncated": start + Limit < len(entries)}
        if out["Truncated"]:
            out["NextMarker"] = str(start + Limit)
        return out
