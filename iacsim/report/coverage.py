"""The coverage section: what the scan could not read, simulate or know, counted, with what to do.

docs/architecture.md §4 "Notices are not findings": a remote module that is not downloaded, a data
source that reads live infrastructure, a resource type iacsim does not model or a transform it does not
expand is a gap in what the scan sees, not a defect of the input, so it never becomes a ``parse-error``
finding and never fails CI. It is listed here, with the way to close the gap.

The same goes for unknown flows: each one's reason is classified once, here, into a small set of
:data:`UNKNOWN_KINDS`, each with a label and the way to supply the missing value (``--var``,
``--cfn-param``, ``.iacsim.yml accounts/deployer/worlds``, ``terraform init``…). Renderers print the
kinds and hints this module computed; none of them looks at the reason text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from iacsim.findings import KEY_FLOW_KINDS, FlowResult
from iacsim.load.resource import EXPAND_IT, Diagnostic
from iacsim.report.data import Coverage, Notice, NotReplayed, UnknownReason, UnmodelledType

NOTICE_RULE = "PARSE003"
"""The rule that documents every notice (its findings moved to this section)."""

UNKNOWN_KINDS: dict[str, tuple[str, str]] = {
    "deployer": ("the deployer is not known", "set deployer: in .iacsim.yml"),
    "remote-module": ("a remote module is not downloaded", "run terraform init before the scan"),
    "variable": ("a Terraform variable has no value", "give it with --var NAME=VALUE or --var-file"),
    "cfn-parameter": ("a CloudFormation parameter has no value",
                      "give it with --cfn-param NAME=VALUE or --cfn-params-file"),
    "account": ("an account is not known",
                "give it with --account-id, in the provider (allowed_account_ids, assume_role.role_arn) or in "
                ".iacsim.yml (account_id:, accounts:, stacks:)"),
    "data-source": ("a data source reads live infrastructure",
                    "scan the code that creates what it reads, or name the account in .iacsim.yml (accounts:)"),
    "not-in-scan": ("a resource it uses is not in the scan",
                    "scan the code that defines it too, or join the roots with .iacsim.yml worlds:"),
    "not-modelled": ("iacsim does not model part of it", "nothing to supply: iacsim does not simulate it yet"),
    "not-static": ("a value is known only at apply",
                   "give the inputs it is computed from (--var, --cfn-param) or scan a plan (terraform show -json)"),
    "other": ("another input is not known", "see the flow's steps"),
}
"""Kind → (what was not known, how to supply it). Order is the classification's precedence."""

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("deployer", re.compile(r"\bdeployer\b|deploying (identity|principal)|credentials Terraform runs with", re.I)),
    ("remote-module", re.compile(r"not downloaded|terraform init", re.I)),
    ("cfn-parameter", re.compile(r"--cfn-param|parameter \S+ has no default", re.I)),
    ("variable", re.compile(r"\bvar\.[A-Za-z_]|variable \S+ has no value|required input|--var\b", re.I)),
    ("account", re.compile(r"account (id )?is not known|caller.identity|which account", re.I)),
    ("data-source", re.compile(r"data source|reads live infrastructure|\bdata\.[a-z]", re.I)),
    ("not-in-scan", re.compile(r"not (defined )?in the scan(ned code)?|defined in the scan|outside the scan|not in this scan", re.I)),
    ("not-modelled", re.compile(r"not (modell?ed|simulated|translated)|does not (model|simulate)", re.I)),
    ("not-static", re.compile(r"not known statically|known (only )?after (apply|it is deployed)|"
                              r"at deploy time|generated at apply|unknown", re.I)),
)


def classify(reason: str) -> str:
    """The :data:`UNKNOWN_KINDS` key of an unknown value's or step's reason (``other`` when none fits)."""
    return next((kind for kind, pattern in _PATTERNS if pattern.search(reason)), "other")


def hint(kind: str) -> str:
    return UNKNOWN_KINDS.get(kind, UNKNOWN_KINDS["other"])[1]


_NOTICE_HINTS: dict[str, str] = {
    "module-not-downloaded": "run terraform init before the scan, so .terraform/modules holds the module",
    "not-simulated": "scan the processed template (after sam build or the macro) or the nested stack's own "
                     "template; until then its resources are not checked",
    "data-source-unresolved": "nothing to supply for the data source itself; scan the code that creates what it "
                              "reads, or name the account in .iacsim.yml (account_id:, accounts:)",
    "unused-parameter": "drop the --cfn-param for this template, or scan the templates that use it separately",
}


