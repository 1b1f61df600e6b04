"""``--format json``: the documented, versioned report (docs/report-schema.json)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from iacsim.findings import FlowStep
from iacsim.report.data import Coverage, Report
from iacsim.report.escape import valid_unicode_data


def report_to_dict(report: Report) -> dict[str, Any]:
    data = {
        "schema_version": report.schema_version,
        "summary": report.summary,
        "findings": [_finding(f) for f in report.findings],
        "flows": [
            {"kind": fl.kind, "name": fl.name, "verdict": fl.verdict,
             "steps": [_step(s) for s in fl.steps]}
            for fl in report.flows
        ],
        "cost": report.cost,
        "model": report.model,
        "assumptions": report.assumptions,
        "coverage": coverage_to_dict(report.coverage),
    }
    if report.data_versions:
        data["data_versions"] = report.data_versions
    if report.diff is not None:
        data["diff"] = report.diff
    return data


def coverage_to_dict(c: Coverage) -> dict[str, Any]:
    """The ``coverage`` section (docs/report-schema.md): notices, unmodelled types, unknown flows."""
    return {
        "notices": [dataclasses.asdict(n) for n in c.notices],
        "notices_by_code": c.notices_by_code(),
        "unmodelled_types": [dataclasses.asdict(u) for u in c.unmodelled_types],
        "not_replayed": [dataclasses.asdict(n) for n in c.not_replayed],
        "unknown_flows": {
            "total": c.unknown_flows,
            "key_flows": c.unknown_key_flows,
            "reasons": [dataclasses.asdict(r) for r in c.unknown_reasons],
            "summary": c.summary_line,
        },
    }


def _finding(f: Any) -> dict[str, Any]:
    d = dataclasses.asdict(f)
    for optional in ("fix", "suppression_reason", "flow"):
        if d[optional] is None:
            del d[optional]
    if d["module_calls"]:
        d["module_calls"] = list(d["module_calls"])
    else:
        del d["module_calls"]
    return d


def _step(s: FlowStep) -> dict[str, Any]:
    d = {**dataclasses.asdict(s), "events": list(s.events)}
    for optional in ("error_code", "after"):
        if d[optional] is None:
            del d[optional]
    if "after" in d:
        d["after"] = list(d["after"])
    return d


def render_json(report: Report) -> str:
    # valid UTF-8 always: a lone surrogate from a JSON input's "\ud800" escape becomes U+FFFD
    return json.dumps(valid_unicode_data(report_to_dict(report)), indent=2, sort_keys=False, default=str) + "\n"
