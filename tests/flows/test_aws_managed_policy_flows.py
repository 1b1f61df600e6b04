"""AWS managed policies evaluated with their real documents (issue 14): the ECS task execution role.

A task execution role with only ``AmazonECSTaskExecutionRolePolicy`` attached (ECR pulls and log writes) and
a customer managed key that does not grant it ``kms:Decrypt`` cannot fetch a secret encrypted with that key:
the task stops with ResourceInitializationError (ECS101), and the trace names the managed policy's
statements. When the key policy grants the role ``kms:Decrypt`` the task starts. Before iacsim shipped the
managed policies' documents, both were ``unknown`` (the role's permission set was incomplete).

Terraform writes the secret as an SSM SecureString; CloudFormation cannot create a SecureString
(``AWS::SSM::Parameter`` has no such type), so its form uses a Secrets Manager secret with the same key.
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacsim.aws import managed_policies
from iacsim.findings import FlowResult
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.data import Report

MANAGED = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"

TF_KEY_GRANTS_ROLE = '''
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*",
        Resource = "*" },
      { Sid = "ExecutionRoleDecrypts", Effect = "Allow", Principal = { AWS = aws_iam_role.execution.arn },
        Action = "kms:Decrypt", Resource = "*" },
    ]
  })'''

TERRAFORM = '''
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_kms_key" "params" {
  enable_key_rotation = true%(key_policy)s
}
resource "aws_ssm_parameter" "db_password" {
  name   = "/prod/db/password"
  type   = "SecureString"
  key_id = aws_kms_key.params.arn
  value  = "example-only"
}
resource "aws_iam_role" "execution" {
  name = "app-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "%(managed)s"
}
resource "aws_iam_role_policy" "parameters" {
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ssm:GetParameters", Resource = aws_ssm_parameter.db_password.arn }]
  })
}
resource "aws_ecs_task_definition" "app" {
  family             = "app"
  execution_role_arn = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name    = "app"
    image   = "public.ecr.aws/example/app:1"
    secrets = [{ name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn }]
  }])
}
'''

CFN_KEY_GRANTS_ROLE = '''
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Sid: ExecutionRoleDecrypts
            Effect: Allow
            Principal: {AWS: !GetAtt ExecutionRole.Arn}
            Action: kms:Decrypt
            Resource: "*"'''

CLOUDFORMATION = '''
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true%(key_policy)s
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/db
      KmsKeyId: !GetAtt Key.Arn
      GenerateSecretString: {PasswordLength: 32}
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-execution
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: ecs-tasks.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns: ["%(managed)s"]
      Policies:
        - PolicyName: secrets
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                # not !Ref Secret: the key policy names this role, so that would be a circular dependency
                Resource: !Sub "arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-*"
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      ExecutionRoleArn: !GetAtt ExecutionRole.Arn
      ContainerDefinitions:
        - Name: app
          Image: public.ecr.aws/example/app:1
          Secrets:
            - Name: DB_PASSWORD
              ValueFrom: !Ref Secret
'''

FORMS = {
    "terraform": ("main.tf", TERRAFORM, TF_KEY_GRANTS_ROLE, "aws_ecs_task_definition.app", "ssm:GetParameters"),
    "cloudformation": ("template.yaml", CLOUDFORMATION, CFN_KEY_GRANTS_ROLE, "template.yaml#Resources/Task",
                       "secretsmanager:GetSecretValue"),
}
"""form → (file, template, the key policy granting the role, the task's address, the fetch's action)."""
ROLE = {"terraform": "arn:aws:iam::111122223333:role/app-execution",
        "cloudformation": "arn:aws:iam::111111111111:role/app-execution"}
"""The execution role's ARN (a template without stack placement is in the default account)."""


def _ecs_flow(tmp_path: Path, form: str, key_grants_role: bool, managed: str = MANAGED) -> tuple[Report, FlowResult]:
    name, template, grant, _, _ = FORMS[form]
    text = template % {"managed": managed, "key_policy": grant if key_grants_role else ""}
    (tmp_path / name).write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.name.startswith("ECS ")]
    return report, flow


@pytest.mark.parametrize("form", sorted(FORMS))
def test_execution_role_with_only_the_managed_policy_cannot_decrypt_and_the_trace_names_it(
        tmp_path: Path, form: str) -> None:
    report, flow = _ecs_flow(tmp_path, form, key_grants_role=False)
    _, _, _, address, fetch_action = FORMS[form]
    assert flow.verdict == "fail"
    fetch = flow.steps[-1]
    assert (fetch.principal, fetch.decision) == (ROLE[form], "denied") and fetch.action.startswith(fetch_action)
    assert "kms:Decrypt" in fetch.reason and "no identity policy allows" in fetch.reason
    snapshot = managed_policies.snapshot_info().snapshot_date
    assert (f"AWS managed policy {MANAGED} (v1 in iacsim's snapshot of {snapshot}) was evaluated: "
            "Statement[0] allows ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, "
            "ecr:GetDownloadUrlForLayer, ecr:BatchGetImage, logs:CreateLogStream, logs:PutLogEvents on *"
            ) in fetch.reason
    assert ("ECS101", address) in [(f.rule_id, f.resource) for f in report.findings if f.category == "broken-flow"]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_key_policy_granting_the_execution_role_decrypt_makes_the_task_start(tmp_path: Path, form: str) -> None:
    report, flow = _ecs_flow(tmp_path, form, key_grants_role=True)
    assert flow.verdict == "pass"
    assert flow.steps[-1].principal == ROLE[form] and flow.steps[-1].decision == "allowed"
    assert not [f for f in report.findings if f.category == "broken-flow"]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_managed_policy_name_not_in_the_snapshot_leaves_the_fetch_unknown(tmp_path: Path, form: str) -> None:
    misspelt = MANAGED.replace("ECSTask", "ECSTasks")
    report, flow = _ecs_flow(tmp_path, form, key_grants_role=False, managed=misspelt)
    assert flow.verdict == "unknown"
    assert f"AWS managed policy {misspelt} is not in iacsim's snapshot of" in flow.steps[-1].reason
    assert not [f for f in report.findings if f.category == "broken-flow"]