def notice_hint(diag: Diagnostic) -> str:
    """What to do about a notice. A ``count``/``for_each`` that is unknown names each input it reads without value
    with its option (a module not downloaded *and* a variable without value: both, so neither is left for a
    second scan to find), else takes the hint of its cause."""
    if diag.code == "unknown-repetition":
        _, _, inputs = diag.message.partition(EXPAND_IT)
        return inputs or hint(classify(diag.message))  # the inputs it reads without value, each with its option
    return _NOTICE_HINTS.get(diag.code, "see the message")


def flow_reason(flow: FlowResult) -> str:
    """Why an unknown flow is unknown: its first step decided ``unknown`` (else its last step)."""
    step = next((s for s in flow.steps if s.decision == "unknown"), flow.steps[-1] if flow.steps else None)
    return step.reason if step is not None else ""


def unknown_reasons(flows: Iterable[FlowResult]) -> list[UnknownReason]:
    """Unknown flows counted by kind of reason, the most frequent first (ties in :data:`UNKNOWN_KINDS` order)."""
    counted: Counter[str] = Counter()
    example: dict[str, str] = {}
    for fl in flows:
        if fl.verdict != "unknown":
            continue
        reason = flow_reason(fl)
        kind = classify(reason)
        counted[kind] += 1
        example.setdefault(kind, reason)
    order = list(UNKNOWN_KINDS)
    return [UnknownReason(kind=k, label=UNKNOWN_KINDS[k][0], how_to_supply=UNKNOWN_KINDS[k][1], count=n,
                          example=example[k])
            for k, n in sorted(counted.items(), key=lambda kv: (-kv[1], order.index(kv[0])))]


NOT_REPLAYED_HINT = {
    "AMI sharing with a KMS key": "nothing to supply: iacsim does not replay Image Builder's AMI distribution; check "
                                  "that the key policy admits the target accounts (or declare the flow in .iacsim.yml "
                                  "expect:)",
}
_PRODUCER_HINT = ("nothing to supply: iacsim does not model this type, so whether it may publish or write to {what} "
                  "(and use its key) is not replayed; declare the flow in .iacsim.yml expect: to have it checked")


def not_replayed(model: dict[str, Any]) -> list[NotReplayed]:
    """The model's ``not_replayed`` entries, each with what to do (docs/architecture.md §4, "Notices are not
    findings": a producer the replays do not model is said, never silently passed)."""
    out = []
    for n in model.get("not_replayed", []):
        if not isinstance(n, dict):
            continue
        what = str(n["what"])
        out.append(NotReplayed(resource=str(n["address"]), type=str(n["type"]), attribute=str(n["attribute"]),
                               what=what, file=str(n["file"]), line=int(n["line"]),
                               what_to_do=NOT_REPLAYED_HINT.get(what, _PRODUCER_HINT.format(what=what))))
    return sorted(out, key=lambda n: (n.file, n.line, n.resource, n.attribute))


def build_coverage(diagnostics: Iterable[Diagnostic], flows: list[FlowResult],
                   model: dict[str, Any]) -> Coverage:
    notices = sorted(
        (Notice(code=d.code, rule_id=NOTICE_RULE, file=d.file, line=d.line, message=d.message,
                what_to_do=notice_hint(d)) for d in diagnostics if d.is_notice),
        key=lambda n: (n.file, n.line, n.code, n.message))
    unmodelled = [UnmodelledType(type=str(u["type"]), count=int(u["count"]),
                                 what_to_do="nothing to supply: iacsim does not model this type, so keys, "
                                            "policies or permissions it adds are not simulated")
                  for u in model.get("unmodelled", []) if isinstance(u, dict)]
    coverage = Coverage(
        notices=notices,
        unmodelled_types=unmodelled,
        not_replayed=not_replayed(model),
        unknown_flows=sum(1 for fl in flows if fl.verdict == "unknown"),
        unknown_key_flows=sum(1 for fl in flows if fl.verdict == "unknown" and fl.kind in KEY_FLOW_KINDS),
        unknown_reasons=unknown_reasons(flows),
    )
    coverage.summary_line = summary_line(coverage)
    return coverage


def summary_line(coverage: Coverage, top: int = 3) -> str:
    """``3 flows unknown: 2 × the deployer is not known (set deployer: in .iacsim.yml), 1 × …``; empty when
    no flow is unknown. Stored in :attr:`Coverage.summary_line`; text and Markdown print it under the verdict."""
    if not coverage.unknown_flows:
        return ""
    parts = [f"{r.count} × {r.label} ({r.how_to_supply})" for r in coverage.unknown_reasons[:top]]
    rest = sum(r.count for r in coverage.unknown_reasons[top:])
    if rest:
        parts.append(f"{rest} × other reasons")
    plural = "flow" if coverage.unknown_flows == 1 else "flows"
    return f"{coverage.unknown_flows} {plural} unknown: " + ", ".join(parts)
