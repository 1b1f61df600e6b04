"""Generated docs are current, and every rule is documented."""

from iacsim.catalog import rule_catalog
from iacsim.docs import RULES_DOC, render_rules_doc


def test_rules_doc_is_current() -> None:
    assert RULES_DOC.read_text(encoding="utf-8") == render_rules_doc(), "run `make docs` and commit docs/rules.md"


def test_every_rule_has_metadata_and_a_docs_anchor() -> None:
    for rule in rule_catalog():
        assert rule.short_description and rule.help_markdown, rule.id
        assert rule.category in ("apply-error", "broken-flow", "security", "cost", "parse-error"), rule.id
        assert f"## {rule.id}" in render_rules_doc()
