"""Every rule iacsim can report, from one place: SARIF rules, ``docs/rules.md``, ``iacsim rules``.

Input-problem rules (``PARSE…``) are described in :mod:`iacsim.report.diagnostics`;
rules on the model register themselves in :mod:`iacsim.rules` when that package
exists. Nothing here is a hand-kept list of rule ids.
"""

from __future__ import annotations

from iacsim.findings import RuleMeta
from iacsim.report.diagnostics import parse_rule_metadata


def rule_catalog() -> list[RuleMeta]:
    from iacsim.rules import all_rules, metadata

    rules = list(parse_rule_metadata()) + [metadata(r) for r in all_rules()]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuntimeError(f"duplicate rule ids: {sorted(i for i in ids if ids.count(i) > 1)}")
    return sorted(rules, key=lambda r: r.id)
