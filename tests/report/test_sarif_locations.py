"""SARIF for GitHub code scanning: locations relative to the repository root whatever directory was scanned,
help links only to a real address, security-severity only on security rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.sarif import report_to_sarif

KEY = '''resource "aws_kms_key" "k" {
  description         = "k"
  enable_key_rotation = false
}
'''


def _sarif(scanned: Path) -> dict:
    report, _world, _loaded = scan([scanned], LoadOptions(use_cache=False), "high")
    return report_to_sarif(report)


def test_locations_are_relative_to_the_repository_when_a_subdirectory_is_scanned(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    infra = tmp_path / "infra" / "kms"
    infra.mkdir(parents=True)
    (infra / "main.tf").write_text(KEY)
    run = _sarif(tmp_path / "infra")["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
    kms = next(r for r in run["results"] if r["ruleId"] == "KMS202")
    location = kms["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "infra/kms/main.tf", "uriBaseId": "%SRCROOT%"}


def test_outside_git_locations_are_relative_to_the_scanned_root(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(KEY)
    run = _sarif(tmp_path)["runs"][0]
    if any((p / ".git").exists() for p in tmp_path.resolve().parents):
        pytest.skip("the temporary directory lies inside a git work tree")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    kms = next(r for r in run["results"] if r["ruleId"] == "KMS202")
    assert kms["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "main.tf"


def test_help_uri_only_from_a_known_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text(KEY)
    monkeypatch.delenv("IACSIM_DOCS_URI", raising=False)
    rules = _sarif(tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    assert not any("helpUri" in r for r in rules)
    assert all(r["help"]["markdown"] for r in rules)
    monkeypatch.setenv("IACSIM_DOCS_URI", "https://github.com/example/iacsim/blob/v1.2.3/")
    sarif = _sarif(tmp_path)
    driver = sarif["runs"][0]["tool"]["driver"]
    kms = next(r for r in driver["rules"] if r["id"] == "KMS202")
    assert kms["helpUri"] == "https://github.com/example/iacsim/blob/v1.2.3/docs/rules.md#kms202"
    assert driver["informationUri"] == "https://github.com/example/iacsim/blob/v1.2.3"


def test_security_severity_only_on_security_rules(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(KEY)
    rules = _sarif(tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert ("security-severity" in rule["properties"]) == (rule["properties"]["category"] == "security")
    assert any(r["properties"]["category"] == "security" for r in rules)
