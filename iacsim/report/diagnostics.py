"""Input problems (``Diagnostic`` records) as ``parse-error`` findings.

These are the only findings that do not come from a rule on the model; their
ids are stable so CI baselines and SARIF fingerprints survive across versions.
"""

from __future__ import annotations

from iacsim.load.resource import Diagnostic
from iacsim.report.data import Finding, RuleMeta

PARSE_RULES: dict[str, tuple[str, str]] = {
    # diagnostic code: (rule id, short description)
    "parse-error": ("PARSE001", "The file cannot be read or parsed"),
    "eval-cycle": ("PARSE002", "Values depend on each other in a cycle and cannot be evaluated"),
    "not-simulated": ("PARSE003", "Input that iacsim reads but does not simulate (transforms, unsupported types)"),
    "module-not-downloaded": ("PARSE003", "Input that iacsim reads but does not simulate (transforms, unsupported types)"),
}
OTHER_RULE = ("PARSE004", "The input is readable but questionable (missing properties, unsupported versions)")

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


DOCS_URI = "https://github.com/iacsim/iacsim/blob/main/docs/rules.md"


def parse_rule_metadata() -> list[RuleMeta]:
    """The parse-error rules, described for renderers."""
    out = []
    # several diagnostic codes may share one rule (module-not-downloaded is a kind of not-simulated)
    for rule_id, short in dict([*PARSE_RULES.values(), OTHER_RULE]).items():
        out.append(RuleMeta(
            id=rule_id, name=short, short_description=short, category="parse-error",
            default_severity="high" if rule_id in ("PARSE001", "PARSE002") else "low",
            help_markdown=f"**{rule_id}** — {short}. The finding names the file and line; fix the input "
                          "and scan again. Other files in the scan are unaffected.",
            help_uri=f"{DOCS_URI}#{rule_id.lower()}",
        ))
    return out
