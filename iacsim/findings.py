"""The findings vocabulary: what rules and flows produce and every report consumes.

This module sits below :mod:`iacsim.rules`, :mod:`iacsim.flows` and
:mod:`iacsim.report` and imports none of them, so a rule or a flow never reaches
up into the renderers for its types. Severities, categories, flow kinds and
verdicts are defined here once, as ``Literal`` types and the tuples that
enumerate them (in rank order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
"""Lowest first: :func:`severity_rank` is the position in this tuple."""

Category = Literal["apply-error", "broken-flow", "security", "cost", "parse-error"]
CATEGORIES: tuple[Category, ...] = get_args(Category)

FlowKind = Literal[
    "ssm-secure-string", "s3-replication", "ami-sharing", "multi-region-key", "key-rotation",
    "service-encryption", "code-secret", "expectation",
]
FLOW_KINDS: tuple[FlowKind, ...] = get_args(FlowKind)

Verdict = Literal["pass", "fail", "unknown"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

StepDecision = Literal["allowed", "denied", "error", "unknown"]


def severity_rank(severity: str) -> int:
    """Position in :data:`SEVERITIES`; ``none`` ranks above everything (nothing fails)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class RuleMeta:
    """What renderers need to describe a rule (SARIF ``tool.driver.rules``, docs links)."""

    id: str
    name: str
    short_description: str
    category: str
    default_severity: str
    help_markdown: str = ""
    help_uri: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    category: str
    resource: str
    """Resource address, or the file itself for parse errors."""
    file: str
    line: int
    message: str
    fix: str | None = None
    suppressed: bool = False
    suppression_reason: str | None = None
    flow: str | None = None
    """Name of the replayed flow this finding comes from, when it comes from one."""


@dataclass(frozen=True)
class FlowStep:
    principal: str
    action: str
    resource: str
    decision: str
    """``allowed``, ``denied``, ``error`` (the call failed for a non-authorization reason) or ``unknown``."""
    reason: str
    events: tuple[str, ...] = ()
    """``eventID``s of the CloudTrail-shaped records this step's calls made (see :mod:`iacsim.sim.audit`)."""
    error_code: str | None = None
    """The AWS error code of a failed call (``AccessDeniedException``, ``KMSInvalidStateException``…), so
    callers never re-parse it from :attr:`reason`."""


@dataclass(frozen=True)
class FlowResult:
    kind: str
    name: str
    verdict: Verdict
    steps: tuple[FlowStep, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    """Every CloudTrail-shaped record the replay made, in call order (``iacsim plan --audit-log``)."""
