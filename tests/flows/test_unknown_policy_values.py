"""A key policy naming a value known only after apply still has its other statements replayed.

Issue 13: one ``data.aws_caller_identity.current.arn`` (or a CloudFormation parameter without a value)
in a key policy used to make the whole policy unknown and hide real defects in the other statements.
Now only the decisions that value could change are ``unknown`` (docs/architecture.md §4).
"""

from __future__ import annotations

from pathlib import Path

from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.data import Report

TERRAFORM = """
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
    Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
    Action = ["ssm:GetParameter", "kms:Decrypt"], Resource = "*" }] })
}

resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Deploy", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" },
        Action = ["kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*" },
      { Sid = "KeyAdmins", Effect = "Allow", Principal = { AWS = data.aws_caller_identity.current.arn },
        Action = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:Put*", "kms:ScheduleKeyDeletion"], Resource = "*" },
      { Sid = "App", Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = "APP_ACTION", Resource = "*" },
    ]
  })
}

resource "aws_ssm_parameter" "p" {
  name   = "/app/token"
  type   = "SecureString"
  value  = "x"
  key_id = aws_kms_key.k.arn
}
"""

CLOUDFORMATION = """
Parameters:
  AdminArn:
    Type: String
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"], Resource: "*" }
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Deploy
            Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }
            Action: ["kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:PutKeyPolicy"]
            Resource: "*"
          - Sid: KeyAdmins
            Effect: Allow
            Principal: { AWS: !Ref AdminArn }
            Action: ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:Put*", "kms:ScheduleKeyDeletion"]
            Resource: "*"
          - Sid: App
            Effect: Allow
            Principal: { AWS: !GetAtt Reader.Arn }
            Action: APP_ACTION
            Resource: "*"
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: app/db
      KmsKeyId: !Ref Key
      SecretString: placeholder
"""


def _scan(tmp_path: Path, name: str, text: str) -> Report:
    (tmp_path / name).write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    return report


def _flows(report: Report, kind: str) -> dict[str, str]:
    return {fl.name: fl.verdict for fl in report.flows if fl.kind == kind}


def test_terraform_caller_identity_in_key_policy_still_finds_the_broken_app_statement(tmp_path: Path) -> None:
    report = _scan(tmp_path, "main.tf", TERRAFORM.replace("APP_ACTION", "kms:Encrypt"))
    assert _flows(report, "ssm-secure-string") == {"aws_ssm_parameter.p (/app/token)": "fail"}
    (flow,) = [fl for fl in report.flows if fl.kind == "ssm-secure-string"]
    assert [s.decision for s in flow.steps] == ["allowed", "denied"]
    assert [(f.rule_id, f.resource) for f in report.findings if f.category == "broken-flow"] == [
        ("SSM101", "aws_ssm_parameter.p")]
    # the admin statement may name the deployer: no lockout finding
    assert "KMS013" not in {f.rule_id for f in report.findings}


def test_terraform_caller_identity_in_key_policy_passes_when_the_app_statement_is_right(tmp_path: Path) -> None:
    report = _scan(tmp_path, "main.tf", TERRAFORM.replace("APP_ACTION", "kms:Decrypt"))
    assert _flows(report, "ssm-secure-string") == {"aws_ssm_parameter.p (/app/token)": "pass"}
    assert [f.rule_id for f in report.findings if f.category in ("broken-flow", "apply-error")] == []
    # Rotation is managed only through the admin statement, whose principal is unknown: never a failure
    (rotation,) = [fl for fl in report.flows if fl.kind == "key-rotation"]
    assert rotation.verdict == "unknown"


def test_cloudformation_parameter_in_key_policy_still_finds_the_broken_app_statement(tmp_path: Path) -> None:
    report = _scan(tmp_path, "template.yaml", CLOUDFORMATION.replace("APP_ACTION", "kms:Encrypt"))
    secrets = [fl for fl in report.flows if fl.kind == "service-encryption" and "Secrets Manager" in fl.name]
    assert [fl.verdict for fl in secrets] == ["fail"]
    assert [s.decision for s in secrets[0].steps] == ["allowed", "denied"]
    assert [(f.rule_id, f.resource) for f in report.findings if f.category == "broken-flow"] == [
        ("SM101", "template.yaml#Resources/Secret")]


def test_cloudformation_parameter_in_key_policy_passes_when_the_app_statement_is_right(tmp_path: Path) -> None:
    report = _scan(tmp_path, "template.yaml", CLOUDFORMATION.replace("APP_ACTION", "kms:Decrypt"))
    secrets = [fl for fl in report.flows if fl.kind == "service-encryption" and "Secrets Manager" in fl.name]
    assert [fl.verdict for fl in secrets] == ["pass"]
    (rotation,) = [fl for fl in report.flows if fl.kind == "key-rotation"]
    assert rotation.verdict == "unknown"
    assert [f.rule_id for f in report.findings if f.category in ("broken-flow", "apply-error")] == []
