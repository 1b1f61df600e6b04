"""One step of a replayed service operation, as the simulator reports it.

S3 replication, EC2 launches and the services that seal data keys (EBS, RDS,
DynamoDB, EFS) return the calls the service made on a principal's behalf, each
with its authorization decision and the evaluator's reason; they share this one
record, and :class:`KmsSteps` records the KMS calls for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from iacsim.sim.audit import capture
from iacsim.sim.errors import ClientError, Undecidable

if TYPE_CHECKING:
    from iacsim.sim.principal import Caller


@dataclass(frozen=True)
class TraceStep:
    """One call a service made (or check it ran): who, what, on what, and the decision with its reason.

    For S3 replication, ``action`` ``s3:Replication`` is S3's own selection of the object (rule
    match, encryption eligibility) rather than an authorized action.
    """

    principal: str
    action: str
    resource: str
    decision: Literal["allowed", "denied", "unknown"]
    """``unknown``: the simulator could not decide (:class:`~iacsim.sim.errors.Undecidable`), never a deny."""
    reason: str
    events: tuple[str, ...] = ()
    """``eventID``s of the CloudTrail-shaped records the step's call made (:mod:`iacsim.sim.audit`)."""
    error_code: str | None = None
    """The AWS error code of a refused call (flows never re-parse it from :attr:`reason`)."""

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"

    def to_dict(self) -> dict[str, str]:
        return {
            "principal": self.principal,
            "action": self.action,
            "resource": self.resource,
            "decision": self.decision,
            "reason": self.reason,
        }


class KmsRefused(Exception):
    """A KMS call a service made on someone's behalf was refused; ``step`` says which and why, ``code`` is
    KMS's error code."""

    def __init__(self, step: TraceStep, code: str) -> None:
        super().__init__(f"{step.action} on {step.resource}: {step.reason}")
        self.step = step
        self.code = code


class KmsUndecided(Undecidable):
    """A KMS call a service made could not be decided: ``step`` is the ``unknown`` step recorded for it. The
    service stops there without failing; left uncaught it reaches the flow as any :class:`Undecidable`."""

    def __init__(self, step: TraceStep) -> None:
        super().__init__(step.reason)
        self.step = step


class KmsSteps:
    """Records the KMS calls a service makes for one request as trace steps (EBS, RDS, DynamoDB, EFS).

    Each step names the CloudTrail-shaped records its call made; a refused call is recorded as a denied
    step and raised as :class:`KmsRefused`. Subclasses (dataclasses) hold ``caller`` and ``steps``.
    """

    caller: Caller
    steps: list[TraceStep]

    def _call(self, action: str, resource: str, call: Callable[[], Any], detail: str,
              principal: str | None = None) -> Any:
        with capture() as recorded:
            try:
                response = call()
            except ClientError as error:
                err = error.response["Error"]
                self._fail(action, resource, f"{err['Code']}: {err['Message']}", err["Code"],
                           tuple(e["eventID"] for e in recorded), principal)
            except Undecidable as undecided:
                self.undecided(action, resource, undecided.reason, tuple(e["eventID"] for e in recorded),
                               principal)
        self.steps.append(TraceStep(principal or self.caller.principal.arn, action, resource, "allowed", detail,
                                    tuple(e["eventID"] for e in recorded)))
        return response

    def undecided(self, action: str, resource: str, reason: str, events: tuple[str, ...] = (),
                  principal: str | None = None) -> NoReturn:
        """Record an ``unknown`` step and stop the operation (:class:`KmsUndecided`)."""
        step = TraceStep(principal or self.caller.principal.arn, action, resource, "unknown", reason, events)
        self.steps.append(step)
        raise KmsUndecided(step)

    def _fail(self, action: str, resource: str, reason: str, code: str, events: tuple[str, ...] = (),
              principal: str | None = None) -> NoReturn:
        step = TraceStep(principal or self.caller.principal.arn, action, resource, "denied", reason, events, code)
        self.steps.append(step)
        raise KmsRefused(step, code)
