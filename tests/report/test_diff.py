"""--base: findings matched across scans by identity, not line; flow and cost changes."""

import dataclasses

from iacsim.findings import Finding, FlowResult
from iacsim.report.data import Report
from iacsim.report.diff import compare
from iacsim.report.markdown import render_markdown


def _report(findings: list[Finding], flows: list[FlowResult], monthly: float, resources: list[dict]) -> Report:
    return Report(root="/r", summary={}, findings=findings, flows=flows,
                  cost={"monthly_total": monthly, "resources": resources})


KEEP = Finding("KMS001", "medium", "security", "aws_kms_key.a", "kms.tf", 3, "rotation off")
FIXED = Finding("SSM002", "high", "apply-error", "aws_ssm_parameter.p", "ssm.tf", 8, "policy on Standard")
NEW = Finding("S3003", "high", "broken-flow", "aws_s3_bucket_replication_configuration.r", "s3.tf", 20, "skipped")


def test_new_fixed_and_unchanged_findings_ignore_line_moves() -> None:
    base = _report([KEEP, FIXED], [], 1.0, [])
    head = _report([dataclasses.replace(KEEP, line=30), NEW], [], 1.0, [])
    d = compare(head, base, "origin/main")
    assert [f["rule_id"] for f in d["findings"]["new"]] == ["S3003"]
    assert [f["rule_id"] for f in d["findings"]["fixed"]] == ["SSM002"]
    assert d["findings"]["unchanged"] == 1


def test_a_reworded_message_is_not_a_fixed_and_a_new_finding() -> None:
    base = _report([KEEP], [], 1.0, [])
    head = _report([dataclasses.replace(KEEP, message="automatic key rotation is off")], [], 1.0, [])
    d = compare(head, base, "origin/main")
    assert d["findings"]["new"] == [] and d["findings"]["fixed"] == []
    assert d["findings"]["unchanged"] == 1


def test_suppressed_findings_do_not_count_as_new() -> None:
    head = _report([dataclasses.replace(NEW, suppressed=True, suppression_reason="known")], [], 0, [])
    assert compare(head, _report([], [], 0, []), "b")["findings"]["new"] == []


def test_flow_verdict_changes_and_cost_delta() -> None:
    base = _report([], [FlowResult("s3-replication", "r1", "pass"), FlowResult("key-rotation", "k", "pass")], 2.0,
                   [{"address": "aws_kms_key.a", "monthly": 1.0}, {"address": "aws_kms_key.b", "monthly": 1.0}])
    head = _report([], [FlowResult("s3-replication", "r1", "fail"), FlowResult("ami-sharing", "a", "pass")], 3.0,
                   [{"address": "aws_kms_key.a", "monthly": 1.0}, {"address": "aws_kms_replica_key.c", "monthly": 2.0}])
    d = compare(head, base, "main")
    assert d["flows"]["changed"] == [{"kind": "s3-replication", "name": "r1", "before": "pass", "after": "fail"}]
    assert d["flows"]["new"] == [{"kind": "ami-sharing", "name": "a", "verdict": "pass"}]
    assert d["flows"]["removed"] == [{"kind": "key-rotation", "name": "k", "verdict": "pass"}]
    assert d["cost"]["monthly_delta"] == 1.0
    assert {c["address"]: c["delta"] for c in d["cost"]["resources"]} == {"aws_kms_key.b": -1.0,
                                                                          "aws_kms_replica_key.c": 2.0}


def test_markdown_shows_the_diff_first(report: Report) -> None:
    report.diff = compare(report, _report([], [], 0.0, []), "origin/main")
    md = render_markdown(report)
    assert "### Changes since `origin/main`" in md
    assert md.index("Changes since") < md.index("Failing flows")
    assert "🆕 high `S3005`" in md
