"""World → simulated cloud: create in :mod:`iacsim.sim` what the model declares.

Each flow scenario gets a fresh cloud, built from the world with the same ids and
ARNs the code uses, so every policy that names a key or role by ARN means the
same thing in the replay. What cannot be recreated faithfully (a policy that is
Unknown, an AWS managed policy the simulator does not ship) is recorded in
:attr:`SeededCloud.unknown` by model address, and flows touching it answer
``unknown`` instead of guessing.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from iacsim.flows.seed.patterns import UnknownName
from iacsim.model import World
from iacsim.sim import Cloud
from iacsim.sim.audit import paused
from iacsim.values import Unknown

_NAMESPACE = uuid.UUID("6f1c1d2e-6a8c-4d55-9a55-2c0e8f6a1b7d")


@dataclass
class SeededCloud:
    cloud: Cloud
    unknown: dict[str, str] = field(default_factory=dict)
    """Model address → why it could not be recreated faithfully."""
    failed: dict[str, str] = field(default_factory=dict)
    """Model address → the error AWS would give creating it (the apply would fail there too)."""
    error_codes: dict[str, str] = field(default_factory=dict)
    """Model address → the AWS error code of that error (see :attr:`failed`)."""
    key_ids: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """Model key address → (account, region, key ARN in the simulated cloud)."""
    world: World | None = None
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    """Model address → attribute → the value the simulated cloud gave it (``arn``, ``key_id``, ``name``…),
    for values the code only knows after apply."""
    name_tokens: set[str] = field(default_factory=set)
    """Stand-in tokens that are part of the name of an object of the scan (see :meth:`stand_in`)."""
    unknown_names: list[UnknownName] = field(default_factory=list)
    """Objects whose name is known only after apply, with their stand-ins: a policy pattern that would need
    the real name makes that policy unknown (:mod:`iacsim.flows.seed.patterns`)."""

    def remember(self, address: str, **attrs: str) -> None:
        self.values.setdefault(address, {}).update(attrs)

    def resolve(self, value: Any) -> Any:
        """``value`` with every ``Unknown(ref=…)`` that names a created object replaced by its simulated value.

        A policy built from a key ARN known only after apply (plans, CloudFormation ``!GetAtt``) still
        names *which* key; the replay uses the ARN the simulated key got.
        """
        if isinstance(value, Unknown):
            if value.template is not None:
                return self.stand_in(value.template) or value
            return self._known(value.ref) or value
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.resolve(v) for v in value]
        return value


    def _known(self, ref: str | None) -> str | None:
        """The simulated value of the object attribute ``ref`` names (``aws_kms_key.db.arn``), if created."""
        target = self.world.deref(Unknown("", ref)) if self.world is not None and ref else None
        if target is None:
            return None
        obj, attr = target
        known = self.values.get(obj.address, {})
        wanted = attr.split(".")[0].lower() if attr else "ref"
        for name in (wanted, {"ref": "id", "id": "key_id", "keyid": "key_id"}.get(wanted, wanted)):
            if name in known:
                return known[name]
        return None

    def stand_in(self, template: str, *, naming: bool = False) -> str | None:
        """The string an unknown template (``replica-${random_pet.this.id}``) stands for in the replay.

        Each ``${ref}`` becomes the simulated value of the object it names when there is one, else a stable
        token derived from the ref, so every reference with the same template means the same string — the
        bucket a replication rule names by ``arn:aws:s3:::replica-${random_pet.this.id}`` is the bucket
        named ``replica-${random_pet.this.id}`` — and the literal text (a ``bucket_prefix``) is kept.
        ``naming`` is for the name of an object of the scan itself; any other template stands in only when
        each token is part of such a name (otherwise it names something outside the scan, say a data
        source's bucket, and a made-up value would decide for it): None then.
        """
        missing: list[str] = []

        def part(ref: str) -> str:
            known = self._known(ref)
            if known is not None:
                return known
            token = stand_in_token(ref)
            if not naming and token not in self.name_tokens:
                missing.append(ref)
            return token

        text = _TEMPLATE_PART.sub(lambda m: part(m.group(1)), template)
        return None if missing else text


_TEMPLATE_PART = re.compile(r"\$\{([^}]+)\}")


def template_refs(template: str) -> list[str]:
    """The refs of the unknown parts of a template, in order (``replica-${random_pet.this.id}`` → the pet)."""
    return _TEMPLATE_PART.findall(template)


def stand_in_token(ref: str) -> str:
    """The stable stand-in for one unknown part of a name: 8 lower-case hex digits (valid in every name)."""
    return hashlib.sha256(ref.encode()).hexdigest()[:8]


def synthetic_id(address: str, multi_region: bool) -> str:
    """A stable key id for a key whose id the code only knows after apply."""
    u = uuid.uuid5(_NAMESPACE, address)
    return f"mrk-{u.hex}" if multi_region else str(u)


def seed_world(world: World, *, standins_unknown: bool = True) -> SeededCloud:
    """A fresh simulated cloud holding what ``world`` declares.

    ``standins_unknown``: the world's stand-in accounts (placeholders for accounts the code does not name) are
    the cloud's :attr:`~iacsim.sim.Cloud.unknown_accounts`, so a decision that turns on which account they are
    is ``unknown`` in the replay (docs/architecture.md §4). A cloud that runs application code or encrypts a
    blob (``iacsim.testing``, ``iacsim encrypt``) acts in the stand-in as if it were the account, and passes
    False."""
    from iacsim.clock import scan_time
    from iacsim.flows.seed.iam import seed_iam
    from iacsim.flows.seed.kms import seed_kms
    from iacsim.flows.seed.names import assign_names
    from iacsim.flows.seed.s3 import seed_s3
    from iacsim.model.standin import standin_account_hints

    seeded = SeededCloud(Cloud(start=scan_time()), world=world)
    if standins_unknown:
        seeded.cloud.unknown_accounts = standin_account_hints(world)
    # Creating what the code declares is setup, not the replay: it stays out of the audit trail.
    with paused():
        assign_names(world, seeded)
        seed_iam(world, seeded)
        seed_kms(world, seeded)
        seed_s3(world, seeded)
    return seeded
