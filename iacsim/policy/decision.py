"""The evaluator's answer: outcome plus the reasons a user needs to fix a denial."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["allowed", "implicit_deny", "explicit_deny", "unknown"]
"""``unknown``: a statement holding a value not known before apply could change the answer
(docs/architecture.md §4: missing information is neither an allow nor a deny)."""

ReasonRole = Literal["allow", "deny", "decisive", "near_miss", "rule", "unknown"]
"""Why a reason is listed.

* ``allow`` / ``deny``: a statement (or grant) that matched the request with that effect.
* ``decisive``: the fact that decided the outcome (always exactly one per decision).
* ``near_miss``: for an implicit deny, the Allow statement that came closest and what failed.
* ``rule``: an AWS rule or fact that applied (a statement ignored, a grant operation the key type
  cannot do, an assumed resource account ...).
* ``unknown``: a statement that may apply, depending on a value not known before apply, and that
  could change the outcome.
"""


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of explanation."""

    role: ReasonRole
    """See :data:`ReasonRole`."""
    kind: str
    """Policy kind: ``identity``, ``resource``, ``key``, ``boundary``, ``session``, ``scp``, ``rcp``,
    ``endpoint``, ``grant`` or ``rule``."""
    policy: str
    """Which policy: ``identity policy #0``, ``key policy``, ``SCP level 1 policy #0``, ``grant g-1``."""
    statement: str | None
    """Sid, or ``Statement[i]`` when the statement has no Sid; None for whole-policy facts."""
    message: str
    """A human sentence."""

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "kind": self.kind,
            "policy": self.policy,
            "statement": self.statement,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """Result of :func:`iacsim.policy.evaluate`."""

    outcome: Outcome
    """``allowed``, ``implicit_deny``, ``explicit_deny`` or ``unknown``."""
    reasons: tuple[Reason, ...] = field(default=())
    """Ordered: matching statements first, then rules applied, then the decisive reason."""
    summary: str = ""
    """One human sentence, also what ``str(decision)`` returns."""

    @property
    def allowed(self) -> bool:
        return self.outcome == "allowed"

    @property
    def decisive(self) -> Reason | None:
        """The reason that decided the outcome."""
        for reason in self.reasons:
            if reason.role == "decisive":
                return reason
        return None

    def __str__(self) -> str:
        return self.summary

    def explain(self) -> str:
        """The summary followed by every reason, one per line (for terminals and logs)."""
        lines = [self.summary]
        lines.extend(f"  - [{r.role}] {r.message}" for r in self.reasons)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "allowed": self.allowed,
            "summary": self.summary,
            "reasons": [r.to_dict() for r in self.reasons],
        }
