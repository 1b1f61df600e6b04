"""The one finding builder applies enablement, severity override and inline suppression alike to a static
rule's hit and to a replayed flow's failure."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from iacsim.config import parse_config
from iacsim.load.resource import Suppression
from iacsim.model.provenance import NO_PROVENANCE
from iacsim.rules import all_rules, rule_by_id
from iacsim.rules.base import FlowRule, Rule
from iacsim.rules.emit import build_finding

STATIC = rule_by_id("KMS202")
FLOW = next(r for r in all_rules() if issubclass(r, FlowRule))


def _obj(*suppressed: str) -> Any:
    return SimpleNamespace(address="aws_kms_key.k", source=SimpleNamespace(file="main.tf", line=7),
                           suppressions=tuple(Suppression(rid, "legacy", 6) for rid in suppressed),
                           provenance=NO_PROVENANCE)


@pytest.fixture(params=["rule", "flow"])
def rule(request: pytest.FixtureRequest) -> type[Rule]:
    found = STATIC if request.param == "rule" else FLOW
    assert found is not None
    return found


def _config(rule_id: str, setting: dict[str, Any]) -> Any:
    return parse_config({"rules": {rule_id: setting}}, "test config")


def test_defaults(rule: type[Rule]) -> None:
    f = build_finding(rule, parse_config({}, "test config"), _obj(), "why", fix="how", flow="a flow")
    assert f is not None
    assert (f.rule_id, f.severity, f.category, f.resource, f.file, f.line, f.message, f.fix, f.flow) == (
        rule.id, rule.severity, rule.category, "aws_kms_key.k", "main.tf", 7, "why", "how", "a flow")
    assert not f.suppressed and f.suppression_reason is None


def test_disabled_rule_builds_nothing(rule: type[Rule]) -> None:
    assert build_finding(rule, _config(rule.id, {"enabled": False}), _obj(), "why") is None


def test_severity_override(rule: type[Rule]) -> None:
    other = "info" if rule.severity != "info" else "critical"
    f = build_finding(rule, _config(rule.id, {"severity": other}), _obj(), "why")
    assert f is not None and f.severity == other


def test_inline_suppression_of_this_rule_only(rule: type[Rule]) -> None:
    f = build_finding(rule, parse_config({}, "test config"), _obj(rule.id.lower()), "why")
    assert f is not None and f.suppressed and f.suppression_reason == "legacy"
    f = build_finding(rule, parse_config({}, "test config"), _obj("OTHER001"), "why")
    assert f is not None and not f.suppressed


def test_a_precise_line_wins_over_the_objects() -> None:
    assert STATIC is not None
    f = build_finding(STATIC, parse_config({}, "test config"), _obj(), "why", line=12)
    assert f is not None and f.line == 12
