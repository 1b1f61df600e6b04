"""Assemble a :class:`Report` from what the pipeline produced."""

from __future__ import annotations

from collections import Counter
from typing import Any

from iacsim.catalog import rule_catalog
from iacsim.findings import CATEGORIES, SEVERITIES, Finding, FlowResult, severity_rank
from iacsim.load import ScanInput
from iacsim.report.baseline import apply_baseline
from iacsim.report.coverage import build_coverage
from iacsim.report.data import Report
from iacsim.rules.parse.diagnostics import diagnostic_finding, model_diagnostic_finding
from iacsim.values import Unknown


def _placements(scan: ScanInput) -> dict[str, Any]:
    accounts: dict[str, dict[str, Any]] = {}
    for res in scan.result.resources:
        if not res.type.startswith(("aws_", "awscc_", "AWS::")):
            continue  # random_pet, null_resource…: not placed in an AWS account
        p = res.placement
        acct = p.account if isinstance(p.account, str) else "unknown"
        region = p.region if isinstance(p.region, str) else "unknown"
        entry = accounts.setdefault(acct, {"regions": set(), "assumed": False})
        entry["regions"].add(region)
        entry["assumed"] = entry["assumed"] or p.account_assumed
    return {a: {"regions": sorted(e["regions"]), "assumed": e["assumed"]} for a, e in sorted(accounts.items())}


def build_report(scan: ScanInput, model: dict[str, Any], fail_on: str,
                 findings: list[Finding] | None = None, flows: list[FlowResult] | None = None,
                 cost: dict[str, Any] | None = None, baseline: set[str] | None = None,
                 worlds: list[dict[str, Any]] | None = None, fail_on_unknown: bool = False) -> Report:
    """The report; ``fail_on_unknown`` makes an unknown flow that carries a key decision fail the verdict.

    Loader notices (remote modules not downloaded, data sources, transforms…) go to the coverage section,
    never to the findings: valid code passes ``--fail-on low`` (docs/architecture.md §4).
    """
    diagnostics = scan.result.diagnostics
    all_findings = [diagnostic_finding(d) for d in diagnostics if not d.is_notice] + list(findings or [])
    all_findings += [f for d in model.get("diagnostics", []) if (f := model_diagnostic_finding(d)) is not None]
    if baseline:
        all_findings = apply_baseline(all_findings, baseline)
    all_findings.sort(key=lambda f: (-severity_rank(f.severity), f.file, f.line, f.rule_id))
    flows = list(flows or [])
    coverage = build_coverage(diagnostics, flows, model)
    active = [f for f in all_findings if not f.suppressed]
    managed = [r for r in scan.result.resources if r.mode == "managed"]
    by_type = Counter(r.type for r in managed)
    failing = [f for f in active if severity_rank(f.severity) >= severity_rank(fail_on)]
    unknown_values = sum(1 for r in managed for v in r.attrs.values() if isinstance(v, Unknown))
    fails = bool(failing) or (fail_on_unknown and coverage.unknown_key_flows > 0)
    summary: dict[str, Any] = {
        "verdict": "fail" if fails else "pass",
        "fail_on": fail_on,
        "fail_on_unknown": fail_on_unknown,
        "files_read": len(scan.result.files),
        "files": sorted(scan.result.files),
        "resources": len(managed),
        "data_sources": sum(1 for r in scan.result.resources if r.mode == "data"),
        "resources_by_type": dict(sorted(by_type.items())),
        "accounts": _placements(scan),
        "parse_errors": sum(1 for f in all_findings if f.category == "parse-error"),
        "unknown_values": unknown_values,
        "findings": {
            "total": len(active),
            "suppressed": len(all_findings) - len(active),
            "by_severity": {s: sum(1 for f in active if f.severity == s) for s in SEVERITIES},
            "by_category": {c: sum(1 for f in active if f.category == c) for c in CATEGORIES},
        },
        "flows": {
            "total": len(flows),
            **{v: sum(1 for fl in flows if fl.verdict == v) for v in ("pass", "fail", "unknown")},
        },
    }
    summary["unmodelled_types"] = {u["type"]: u["count"] for u in model.get("unmodelled", []) if isinstance(u, dict)}
    summary["model_diagnostics"] = len(model.get("diagnostics", []))
    # the independently simulated deployments: name, units, how placed (iacsim.worlds)
    summary["worlds"] = list(worlds or [])
    summary["notices"] = len(coverage.notices)
    return Report(
        root=str(scan.discovered.root),
        summary=summary,
        findings=all_findings,
        flows=flows,
        cost=cost or {},
        model=model,
        assumptions=list(scan.result.assumptions),
        rules=rule_catalog(),
        coverage=coverage,
    )
