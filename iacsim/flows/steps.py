"""Turning simulated calls into trace steps."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from iacsim.aws.arn import Arn
from iacsim.findings import FlowStep, StepDecision, Verdict
from iacsim.flows.base import FlowContext
from iacsim.flows.seed import SeededCloud
from iacsim.model.base import ModelObject
from iacsim.model.iam import IamRole, IamUser
from iacsim.sim import ClientError, Cloud, PermissionsUnknown, Undecidable, authorize
from iacsim.sim.audit import capture
from iacsim.sim.principal import Caller
from iacsim.sim.trace import TraceStep

T = TypeVar("T")
ObjT = TypeVar("ObjT", bound=ModelObject)

DENIALS = ("AccessDenied", "AccessDeniedException", "KMS.AccessDeniedException",
           # SNS: a topic policy denial and a KMS denial surfaced by Publish (sns-key-management "AWS KMS errors").
           "AuthorizationError", "KMSAccessDeniedException")


def is_denial(code: str | None) -> bool:
    """An AWS error code that is an authorization denial (a failed step is ``denied``, else ``error``)."""
    return code in DENIALS


def call_step(principal: str, action: str, resource: str, call: Callable[[], T],
              ok_reason: str) -> tuple[FlowStep, T | None]:
    """Run one simulated call; the step says allowed, denied (authorization) or error (anything else), and a
    failed call's AWS error code.

    The step names the CloudTrail-shaped records the call made (its ``events``), so a report can link
    each step to the audit trail."""
    with capture() as recorded:
        try:
            out = call()
        except Undecidable as exc:  # the simulator lacks what AWS would decide on: never a deny
            return FlowStep(principal, action, resource, "unknown", exc.reason,
                            events=tuple(e["eventID"] for e in recorded)), None
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            decision: StepDecision = "denied" if is_denial(code) else "error"
            return FlowStep(principal, action, resource, decision, f"{code}: {exc.response['Error']['Message']}",
                            events=tuple(e["eventID"] for e in recorded), error_code=code), None
    return FlowStep(principal, action, resource, "allowed", ok_reason,
                    events=tuple(e["eventID"] for e in recorded)), out


def trace_step(step: TraceStep) -> FlowStep:
    """A step a simulated service reports (S3 replication, an EC2 launch, a service's KMS calls), as it is."""
    return FlowStep(step.principal, step.action, step.resource, step.decision, step.reason, step.events,
                    error_code=step.error_code)


def service_kms_steps(steps: Sequence[TraceStep]) -> list[FlowStep]:
    """A service's KMS calls as flow steps; a refusal that is not an authorization denial is an ``error``."""
    return [trace_step(s) if s.decision != "denied" or is_denial(s.error_code)
            else FlowStep(s.principal, s.action, s.resource, "error", s.reason, s.events, error_code=s.error_code)
            for s in steps]


def kms_failures(cloud: Cloud, step: FlowStep, *, access_denied: bool = False) -> list[dict[str, Any]]:
    """The audit records of the KMS calls made for ``step`` that failed (``access_denied``: only those refused
    access, not a bad ciphertext or a disabled key)."""
    if not step.events:
        return []
    mine = set(step.events)
    return [e for e in cloud.audit.events if e["eventID"] in mine and e["eventSource"] == "kms.amazonaws.com"
            and ("errorCode" in e if not access_denied else is_denial(e.get("errorCode")))]


def kms_refused(cloud: Cloud, step: FlowStep, *, access_denied: bool = False) -> bool:
    """Whether a KMS call made for ``step`` failed, by the audit records the step names: the key, not the
    service's own policy, refused (S3 and Secrets Manager report both with the same error code)."""
    return bool(kms_failures(cloud, step, access_denied=access_denied))


def verdict(steps: Sequence[FlowStep]) -> Verdict:
    """``fail`` iff some denied (or erroneous) step depends on no ``unknown`` step: an undecided step the
    denial depends on may decide whether it is reached at all, or with what. What a step depends on is its
    :attr:`~iacsim.findings.FlowStep.after` (every earlier step when ``None``), followed transitively.
    Otherwise ``unknown`` if any step is, else ``pass``."""
    undecided = [False] * len(steps)  # step i, or a step it depends on (transitively), is unknown
    for i, step in enumerate(steps):
        needs = range(i) if step.after is None else [j for j in step.after if 0 <= j < i]
        undecided[i] = step.decision == "unknown" or any(undecided[j] for j in needs)
        if step.decision in ("denied", "error") and not undecided[i]:
            return "fail"
    return "unknown" if any(s.decision == "unknown" for s in steps) else "pass"


def intends(cloud: Cloud, caller: Caller, action: str, resource: str, **kwargs: Any) -> bool:
    """Whether the principal's known policies allow ``action``: who a replay treats as meaning to use a resource.

    A principal whose permission set is incomplete and whose known policies do not decide it is not taken as
    a reader (every role with one AWS managed policy attached would otherwise make every read replay unknown);
    the replay of a reader it does follow still answers ``unknown`` wherever the unseen policies matter. A
    known policy whose answer hangs on a value only known after apply does count: the replayed call then
    reports it as unknown, where skipping the principal would hide it.
    """
    try:
        return authorize(cloud, caller, action, resource, **kwargs).allowed
    except PermissionsUnknown:
        return False
    except Undecidable:
        return True


def root(account: str) -> str:
    return str(Arn.iam_root("aws", account))


def principals_in(ctx: FlowContext, seeded: SeededCloud) -> list[IamRole | IamUser]:
    """The scan's roles and users that exist in the simulated cloud under a known ARN: the principals a replay
    can act as (readers, consumers, users of a key)."""
    found: list[IamRole | IamUser] = [*ctx.world.of_type(IamRole), *ctx.world.of_type(IamUser)]
    return [r for r in found
            if isinstance(r.arn, str) and r.address not in seeded.unknown and r.address not in seeded.failed]


def clouds_by_name(ctx: FlowContext, objects: Sequence[ObjT], name: Callable[[ObjT], object]
                   ) -> Iterator[tuple[SeededCloud, ObjT]]:
    """Each object with the seeded cloud to replay it on: one cloud for all of them, and a fresh one whenever a
    name repeats in one account and Region (a sample and its broken variant), so one replay never sees another's
    object of the same name. A name not known statically counts as the object's own (its address)."""
    seeded = ctx.new_cloud()
    used: set[tuple[str, str, str]] = set()
    for obj in objects:
        known = name(obj)
        slot = (obj.account, obj.region, known if isinstance(known, str) else obj.address)
        if slot in used:
            seeded, used = ctx.new_cloud(), set()
        used.add(slot)
        yield seeded, obj
