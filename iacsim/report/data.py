"""The report every renderer consumes: findings, flows, cost, model, summary.

Renderers (text, JSON, HTML, …) take a :class:`Report` and format it; none of
them recomputes anything. Field names follow the JSON contract in DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0.0"
"""Semver of the JSON report: minor for additions, major for breaking changes."""

SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
CATEGORIES: tuple[str, ...] = ("apply-error", "broken-flow", "security", "cost", "parse-error")
FLOW_KINDS: tuple[str, ...] = (
    "ssm-secure-string", "s3-replication", "ami-sharing", "multi-region-key", "key-rotation",
    "service-encryption", "code-secret", "expectation",
)
Verdict = Literal["pass", "fail", "unknown"]


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


@dataclass(frozen=True)
class FlowResult:
    kind: str
    name: str
    verdict: Verdict
    steps: tuple[FlowStep, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    """Every CloudTrail-shaped record the replay made, in call order (``iacsim plan --audit-log``)."""


@dataclass
class Report:
    root: str
    """The scanned root (absolute); finding paths are relative to it."""
    summary: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    flows: list[FlowResult] = field(default_factory=list)
    cost: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    rules: list[RuleMeta] = field(default_factory=list)
    worlds: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """``(name, model JSON)`` of each world when the scan was split into worlds (``.iacsim.yml worlds``);
    the HTML report draws one map per world. Not part of the JSON report (``model`` holds them merged)."""
    diff: dict[str, Any] | None = None
    """Comparison with a baseline scan (``--base``), when one was made; see :mod:`iacsim.report.diff`."""
    """Metadata of every rule that can produce a finding in this report."""
    schema_version: str = SCHEMA_VERSION

    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def failing(self, fail_on: str) -> list[Finding]:
        """Unsuppressed findings at or above ``fail_on`` (``none`` → nothing fails)."""
        threshold = severity_rank(fail_on)
        return [f for f in self.active_findings() if severity_rank(f.severity) >= threshold]
