"""The report every renderer consumes: findings, flows, cost, model, summary.

The vocabulary it is made of (findings, flows, severities…) is :mod:`iacsim.findings`.

Renderers (text, JSON, HTML, …) take a :class:`Report` and format it; none of
them recomputes anything. Field names follow the JSON contract in docs/report-schema.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacsim.findings import Finding, FlowResult, RuleMeta, severity_rank

SCHEMA_VERSION = "1.1.0"
"""Semver of the JSON report: minor for additions, major for breaking changes.
1.1.0: ``summary.worlds``."""

JOIN_WORLDS = ("each world is simulated on its own; to simulate units together (deployed to one account, "
               "like Terraform workspaces or a StackSet), name them in .iacsim.yml: "
               "worlds: {prod: [envs/prod/network, envs/prod/app]}")
"""How to join worlds (``summary.worlds``), for the renderers."""


def several_worlds(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """``summary.worlds`` when the scan was split into more than one (one world needs no mention)."""
    worlds: list[dict[str, Any]] = summary.get("worlds") or []
    return worlds if len(worlds) > 1 else []

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
