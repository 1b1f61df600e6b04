"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning.

Follows the OASIS SARIF 2.1.0 schema and GitHub's documented subset
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
``tool.driver.rules`` from the rule registry, results with ``ruleId``,
``level``, a physical location (relative URI and line), stable
``partialFingerprints`` (:mod:`iacsim.report.fingerprint`), a ``codeFlow`` when a finding comes from a
replayed flow, and ``relatedLocations`` naming the ``module`` blocks (and argument) a resource inside a
module was created through. Coverage notices are not results: they are ``toolExecutionNotifications`` of
the run's invocation (SARIF 2.1.0 §3.20.21, §3.58), so code scanning never opens an alert for them.
"""

from __future__ import annotations

import json
from typing import Any

from iacsim import __version__
from iacsim.findings import Finding, FlowResult
from iacsim.links import project_uri
from iacsim.report.data import Report
from iacsim.report.fingerprint import SARIF_KEY, fingerprint
from iacsim.report.paths import repository_path, source_root

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
SRCROOT = "%SRCROOT%"
"""The base every location is relative to: the repository root (GitHub's convention for checkouts)."""


def _artifact(root: str, file: str) -> dict[str, str]:
    return {"uri": repository_path(root, file), "uriBaseId": SRCROOT}


def _location(root: str, f: Finding) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(root, f.file),
            "region": {"startLine": max(1, f.line)},
        },
        "logicalLocations": [{"fullyQualifiedName": f.resource, "kind": "resource"}],
    }


def _related(root: str, f: Finding) -> list[dict[str, Any]]:
    """The module calls of a finding on a resource inside a module, outermost first."""
    return [{
        "id": i,
        "physicalLocation": {"artifactLocation": _artifact(root, c.file),
                             "region": {"startLine": max(1, c.line)}},
        "message": {"text": f"{c.module}" + (f" argument {c.argument}" if c.argument else "") + " creates "
                            f"{f.resource}: fix or suppress it here"},
    } for i, c in enumerate(f.module_calls, 1)]


def _notifications(report: Report) -> list[dict[str, Any]]:
    cov = report.coverage
    out: list[dict[str, Any]] = [{
        "descriptor": {"id": n.code},
        "associatedRule": {"id": n.rule_id},
        "level": "note",
        "message": {"text": f"{n.message} — what to do: {n.what_to_do}"},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(report.root, n.file),
                                            "region": {"startLine": max(1, n.line)}}}],
    } for n in cov.notices]
    out += [{"descriptor": {"id": "type-not-simulated"}, "level": "note",
             "message": {"text": f"{u.count} × {u.type}: {u.what_to_do}"}} for u in cov.unmodelled_types]
    out += [{"descriptor": {"id": "not-replayed"}, "level": "note",
             "message": {"text": f"not replayed: {n.resource} ({n.type}) {n.attribute} → {n.what} — what to do: "
                                 f"{n.what_to_do}"},
             "locations": [{"physicalLocation": {"artifactLocation": _artifact(report.root, n.file),
                                                 "region": {"startLine": max(1, n.line)}}}]}
            for n in cov.not_replayed]
    out += [{"descriptor": {"id": f"unknown-flows/{r.kind}"}, "level": "note",
             "message": {"text": f"{r.count} unknown flows: {r.label} — {r.how_to_supply}"}}
            for r in cov.unknown_reasons]
    return out


def _code_flow(root: str, f: Finding, flow: FlowResult) -> dict[str, Any]:
    locations = []
    for i, step in enumerate(flow.steps, 1):
        loc = _location(root, f)
        loc["message"] = {"text": f"{i}. {step.principal} → {step.action} on {step.resource}: "
                                  f"{step.decision} — {step.reason}"}
        locations.append({"location": loc})
    return {"message": {"text": f"{flow.kind}: {flow.name} ({flow.verdict})"},
            "threadFlows": [{"locations": locations}]}


def report_to_sarif(report: Report) -> dict[str, Any]:
    flows = {fl.name: fl for fl in report.flows}
    rule_ids = [r.id for r in report.rules]
    rules = [{
        "id": r.id,
        "name": "".join(w.capitalize() for w in r.name.replace("-", " ").split()[:8]) or r.id,
        "shortDescription": {"text": r.short_description},
        "fullDescription": {"text": r.short_description},
        **({"helpUri": r.help_uri} if r.help_uri else {}),
        "help": {"text": r.short_description, "markdown": r.help_markdown or r.short_description},
        "defaultConfiguration": {"level": _LEVEL.get(r.default_severity, "warning")},
        # security-severity makes code scanning file the alert as a security alert: only for security rules
        # (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object)
        "properties": {"category": r.category, "tags": ["iac", "aws", r.category],
                       **({"security-severity": _SECURITY_SEVERITY.get(r.default_severity, "5.5")}
                          if r.category == "security" else {})},
    } for r in report.rules]
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "level": _LEVEL.get(f.severity, "warning"),
            "message": {"text": f"{f.resource}: {f.message}" + (f"\nFix: {f.fix}" if f.fix else "")},
            "locations": [_location(report.root, f)],
            "partialFingerprints": {SARIF_KEY: fingerprint(f)},
            "properties": {"severity": f.severity, "category": f.category},
        }
        if f.rule_id in rule_ids:
            result["ruleIndex"] = rule_ids.index(f.rule_id)
        if f.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": f.suppression_reason or ""}]
        if f.flow and f.flow in flows:
            result["codeFlows"] = [_code_flow(report.root, f, flows[f.flow])]
        if f.module_calls:
            result["relatedLocations"] = _related(report.root, f)
        results.append(result)
    sarif: dict[str, Any] = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "iacsim",
                "version": __version__,
                "semanticVersion": __version__,
                **({"informationUri": info} if (info := project_uri()) else {}),
                "rules": rules,
                **({"properties": {"dataVersions": report.data_versions}} if report.data_versions else {}),
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": source_root(report.root).as_uri() + "/"}},
            "results": results,
        }],
    }
    notifications = _notifications(report)
    if notifications:
        sarif["runs"][0]["invocations"] = [{"executionSuccessful": True,
                                            "toolExecutionNotifications": notifications}]
    return sarif


def render_sarif(report: Report) -> str:
    from iacsim.report.escape import valid_unicode_data

    return json.dumps(valid_unicode_data(report_to_sarif(report)), indent=2) + "\n"
