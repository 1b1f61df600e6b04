"""Every rule iacsim can report, from one place: SARIF rules, ``docs/rules.md``, ``iacsim rules``.

Every rule, input problems (``PARSE…``, :mod:`iacsim.rules.parse`) included,
registers itself in :mod:`iacsim.rules`; nothing here is a hand-kept list of
rule ids, and nothing here imports the renderers (which import this module).
"""

from __future__ import annotations

from iacsim.findings import RuleMeta


def rule_catalog() -> list[RuleMeta]:
    from iacsim.rules import all_rules, metadata

    rules = [metadata(r) for r in all_rules()]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuntimeError(f"duplicate rule ids: {sorted(i for i in ids if ids.count(i) > 1)}")
    return sorted(rules, key=lambda r: r.id)


def parse_rule_metadata() -> list[RuleMeta]:
    """The input-problem (``parse-error``) rules, described for renderers."""
    return [r for r in rule_catalog() if r.category == "parse-error"]
