"""Compare a scan with a baseline scan: what a pull-request reviewer wants to see.

Findings are matched by their fingerprint — rule, file, resource and flow; not the
line, which moves with unrelated edits, nor the message, so rewording a message does
not show a finding as fixed and new again; flows by kind and name. The result is stored on the
report as ``diff`` and shown by the Markdown, HTML, text and JSON renderers.
"""

from __future__ import annotations

from typing import Any

from iacsim.findings import Finding
from iacsim.report.data import Report
from iacsim.report.fingerprint import fingerprint


def _key(f: Finding) -> str:
    return fingerprint(f)


def _brief(f: Finding) -> dict[str, Any]:
    return {"rule_id": f.rule_id, "severity": f.severity, "category": f.category, "resource": f.resource,
            "file": f.file, "line": f.line, "message": f.message}


def compare(head: Report, base: Report, base_label: str) -> dict[str, Any]:
    head_f = {_key(f): f for f in head.active_findings()}
    base_f = {_key(f): f for f in base.active_findings()}
    head_flows = {(fl.kind, fl.name): fl.verdict for fl in head.flows}
    base_flows = {(fl.kind, fl.name): fl.verdict for fl in base.flows}
    changed = [
        {"kind": k, "name": n, "before": base_flows[(k, n)], "after": v}
        for (k, n), v in head_flows.items() if (k, n) in base_flows and base_flows[(k, n)] != v
    ]
    before = float(base.cost.get("monthly_total", 0.0) or 0.0)
    after = float(head.cost.get("monthly_total", 0.0) or 0.0)
    base_res = {r["address"]: r["monthly"] for r in base.cost.get("resources", [])}
    head_res = {r["address"]: r["monthly"] for r in head.cost.get("resources", [])}
    cost_changes = [
        {"address": a, "before": base_res.get(a, 0.0), "after": head_res.get(a, 0.0),
         "delta": round(head_res.get(a, 0.0) - base_res.get(a, 0.0), 2)}
        for a in sorted(set(base_res) | set(head_res)) if head_res.get(a, 0.0) != base_res.get(a, 0.0)
    ]
    return {
        "base": base_label,
        "findings": {
            "new": [_brief(f) for k, f in head_f.items() if k not in base_f],
            "fixed": [_brief(f) for k, f in base_f.items() if k not in head_f],
            "unchanged": sum(1 for k in head_f if k in base_f),
        },
        "flows": {
            "new": [{"kind": k, "name": n, "verdict": v} for (k, n), v in head_flows.items() if (k, n) not in base_flows],
            "removed": [{"kind": k, "name": n, "verdict": v} for (k, n), v in base_flows.items()
                        if (k, n) not in head_flows],
            "changed": changed,
        },
        "cost": {"monthly_before": round(before, 2), "monthly_after": round(after, 2),
                 "monthly_delta": round(after - before, 2), "resources": cost_changes},
    }
