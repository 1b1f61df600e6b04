"""Fingerprints name a problem, not its wording: baselines and SARIF survive reworded messages, and baselines
written before (version 1, message in the fingerprint) keep working."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from iacsim.findings import Finding
from iacsim.report.baseline import BaselineError, apply_baseline, read_baseline, write_baseline
from iacsim.report.data import Report
from iacsim.report.fingerprint import SARIF_KEY, fingerprint, legacy_fingerprint
from iacsim.report.sarif import report_to_sarif

F = Finding("KMS202", "medium", "security", "aws_kms_key.a", "main.tf", 3, "rotation is off")


def test_rewording_the_message_keeps_the_fingerprint() -> None:
    assert fingerprint(dataclasses.replace(F, message="automatic rotation is disabled")) == fingerprint(F)
    assert fingerprint(dataclasses.replace(F, line=30, fix="enable it")) == fingerprint(F)


@pytest.mark.parametrize("change", [{"resource": "aws_kms_key.b"}, {"file": "other.tf"}, {"rule_id": "KMS001"},
                                    {"flow": "a replayed flow"}])
def test_rule_file_resource_and_flow_each_change_the_fingerprint(change: dict[str, str]) -> None:
    assert fingerprint(dataclasses.replace(F, **change)) != fingerprint(F)  # type: ignore[arg-type]


def test_sarif_carries_the_fingerprint(report: Report) -> None:
    results = report_to_sarif(report)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in results] == [{SARIF_KEY: fingerprint(f)} for f in report.findings]


def _report(*findings: Finding) -> Report:
    return Report(root="/tmp/repo", summary={}, findings=list(findings))


def test_a_baseline_survives_a_reworded_message(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(_report(F), path) == 1
    assert json.loads(path.read_text())["iacsim_baseline"] == 2
    reworded = dataclasses.replace(F, message="automatic rotation is disabled", line=9)
    other = dataclasses.replace(F, resource="aws_kms_key.b")
    marked = apply_baseline([reworded, other], read_baseline(path))
    assert [(f.resource, f.suppressed, f.suppression_reason) for f in marked] == [
        ("aws_kms_key.a", True, "in baseline"), ("aws_kms_key.b", False, None)]


def test_a_version_1_baseline_keeps_working(tmp_path: Path) -> None:
    # exactly what iacsim wrote before fingerprints left the message out
    v1 = hashlib.sha256("\x1f".join((F.rule_id, F.file, F.resource, F.message)).encode()).hexdigest()[:32]
    assert legacy_fingerprint(F) == v1
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"iacsim_baseline": 1, "findings": [
        {"fingerprint": v1, "rule_id": F.rule_id, "resource": F.resource, "file": F.file}]}))
    other = dataclasses.replace(F, resource="aws_kms_key.b")
    marked = apply_baseline([dataclasses.replace(F, line=40), other], read_baseline(path))
    assert [f.suppressed for f in marked] == [True, False]


def test_an_unknown_baseline_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"iacsim_baseline": 3, "findings": []}))
    with pytest.raises(BaselineError, match="not an iacsim baseline"):
        read_baseline(path)
