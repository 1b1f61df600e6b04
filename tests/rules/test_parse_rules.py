"""Input problems are ordinary rules: registered, documented, catalogued without the renderers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from iacsim.catalog import parse_rule_metadata, rule_catalog
from iacsim.load.resource import Diagnostic
from iacsim.rules import all_rules
from iacsim.rules.parse.diagnostics import diagnostic_finding, model_diagnostic_finding

PARSE_IDS = [f"PARSE{n:03d}" for n in range(1, 14)]


def test_parse_rules_are_registered_and_catalogued() -> None:
    assert [r.id for r in all_rules() if r.category == "parse-error"] == PARSE_IDS
    assert [r.id for r in parse_rule_metadata()] == PARSE_IDS
    assert {r.id for r in rule_catalog()} >= set(PARSE_IDS)


def test_the_catalog_does_not_import_the_renderers() -> None:
    code = ("import sys; from iacsim.catalog import rule_catalog; rule_catalog(); "
            "print(sorted(m for m in sys.modules if m.startswith('iacsim.report')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(("code", "severity", "rule_id", "finding_severity"), [
    ("parse-error", "error", "PARSE001", "high"),
    ("eval-cycle", "error", "PARSE002", "high"),
    ("not-simulated", "warning", "PARSE003", "low"),
    ("module-not-downloaded", "info", "PARSE003", "info"),
    ("unknown-type", "warning", "PARSE004", "low"),
    ("duplicate-declaration", "error", "PARSE004", "high"),
])
def test_loader_diagnostics_map_to_their_rule(code: str, severity: str, rule_id: str,
                                              finding_severity: str) -> None:
    f = diagnostic_finding(Diagnostic("a/main.tf", 3, "msg", severity, code))  # type: ignore[arg-type]
    assert (f.rule_id, f.severity, f.category, f.resource, f.file, f.line, f.message) == (
        rule_id, finding_severity, "parse-error", "a/main.tf", "a/main.tf", 3, "msg")


def test_model_diagnostics_map_to_their_rule_or_stay_notes() -> None:
    diag = {"code": "invalid-json", "message": "bad", "address": "aws_kms_key.k",
            "source": {"file": "main.tf", "line": 5}}
    f = model_diagnostic_finding(diag)
    assert f is not None and (f.rule_id, f.severity, f.resource, f.line) == ("PARSE005", "high", "aws_kms_key.k", 5)
    g = model_diagnostic_finding({**diag, "code": "translate-error"})
    assert g is not None and (g.rule_id, g.severity) == ("PARSE004", "low")
    assert model_diagnostic_finding({**diag, "code": "duplicate-setting"}) is None
