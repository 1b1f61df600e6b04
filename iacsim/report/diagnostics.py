"""Input problems (``Diagnostic`` records) as ``parse-error`` findings.

These are the only findings that do not come from a rule on the model; their
ids are stable so CI baselines and SARIF fingerprints survive across versions.
"""

from __future__ import annotations

from typing import Any

from iacsim.findings import Finding, RuleMeta
from iacsim.load.resource import Diagnostic
from iacsim.report.limit_rules import LIMIT_HELP, LIMIT_RULES

PARSE_RULES: dict[str, tuple[str, str]] = {
    # diagnostic code: (rule id, short description)
    "parse-error": ("PARSE001", "The file cannot be read or parsed"),
    "eval-cycle": ("PARSE002", "Values depend on each other in a cycle and cannot be evaluated"),
    "not-simulated": ("PARSE003", "Input that iacsim reads but does not simulate (transforms, unsupported types)"),
    "module-not-downloaded": ("PARSE003", "Input that iacsim reads but does not simulate (transforms, unsupported types)"),
    **LIMIT_RULES,
}
OTHER_RULE = ("PARSE004", "The input is readable but questionable (missing properties, unsupported versions)")
MODEL_RULES: dict[str, tuple[str, str, str]] = {
    # model diagnostic code: (rule id, short description, severity)
    "invalid-json": ("PARSE005", "A JSON document in the input (a policy, container definitions) is not valid JSON",
                     "high"),
    "translate-error": ("PARSE004", OTHER_RULE[1], "low"),
}
"""Problems the model builder finds in values the loader read (AWS rejects an invalid policy document at apply
with MalformedPolicyDocumentException); the other model diagnostics (a setting whose target is outside the
scan, a setting written twice) are notes in the report's model section, not findings."""

_SEVERITY = {"error": "high", "warning": "low", "info": "info"}


def diagnostic_finding(diag: Diagnostic) -> Finding:
    rule_id, _ = PARSE_RULES.get(diag.code, OTHER_RULE)
    return Finding(
        rule_id=rule_id,
        severity=_SEVERITY.get(diag.severity, "low"),
        category="parse-error",
        resource=diag.file,
        file=diag.file,
        line=diag.line,
        message=diag.message,
    )


def model_diagnostic_finding(diag: dict[str, Any]) -> Finding | None:
    """A model diagnostic (``report.model["diagnostics"]`` entry) as a finding, when it is one."""
    rule = MODEL_RULES.get(str(diag.get("code")))
    if rule is None:
        return None
    rule_id, _, severity = rule
    source = diag.get("source") or {}
    return Finding(
        rule_id=rule_id,
        severity=severity,
        category="parse-error",
        resource=str(diag.get("address", "")),
        file=str(source.get("file", "")),
        line=int(source.get("line") or 0),
        message=str(diag.get("message", "")),
    )


DOCS_URI = "https://github.com/iacsim/iacsim/blob/main/docs/rules.md"


def parse_rule_metadata() -> list[RuleMeta]:
    """The parse-error rules, described for renderers."""
    out = []
    # several diagnostic codes may share one rule (module-not-downloaded is a kind of not-simulated)
    rules = dict([*PARSE_RULES.values(), OTHER_RULE, *((r, d) for r, d, _ in MODEL_RULES.values())])
    for rule_id, short in sorted(rules.items()):
        out.append(RuleMeta(
            id=rule_id, name=short, short_description=short, category="parse-error",
            default_severity="high" if rule_id in ("PARSE001", "PARSE002", "PARSE005", *LIMIT_HELP) else "low",
            help_markdown=LIMIT_HELP[rule_id].format(short=short) if rule_id in LIMIT_HELP else
            f"**{rule_id}** — {short}. The finding names the file and line; fix the input "
            "and scan again. Other files in the scan are unaffected.",
            help_uri=f"{DOCS_URI}#{rule_id.lower()}",
        ))
    return out
