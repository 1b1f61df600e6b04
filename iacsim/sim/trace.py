"""One step of a replayed service operation, as the simulator reports it.

S3 replication and EC2 launches both return the calls the service made on a
principal's behalf, each with its authorization decision and the evaluator's
reason; they share this one record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class TraceStep:
    """One call a service made (or check it ran): who, what, on what, and the decision with its reason.

    For S3 replication, ``action`` ``s3:Replication`` is S3's own selection of the object (rule
    match, encryption eligibility) rather than an authorized action.
    """

    principal: str
    action: str
    resource: str
    decision: Literal["allowed", "denied"]
    reason: str
    events: tuple[str, ...] = ()
    """``eventID``s of the CloudTrail-shaped records the step's call made (:mod:`iacsim.sim.audit`)."""

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
