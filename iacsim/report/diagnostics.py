"""Input problems (``Diagnostic`` records) as ``parse-error`` findings.

These are the only findings that do not come from a rule on the model; their
ids are stable so CI baselines and SARIF fingerprints survive across versions.
"""

from __future__ import annotations

from iacsim.load.resource import Diagnostic
from iacsim.report.data import Finding

PARSE_RULES: dict[str, tuple[str, str]] = {
    # diagnostic code: (rule id, short description)
    "parse-error": ("PARSE001", "The file cannot be read or parsed"),
    "eval-cycle": ("PARSE002", "Values depend on each other in a cycle and cannot be evaluated"),
    "not-simulated": ("PARSE003", "Input that iacsim reads but does not simulate (transforms, unsupported types)"),
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
