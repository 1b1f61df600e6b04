"""What a key reference of the scan means in the seeded cloud: one lookup for every flow (and the seed).

A reference names a key of the scan (found by address, id, ARN or alias, in the referrer's account and
Region) that was recreated in the simulated cloud under an ARN — or that could not be (its policy is
unknown, AWS would reject it) — or a key outside the scan, known only as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacsim.flows.seed import SeededCloud
from iacsim.model import World
from iacsim.model.ids import Ref
from iacsim.model.kms import KmsKey
from iacsim.sim.kms.policy import AWS_MANAGED_SERVICES
from iacsim.values import Unknown, unknown_because


@dataclass(frozen=True)
class SimulatedKey:
    """One key reference, looked up in the world and the seeded cloud."""

    key: KmsKey | None
    """The scan's key the reference names (None: outside the scan, or not known statically)."""
    arn: str | None
    """Its ARN in the simulated cloud (None when it was not recreated)."""
    written: object
    """The reference with values known only after apply resolved (an ARN or alias outside the scan)."""
    problem: str | None
    """Why the scan's key is not in the simulated cloud: its policy is unknown, AWS rejects it…"""


def simulated_key(world: World, seeded: SeededCloud, ref: Ref | None, account: str, region: str,
                  near: str | None = None) -> SimulatedKey:
    """Look ``ref`` up; ``near`` is the referring object's address (a key shared by id in two modules
    resolves to the one in the referrer's module)."""
    key = world.find_key(ref, account=account, region=region, near=near)
    written = seeded.resolve(ref)
    if key is None:
        return SimulatedKey(None, None, written, None)
    if key.address in seeded.key_ids:
        return SimulatedKey(key, str(seeded.key_ids[key.address][2]), written, None)
    if key.address in seeded.unknown:
        problem = f"{key.address}: {seeded.unknown[key.address]}"
    elif key.address in seeded.failed:
        problem = f"{key.address} is rejected at apply time ({seeded.failed[key.address]})"
    else:
        problem = f"{key.address} was not recreated in the simulation"
    return SimulatedKey(key, None, written, problem)


def key_as_passed(world: World, seeded: SeededCloud, ref: Ref | None, account: str, region: str) -> str | None:
    """The key to pass to a service: the simulated ARN of the scan's key, else the reference as written
    (resolved); None when it is not known statically."""
    found = simulated_key(world, seeded, ref, account, region)
    if found.arn is not None:
        return found.arn
    return found.written if isinstance(found.written, str) else None


def key_arn_for(world: World, seeded: SeededCloud, ref: Ref | None, account: str, region: str,
                near: str | None = None) -> tuple[str | None, str]:
    """The simulated ARN (or the alias as written) of the key ``ref`` names, or ``(None, why)`` when a
    replay through it could only guess: a key outside the scan (its key policy is unknown), a key whose
    policy is unknown, one AWS would reject at apply time, or one not recreated in the simulation."""
    found = simulated_key(world, seeded, ref, account, region, near)
    if found.key is None:
        if _aws_managed_alias(found.written, account):
            return str(found.written), ""  # KMS creates the AWS managed key on first use (aws-behaviour.md §7)
        if isinstance(found.written, str) and found.written.startswith("arn:"):
            return None, f"the key {found.written} is not in the scan, so its key policy is not known"
        if isinstance(found.written, Unknown):  # say which input is missing and how to give it
            because = unknown_because(found.written) or f" ({found.written.reason})"
            return None, f"the key is not known statically, so its key policy is not known{because}"
        return None, "the key is not known statically or not in the scan, so its key policy is not known"
    if found.problem is not None:
        return None, found.problem
    if isinstance(ref, str) and (ref.startswith("alias/") or ":alias/" in ref):
        return ref, ""  # an alias as written: the service resolves it (the seeded cloud holds the scan's aliases)
    return found.arn, ""


def _aws_managed_alias(written: object, account: str) -> bool:
    """``alias/aws/<service>`` (or its alias ARN in ``account``) of an AWS managed key the simulator knows:
    its key policy is AWS's, so a replay through it decides rather than guesses."""
    if not isinstance(written, str):
        return False
    name = written
    if written.startswith("arn:"):
        parts = written.split(":", 5)
        if len(parts) != 6 or parts[2] != "kms" or parts[4] != account:
            return False
        name = parts[5]
    return name.startswith("alias/aws/") and name.removeprefix("alias/aws/") in AWS_MANAGED_SERVICES
