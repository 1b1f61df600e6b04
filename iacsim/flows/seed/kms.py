"""Keys (with their ids, specs, policies and rotation), replicas, imported material, aliases and grants."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from iacsim.flows.clients import KmsClient, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import attempt, policy_text, unplaceable, why_policy_unknown
from iacsim.model import World
from iacsim.model.kms import KmsAlias, KmsGrant, KmsKey
from iacsim.sim import Undecidable
from iacsim.sim.kms.seed import seed_key, seed_key_material


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def seed_kms(world: World, seeded: SeededCloud) -> None:
    keys = list(world.of_type(KmsKey))
    materials: dict[str, bytes] = {}
    for key in (k for k in keys if k.replica_of is None and not unplaceable(seeded, k)):
        _seed_primary(seeded, key, materials)
    for key in (k for k in keys if k.replica_of is not None and not unplaceable(seeded, k)):
        _seed_replica(world, seeded, key, materials)
    for alias in world.of_type(KmsAlias):
        if unplaceable(seeded, alias):
            continue
        target = world.find_key(alias.target_key, account=alias.account, region=alias.region)
        if not isinstance(alias.name, str) or target is None or target.address not in seeded.key_ids:
            continue
        kms = client(seeded.cloud, KmsClient, region=alias.region, account=alias.account)
        attempt(seeded, alias.address, partial(kms.create_alias, AliasName=alias.name,
                                               TargetKeyId=seeded.key_ids[target.address][2]))
    for grant in world.of_type(KmsGrant):
        if unplaceable(seeded, grant):
            continue
        _seed_grant(world, seeded, grant)


def _create_args(seeded: SeededCloud, key: KmsKey) -> dict[str, Any] | None:
    args: dict[str, Any] = {"BypassPolicyLockoutSafetyCheck": True}
    # The deployer's own identity is not in the model, so the lockout check (rule KMS-side) is not
    # replayed here; every other CreateKey validation is.
    for name, value in (("KeySpec", key.spec), ("KeyUsage", key.usage), ("Origin", key.origin),
                        ("MultiRegion", key.multi_region)):
        if not isinstance(value, str | bool):
            seeded.unknown[key.address] = f"{name} is not known statically"
            return None
        args[name] = value
    policy = policy_text(key.policy, seeded)
    if policy is not None and not isinstance(policy, str):
        seeded.unknown[key.address] = why_policy_unknown(policy, "the key policy is not known statically")
        return None
    if policy is not None:
        args["Policy"] = policy
    if isinstance(key.description, str):
        args["Description"] = key.description
    return args


def _seed_primary(seeded: SeededCloud, key: KmsKey, materials: dict[str, bytes]) -> None:
    key_id = seeded.values[key.address]["key_id"]
    args = _create_args(seeded, key)
    if args is None:
        return
    meta = attempt(seeded, key.address, lambda: seed_key(seeded.cloud, key.account, key.region, key_id, **args))
    if meta is None:
        return
    seeded.key_ids[key.address] = (key.account, key.region, meta["Arn"])
    kms = client(seeded.cloud, KmsClient, region=key.region, account=key.account)
    if key.origin == "EXTERNAL" and key.imported is not None and key.imported.material_present is True:
        # random material: the real material is a secret and never read; flows only need *some*,
        # and replicas get the same bytes, as AWS requires of related multi-Region keys
        materials[key.address] = os.urandom(32)
        attempt(seeded, key.address, lambda: seed_key_material(
            seeded.cloud, key.account, key.region, key_id, materials[key.address],
            valid_to=_when(key.imported.valid_to) if key.imported else None))
    if key.rotation_enabled is True:
        period = key.rotation_period_days if isinstance(key.rotation_period_days, int) else None
        attempt(seeded, key.address, _unless_undecidable(lambda: kms.enable_key_rotation(
            KeyId=key_id, **({"RotationPeriodInDays": period} if period else {}))))
    if key.enabled is False:
        attempt(seeded, key.address, lambda: kms.disable_key(KeyId=key_id))


def _unless_undecidable(call: Callable[[], object]) -> Callable[[], object]:
    """A setup call whose authorization depends on a key policy value known only after apply leaves the key
    otherwise usable: the key-rotation flow replays that call itself and reports it as unknown."""
    def run() -> object:
        try:
            return call()
        except Undecidable:
            return None
    return run


def _seed_replica(world: World, seeded: SeededCloud, key: KmsKey, materials: dict[str, bytes]) -> None:
    primary = world.primary_of(key)
    if primary is None or primary.address not in seeded.key_ids:
        seeded.unknown[key.address] = "its primary key is outside the scan or could not be created"
        return
    account, region, primary_arn = seeded.key_ids[primary.address]
    args: dict[str, Any] = {"BypassPolicyLockoutSafetyCheck": True}
    policy = policy_text(key.policy, seeded)
    if policy is not None and not isinstance(policy, str):
        seeded.unknown[key.address] = why_policy_unknown(policy, "the replica's key policy is not known statically")
        return
    if policy is not None:
        args["Policy"] = policy
    kms = client(seeded.cloud, KmsClient, region=region, account=account)
    out = attempt(seeded, key.address, lambda: kms.replicate_key(KeyId=primary_arn, ReplicaRegion=key.region, **args))
    if out is None:
        return
    seeded.key_ids[key.address] = (key.account, key.region, out["ReplicaKeyMetadata"]["Arn"])
    if key.enabled is False:
        replica_kms = client(seeded.cloud, KmsClient, region=key.region, account=key.account)
        attempt(seeded, key.address, lambda: replica_kms.disable_key(KeyId=out["ReplicaKeyMetadata"]["Arn"]))
    if primary.address in materials and key.imported is not None and key.imported.material_present is True:
        replica_arn = out["ReplicaKeyMetadata"]["Arn"]
        attempt(seeded, key.address, lambda: seed_key_material(
            seeded.cloud, key.account, key.region, replica_arn.rsplit("/", 1)[1], materials[primary.address],
            valid_to=_when(key.imported.valid_to) if key.imported else None))


def _seed_grant(world: World, seeded: SeededCloud, grant: KmsGrant) -> None:
    key = world.find_key(grant.key, account=grant.account, region=grant.region)
    if key is None or key.address not in seeded.key_ids:
        return
    ops = grant.operations
    grantee = seeded.resolve(grant.grantee_principal)
    if not isinstance(grantee, str) or not isinstance(ops, tuple) or \
            not all(isinstance(o, str) for o in ops):
        seeded.unknown[grant.address] = "grantee or operations not known statically"
        return
    account, region, arn = seeded.key_ids[key.address]
    kms = client(seeded.cloud, KmsClient, region=region, account=account)
    args: dict[str, Any] = {"KeyId": arn, "GranteePrincipal": grantee, "Operations": list(ops)}
    if isinstance(grant.name, str):
        args["Name"] = grant.name
    for c in grant.constraints:
        if isinstance(c.encryption_context_equals, Mapping):
            args["Constraints"] = {"EncryptionContextEquals": dict(c.encryption_context_equals)}
        elif isinstance(c.encryption_context_subset, Mapping):
            args["Constraints"] = {"EncryptionContextSubset": dict(c.encryption_context_subset)}
    attempt(seeded, grant.address, lambda: kms.create_grant(**args))
