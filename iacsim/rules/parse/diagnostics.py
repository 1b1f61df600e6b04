"""Diagnostics as findings of the ``PARSE…`` rules.

The loaders report unreadable or questionable input as :class:`~iacsim.load.resource.Diagnostic`
records, and the model builder reports a few problems in the values it was given
(``report.model["diagnostics"]``). This is the one mapping from their codes to the rules that document
them; the rule ids are stable so CI baselines and SARIF fingerprints survive across versions.
"""

from __future__ import annotations

from typing import Any

from iacsim.findings import Finding
from iacsim.load.budget import BUDGET_CODE
from iacsim.load.deadline import TIMEOUT_CODE
from iacsim.load.isolate import WORKER_CODE
from iacsim.load.limits import ALIAS_EXPANSION, NOT_TEXT, OUTSIDE_ROOT, TOO_DEEP, TOO_LARGE
from iacsim.load.resource import Diagnostic
from iacsim.rules.parse.alias_expansion import YamlAliasExpansion
from iacsim.rules.parse.budget_exceeded import BudgetExceeded
from iacsim.rules.parse.cycle import EvaluationCycle
from iacsim.rules.parse.invalid_json import InvalidJson
from iacsim.rules.parse.not_simulated import NotSimulated
from iacsim.rules.parse.not_text import NotText
from iacsim.rules.parse.outside_root import OutsideRoot
from iacsim.rules.parse.questionable import Questionable
from iacsim.rules.parse.rule import ParseRule
from iacsim.rules.parse.scan_timeout import ScanTimeout
from iacsim.rules.parse.too_deep import NestingTooDeep
from iacsim.rules.parse.too_large import FileTooLarge
from iacsim.rules.parse.unreadable import Unreadable
from iacsim.rules.parse.worker_failed import WorkerFailed

LOADER_RULES: dict[str, type[ParseRule]] = {
    "parse-error": Unreadable,
    "eval-cycle": EvaluationCycle,
    "not-simulated": NotSimulated,  # notices (NOTICE_CODES): the coverage section, never findings
    "module-not-downloaded": NotSimulated,
    TOO_LARGE: FileTooLarge,
    TOO_DEEP: NestingTooDeep,
    ALIAS_EXPANSION: YamlAliasExpansion,
    NOT_TEXT: NotText,
    OUTSIDE_ROOT: OutsideRoot,
    BUDGET_CODE: BudgetExceeded,
    WORKER_CODE: WorkerFailed,
    TIMEOUT_CODE: ScanTimeout,
}
"""Loader diagnostic code → rule; every other code is :class:`Questionable`."""

MODEL_RULES: dict[str, type[ParseRule]] = {
    "invalid-json": InvalidJson,
    "translate-error": Questionable,
}
"""Problems the model builder finds in values the loader read (AWS rejects an invalid policy document at apply
with MalformedPolicyDocumentException); the other model diagnostics (a setting whose target is outside the
scan, a setting written twice) are notes in the report's model section, not findings. These findings have
their rule's default severity."""

_SEVERITY = {"error": "high", "warning": "low", "info": "info"}
"""A loader diagnostic's severity decides its finding's (a not-downloaded module is only ``info``)."""


def diagnostic_finding(diag: Diagnostic) -> Finding:
    """The finding of a loader diagnostic that is a real input problem (callers leave notices out:
    :attr:`Diagnostic.is_notice`)."""
    rule = LOADER_RULES.get(diag.code, Questionable)
    return Finding(
        rule_id=rule.id,
        severity=_SEVERITY.get(diag.severity, "low"),
        category=rule.category,
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
    source = diag.get("source") or {}
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        category=rule.category,
        resource=str(diag.get("address", "")),
        file=str(source.get("file", "")),
        line=int(source.get("line") or 0),
        message=str(diag.get("message", "")),
    )
