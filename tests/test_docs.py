"""Generated docs are current, and every rule is documented."""

from iacsim.catalog import rule_catalog
from iacsim.docs import RULES_DOC, case_files, render_rules_doc, rule_cases


def test_rules_doc_is_current() -> None:
    assert RULES_DOC.read_text(encoding="utf-8") == render_rules_doc(), "run `make docs` and commit docs/rules.md"


def test_every_rule_has_metadata_and_a_docs_anchor() -> None:
    doc = render_rules_doc()  # once: rendering reads every case file
    for rule in rule_catalog():
        assert rule.short_description and rule.help_markdown, rule.id
        assert rule.category in ("apply-error", "broken-flow", "security", "cost", "lint", "parse-error"), rule.id
        assert f"## {rule.id}" in doc


def _section(doc: str, rule_id: str) -> str:
    return doc.split(f"\n## {rule_id}\n", 1)[1].split("\n## ", 1)[0]


def test_every_rule_with_cases_shows_its_first_failing_and_passing_case() -> None:
    doc = render_rules_doc()
    for rule in rule_catalog():
        cases = rule_cases(rule.id)
        section = _section(doc, rule.id)
        if not cases:  # only the PARSE rules, until their cases exist
            assert rule.id.startswith("PARSE") and "*No cases yet.*" in section, rule.id
            continue
        for expect, heading in (("fail", "**Failing case**"), ("pass", "**Passing case**")):
            first = next(c for c in cases if c["expect"] == expect)
            assert f"{heading} — {first['name']}" in section, (rule.id, expect)
            for text in case_files(first).values():
                assert text.rstrip("\n") in section, (rule.id, expect)
