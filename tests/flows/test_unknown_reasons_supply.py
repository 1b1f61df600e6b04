"""An unknown flow's reason names what is missing and the real option that supplies it (issue 13).

A key given by a variable or parameter without value names it with ``--var``/``--cfn-param``; a key from a
module that was not downloaded says ``terraform init``; a secret the scan does not create says how to scan
its code in the same world. The plan form has every variable's value and every module's code, so it cannot
express these.
"""

from __future__ import annotations

from pathlib import Path

from flow_scan import scan_files

from iacsim.findings import FlowResult


def _unknown_step_reason(flows: list[FlowResult], kind: str) -> str:
    (flow,) = [f for f in flows if f.kind == kind]
    assert flow.verdict == "unknown"
    return next(s.reason for s in flow.steps if s.decision == "unknown")


LOG_GROUP_TF = '''
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
%s
resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/logs"
  kms_key_id = %s
}
'''


def test_a_key_from_a_variable_without_value_names_the_variable_and_var(tmp_path: Path) -> None:
    report = scan_files(tmp_path, {"main.tf": LOG_GROUP_TF % ('variable "logs_key" {\n  type = string\n}',
                                                              "var.logs_key")})
    reason = _unknown_step_reason(report.flows, "service-encryption")
    assert "variable logs_key has no value: give it with --var logs_key=…" in reason


def test_a_key_from_a_module_not_downloaded_says_terraform_init(tmp_path: Path) -> None:
    module = 'module "kms" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "3.1.0"\n}'
    report = scan_files(tmp_path, {"main.tf": LOG_GROUP_TF % (module, "module.kms.key_arn")})
    reason = _unknown_step_reason(report.flows, "service-encryption")
    assert "terraform init" in reason


LOG_GROUP_CFN = """
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  LogsKey: {Type: String}
Conditions:
  HasKey: !Not [!Equals [!Ref LogsKey, ""]]
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /app/logs
      KmsKeyId: !If [HasKey, !Ref LogsKey, !Ref AWS::NoValue]
"""


def test_cloudformation_a_key_from_a_parameter_names_it_and_cfn_param(tmp_path: Path) -> None:
    report = scan_files(tmp_path, {"template.yaml": LOG_GROUP_CFN})
    reason = _unknown_step_reason(report.flows, "service-encryption")
    assert "LogsKey" in reason and "--cfn-param LogsKey=" in reason


SECRET_CFN = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Directory:
    Type: AWS::DirectoryService::MicrosoftAD
    Properties:
      Name: corp.example.com
      Password: "{{resolve:secretsmanager:AdminPassword:SecretString:password}}"
      VpcSettings: {SubnetIds: [subnet-1, subnet-2], VpcId: vpc-1}
"""


def test_cloudformation_a_secret_the_scan_does_not_create_says_how_to_scan_its_code(tmp_path: Path) -> None:
    report = scan_files(tmp_path, {"template.yaml": SECRET_CFN})
    reason = _unknown_step_reason(report.flows, "code-secret")
    assert "secret AdminPassword is not created in the scan" in reason
    assert ".iacsim.yml worlds:" in reason and "created by hand" in reason
