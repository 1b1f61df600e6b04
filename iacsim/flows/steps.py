"""Turning simulated calls into trace steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowStep, Verdict
from iacsim.model.iam import IamRole, IamUser
from iacsim.sim import ClientError
from iacsim.sim.audit import capture

DENIALS = ("AccessDenied", "AccessDeniedException", "KMS.AccessDeniedException",
           # SNS: a topic policy denial and a KMS denial surfaced by Publish (sns-key-management "AWS KMS errors").
           "AuthorizationError", "KMSAccessDeniedException")


def call_step(principal: str, action: str, resource: str, call: Callable[[], Any],
              ok_reason: str) -> tuple[FlowStep, Any]:
    """Run one simulated call; the step says allowed, denied (authorization) or error (anything else).

    The step names the CloudTrail-shaped records the call made (its ``events``), so a report can link
    each step to the audit trail."""
    with capture() as recorded:
        try:
            out = call()
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            decision = "denied" if code in DENIALS else "error"
            return FlowStep(principal, action, resource, decision, f"{code}: {exc.response['Error']['Message']}",
                            events=_ids(recorded)), None
    return FlowStep(principal, action, resource, "allowed", ok_reason, events=_ids(recorded)), out


def _ids(events: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(e["eventID"] for e in events)


def verdict(steps: list[FlowStep] | tuple[FlowStep, ...]) -> Verdict:
    if any(s.decision in ("denied", "error") for s in steps):
        return "fail"
    if any(s.decision == "unknown" for s in steps):
        return "unknown"
    return "pass"


def root(account: str) -> str:
    return str(Arn.iam_root("aws", account))


def key_arn_for(ctx: Any, seeded: Any, ref: Any, account: str, region: str,
                near: str | None = None) -> tuple[str | None, str]:
    """The simulated ARN (or the alias as written) of the key ``ref`` names, or ``(None, why)`` when a
    replay through it could only guess: a key outside the scan (its key policy is unknown), a key whose
    policy is unknown, one AWS would reject at apply time, or one not recreated in the simulation.

    ``near`` is the referring object's address (a key shared by id in two modules resolves to the one in
    the referrer's module)."""
    key = ctx.world.find_key(ref, account=account, region=region, near=near)
    if key is None:
        resolved = seeded.resolve(ref)
        if isinstance(resolved, str) and resolved.startswith("arn:"):
            return None, f"the key {resolved} is not in the scan, so its key policy is not known"
        return None, "the key is not known statically or not in the scan, so its key policy is not known"
    if key.address in seeded.unknown:
        return None, f"{key.address}: {seeded.unknown[key.address]}"
    if key.address in seeded.failed:
        return None, f"{key.address} is rejected at apply time ({seeded.failed[key.address]})"
    if key.address not in seeded.key_ids:
        return None, f"{key.address} was not recreated in the simulation"
    if isinstance(ref, str) and (ref.startswith("alias/") or ":alias/" in ref):
        return ref, ""  # an alias as written: the service resolves it (the seeded cloud holds the scan's aliases)
    return str(seeded.key_ids[key.address][2]), ""


def principals_in(ctx: Any, seeded: Any) -> list[IamRole | IamUser]:
    """The scan's roles and users that exist in the simulated cloud under a known ARN: the principals a replay
    can act as (readers, consumers, users of a key)."""
    found: list[IamRole | IamUser] = [*ctx.world.of_type(IamRole), *ctx.world.of_type(IamUser)]
    return [r for r in found
            if isinstance(r.arn, str) and r.address not in seeded.unknown and r.address not in seeded.failed]
