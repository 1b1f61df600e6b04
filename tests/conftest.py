import pytest

from iacsim.catalog import parse_rule_metadata
from iacsim.findings import Finding, FlowResult, FlowStep, RuleMeta
from iacsim.report.data import Report


@pytest.fixture
def report() -> Report:
    flow = FlowResult(
        kind="s3-replication", name="replicate source→dest (SSE-KMS)", verdict="fail",
        steps=(
            FlowStep("arn:aws:iam::111122223333:role/replication", "kms:Decrypt",
                     "arn:aws:kms:us-east-1:111122223333:key/abc", "allowed", "allowed by key policy statement 'Root'"),
            FlowStep("arn:aws:iam::111122223333:role/replication", "kms:Encrypt",
                     "arn:aws:kms:eu-west-1:111122223333:key/def", "denied",
                     "no statement in the identity policies allows kms:Encrypt"),
        ),
    )
    findings = [
        Finding("S3005", "high", "broken-flow", "aws_s3_bucket_replication_configuration.main", "s3/main.tf", 40,
                "replication role cannot kms:Encrypt with the replica key", fix="add kms:Encrypt on the key",
                flow=flow.name),
        Finding("PARSE001", "high", "parse-error", "broken.tf", "broken.tf", 3, "unexpected token '}'"),
        Finding("KMS001", "medium", "security", "aws_kms_key.<script>alert(1)</script>", "kms.tf", 1,
                "rotation is off | check", suppressed=False),
        Finding("KMS002", "low", "security", "aws_kms_key.old", "kms.tf", 9, "suppressed one", suppressed=True,
                suppression_reason="legacy key"),
    ]
    rules = [*parse_rule_metadata(),
             RuleMeta("S3005", "replication role cannot encrypt", "Replication role lacks kms:Encrypt", "broken-flow",
                      "high", "**S3005**", "https://example.invalid/S3005"),
             RuleMeta("KMS001", "rotation disabled", "Rotation is off", "security", "medium"),
             RuleMeta("KMS002", "old key", "Old key", "security", "low")]
    summary = {
        "verdict": "fail", "fail_on": "high", "files_read": 3, "files": ["broken.tf", "kms.tf", "s3/main.tf"],
        "resources": 4, "data_sources": 0, "resources_by_type": {"aws_kms_key": 2, "aws_s3_bucket": 2},
        "accounts": {"111122223333": {"regions": ["eu-west-1", "us-east-1"], "assumed": False}},
        "parse_errors": 1, "unknown_values": 0,
        "findings": {"total": 3, "suppressed": 1,
                     "by_severity": {"info": 0, "low": 0, "medium": 1, "high": 2, "critical": 0},
                     "by_category": {"apply-error": 0, "broken-flow": 1, "security": 1, "cost": 0, "parse-error": 1}},
        "flows": {"total": 1, "pass": 0, "fail": 1, "unknown": 0},
    }
    return Report(root="/tmp/repo", summary=summary, findings=findings, flows=[flow],
                  model={"accounts": {}}, assumptions=["account 111111111111 assumed"], rules=rules)
