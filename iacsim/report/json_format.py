"""``--format json``: the documented, versioned report (docs/report-schema.json)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from iacsim.findings import FlowStep
from iacsim.report.data import Report
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
    }
    if report.diff is not None:
        data["diff"] = report.diff
    return data


def _finding(f: Any) -> dict[str, Any]:
    d = dataclasses.asdict(f)
    for optional in ("fix", "suppression_reason", "flow"):
        if d[optional] is None:
            del d[optional]
    return d


def _step(s: FlowStep) -> dict[str, Any]:
    d = {**dataclasses.asdict(s), "events": list(s.events)}
    if d["error_code"] is None:
        del d["error_code"]
    return d


def render_json(report: Report) -> str:
    # valid UTF-8 always: a lone surrogate from a JSON input's "\ud800" escape becomes U+FFFD
    return json.dumps(valid_unicode_data(report_to_dict(report)), indent=2, sort_keys=False, default=str) + "\n"
