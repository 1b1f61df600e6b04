"""Unknown names do not stop a replay: an object of the scan whose name is known only after apply (Terraform
``random_pet``/``bucket_prefix``, CloudFormation generated names) gets one stable stand-in name that every
reference to it uses, and the verdict stands — unless a policy pattern must match the real name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iacsim.findings import FlowResult
from iacsim.flows.seed.patterns import UnknownName, undecided_pattern
from iacsim.load import LoadOptions
from iacsim.pipeline import scan

S3_PASSING = yaml.safe_load((Path(__file__).resolve().parent.parent / "rules" / "cases" / "S3102.yml")
                            .read_text())["cases"][1]["terraform"]

PET = """
resource "random_pet" "this" {
  length = 2
}
locals {
  source_name      = "acme-src-${random_pet.this.id}"
  destination_name = "acme-dst-${random_pet.this.id}"
}
"""


def _random_pet(text: str) -> str:
    """The passing replication case with both buckets named from random_pet, referenced by name strings."""
    text = text.replace('bucket = "acme-src-111122223333"', "bucket = local.source_name")
    text = text.replace('bucket   = "acme-dst-111122223333"', "bucket   = local.destination_name")
    text = text.replace("Resource = aws_s3_bucket.source.arn }", 'Resource = "arn:aws:s3:::${local.source_name}" }')
    text = text.replace('Resource = "${aws_s3_bucket.source.arn}/*"', 'Resource = "arn:aws:s3:::${local.source_name}/*"')
    text = text.replace('Resource = "${aws_s3_bucket.replica.arn}/*"',
                        'Resource = "arn:aws:s3:::${local.destination_name}/*"')
    text = text.replace("bucket = aws_s3_bucket.replica.arn", 'bucket = "arn:aws:s3:::${local.destination_name}"')
    assert text.count("local.") == 6
    return PET + text


def _replication(tmp_path: Path, text: str) -> list[FlowResult]:
    (tmp_path / "main.tf").write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    return [fl for fl in report.flows if fl.kind == "s3-replication"]


def test_buckets_named_from_random_pet_are_the_same_bucket_in_every_reference(tmp_path: Path) -> None:
    flows = _replication(tmp_path, _random_pet(S3_PASSING))
    assert flows and {fl.verdict for fl in flows} == {"pass"}
    resources = " ".join(s.resource for fl in flows for s in fl.steps)
    # one stand-in per name, the literal part kept: the destination the rule names is the replica bucket
    assert "arn:aws:s3:::acme-src-" in resources and "arn:aws:s3:::acme-dst-" in resources
    assert "iacsim-bucket-" not in resources


def test_a_policy_pattern_that_needs_the_real_name_makes_the_replay_unknown(tmp_path: Path) -> None:
    # the destination is named "${var.env}-acme-dst": whether prod-* matches it depends on var.env
    text = _random_pet(S3_PASSING).replace('destination_name = "acme-dst-${random_pet.this.id}"',
                                           'destination_name = "${var.env}-acme-dst"')
    text = 'variable "env" {\n  type = string\n}\n' + text.replace(
        'Resource = "arn:aws:s3:::${local.destination_name}/*"', 'Resource = "arn:aws:s3:::prod-*/*"')
    flows = _replication(tmp_path, text)
    assert flows and {fl.verdict for fl in flows} == {"unknown"}
    reason = next(s for s in flows[0].steps if s.decision == "unknown").reason
    assert "'arn:aws:s3:::prod-*/*'" in reason and "var.env" in reason and "--var" in reason


def test_a_pattern_that_can_never_match_the_name_still_decides(tmp_path: Path) -> None:
    # acme-dst-<pet> never starts with prod-, whatever the pet: the replay's deny is AWS's
    text = _random_pet(S3_PASSING).replace('Resource = "arn:aws:s3:::${local.destination_name}/*"',
                                           'Resource = "arn:aws:s3:::prod-*/*"')
    flows = _replication(tmp_path, text)
    assert flows and "fail" in {fl.verdict for fl in flows} and "unknown" not in {fl.verdict for fl in flows}


def test_a_pattern_the_stand_in_decides_either_way_keeps_the_verdict(tmp_path: Path) -> None:
    # acme-dst-* matches the replica bucket whatever the pet is: decided, so the replay still passes
    text = _random_pet(S3_PASSING).replace('Resource = "arn:aws:s3:::${local.destination_name}/*"',
                                           'Resource = "arn:aws:s3:::acme-dst-*/*"')
    flows = _replication(tmp_path, text)
    assert flows and {fl.verdict for fl in flows} == {"pass"}


def test_a_bucket_prefix_bucket_keeps_its_prefix_as_stand_in(tmp_path: Path) -> None:
    text = S3_PASSING.replace('bucket   = "acme-dst-111122223333"', 'bucket_prefix = "acme-dst-"')
    flows = _replication(tmp_path, text)
    assert flows and {fl.verdict for fl in flows} == {"pass"}
    assert any("arn:aws:s3:::acme-dst-" in s.resource for fl in flows for s in fl.steps)


def test_a_cloudformation_secret_without_a_name_is_resolved_by_its_stand_in(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text("""
Resources:
  DBCredential:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "admin"}'
        GenerateStringKey: password
  MainDB:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      MasterUsername: admin
      MasterUserPassword: !Sub "{{resolve:secretsmanager:${DBCredential}:SecretString:password}}"
""")
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.kind == "code-secret"]
    assert flow.verdict == "pass", [s.reason for s in flow.steps]


NAME = UnknownName("aws_s3_bucket.b", "named 'acme-${random_pet.this.id}'", ("1a2b3c4d",),
                   ("arn:aws:s3:::acme-1a2b3c4d", "arn:aws:s3:::acme-1a2b3c4d/*"))
WHOLE = UnknownName("aws_s3_bucket.g", "named at apply time", ("iacsim-bucket-0f0f",),
                    ("arn:aws:s3:::iacsim-bucket-0f0f", "arn:aws:s3:::iacsim-bucket-0f0f/*"))


@pytest.mark.parametrize(("pattern", "name", "undecided"), [
    ("arn:aws:s3:::prod-*", NAME, False),  # acme-<pet> never starts with prod-
    ("arn:aws:s3:::acme-prod*", NAME, True),  # whether the pet starts with prod
    ("arn:aws:s3:::acme-*", NAME, False),  # always matches
    ("arn:aws:s3:::acme-1a2b3c4d/*", NAME, False),  # the same unknown on both sides
    ("arn:aws:s3:::other-1a2b3c4d/*", NAME, False),  # the same pet, another literal: never matches
    ("arn:aws:kms:*:111122223333:key/*", NAME, False),  # another service: never matches
    ("arn:aws:s3:::*", WHOLE, False),
    ("arn:aws:s3:::prod-*", WHOLE, True),
    ("arn:aws:s3:::iacsim-bucket-0f0f/*", WHOLE, False),
    ("arn:aws:s3:::acme-????????/*", NAME, True),  # the pet's length decides
])
def test_which_patterns_need_the_real_name(pattern: str, name: UnknownName, undecided: bool) -> None:
    document = {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": pattern}]}
    assert (undecided_pattern(document, [name]) is not None) is undecided


def test_condition_patterns_count_and_exact_values_do_not() -> None:
    like = {"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                           "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::prod-*"}}}]}
    equals = {"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                             "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}
    assert undecided_pattern(like, [WHOLE]) is not None
    assert undecided_pattern(equals, [WHOLE]) is None


CFN_REPLICATION = """
Resources:
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Id: all
            Status: Enabled
            Prefix: ""
            Destination:
              Bucket: !GetAtt Replica.Arn
  ReplicationRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: s3.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: replication
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetReplicationConfiguration, s3:ListBucket]
                Resource: !GetAtt Source.Arn
              - Effect: Allow
                Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
                Resource: !Sub "${Source.Arn}/*"
              - Effect: Allow
                Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
                Resource: !Sub "arn:aws:s3:::${Replica}/*"
"""


def test_cloudformation_buckets_without_names_are_replayed_under_their_generated_stand_ins(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(CFN_REPLICATION)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    flows = [fl for fl in report.flows if fl.kind == "s3-replication"]
    assert flows and {fl.verdict for fl in flows} == {"pass"}, [s.reason for fl in flows for s in fl.steps]


def test_cloudformation_pattern_on_a_generated_name_is_unknown(tmp_path: Path) -> None:
    text = CFN_REPLICATION.replace('Resource: !Sub "arn:aws:s3:::${Replica}/*"', 'Resource: "arn:aws:s3:::prod-*/*"')
    (tmp_path / "template.yaml").write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    flows = [fl for fl in report.flows if fl.kind == "s3-replication"]
    assert flows and {fl.verdict for fl in flows} == {"unknown"}
    assert "'arn:aws:s3:::prod-*/*'" in next(s for s in flows[0].steps if s.decision == "unknown").reason


APP_NAME = """
Parameters:
  AppName:
    Type: String
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub ${AppName}-logs-${AWS::Region}
      VersioningConfiguration: {Status: Enabled}
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub ${AppName}-${AWS::Region}
      VersioningConfiguration: {Status: Enabled}
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Status: Enabled
            Destination:
              Bucket: !Sub arn:${AWS::Partition}:s3:::${AppName}-logs-${AWS::Region}
  ReplicationRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: s3.amazonaws.com}
            Action: sts:AssumeRole
  ReplicationPolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref ReplicationRole
      PolicyName: replication
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [s3:GetReplicationConfiguration, s3:ListBucket]
            Resource: !Sub arn:${AWS::Partition}:s3:::${AppName}-${AWS::Region}
          - Effect: Allow
            Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
            Resource: !Sub arn:${AWS::Partition}:s3:::${AppName}-${AWS::Region}/*
          - Effect: Allow
            Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
            Resource: !Sub arn:${AWS::Partition}:s3:::${AppName}-logs-${AWS::Region}/*
"""


def _app_name_replication(tmp_path: Path, text: str, *params: tuple[str, str]) -> list[FlowResult]:
    (tmp_path / "template.yaml").write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False, cfn_params=params), "none")
    return [fl for fl in report.flows if fl.kind == "s3-replication"]


def test_a_cloudformation_parameter_without_value_is_one_stand_in_in_every_sub(tmp_path: Path) -> None:
    # the bucket's name and the policy's Resource are both !Sub over AppName: the same string, so the same bucket
    flows = _app_name_replication(tmp_path, APP_NAME)
    assert flows and {fl.verdict for fl in flows} == {"pass"}, [s.reason for fl in flows for s in fl.steps]
    given = _app_name_replication(tmp_path, APP_NAME, ("AppName", "demo"))
    assert [fl.verdict for fl in given] == [fl.verdict for fl in flows]
    assert any("arn:aws:s3:::demo-logs-us-east-1/" in s.resource for fl in given for s in fl.steps)


def test_a_pattern_on_a_parameter_name_is_unknown_and_says_which_parameter(tmp_path: Path) -> None:
    text = APP_NAME.replace("Resource: !Sub arn:${AWS::Partition}:s3:::${AppName}-logs-${AWS::Region}/*",
                            "Resource: arn:aws:s3:::prod-*/*")
    flows = _app_name_replication(tmp_path, text)
    assert flows and {fl.verdict for fl in flows} == {"unknown"}
    reason = next(s for s in flows[0].steps if s.decision == "unknown").reason
    assert "'arn:aws:s3:::prod-*/*'" in reason and "AppName" in reason and "--cfn-param" in reason


def test_a_destination_outside_the_template_named_from_a_parameter_stays_unknown(tmp_path: Path) -> None:
    # the role is named from the same parameter, but the destination bucket is not in the scan: no stand-in
    text = (APP_NAME.replace("!Sub arn:${AWS::Partition}:s3:::${AppName}-logs-${AWS::Region}\n",
                             "!Sub arn:${AWS::Partition}:s3:::${AppName}-elsewhere\n")
            .replace("      AssumeRolePolicyDocument:", "      RoleName: !Sub ${AppName}-replication\n"
                     "      AssumeRolePolicyDocument:"))
    flows = _app_name_replication(tmp_path, text)
    assert flows and {fl.verdict for fl in flows} == {"unknown"}
    assert "is not a bucket of the scan" in flows[0].steps[0].reason


LOG_GROUP_TF = """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
variable "app" {
  type = string
}
resource "aws_kms_key" "logs" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      {
        Effect    = "Allow"
        Principal = { Service = "logs.us-east-1.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = "CONTEXT" } }
      },
    ]
  })
}
resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/${var.app}"
  kms_key_id = aws_kms_key.logs.arn
}
"""


@pytest.mark.parametrize(("context", "verdict"), [
    ("arn:aws:logs:us-east-1:111122223333:log-group:/app/${var.app}", "pass"),  # the same string on both sides
    ("arn:aws:logs:us-east-1:111122223333:log-group:/app/*", "pass"),  # whatever var.app is
    ("arn:aws:logs:us-east-1:111122223333:log-group:/web/*", "fail"),  # never, whatever var.app is
    ("arn:aws:logs:us-east-1:111122223333:log-group:/app/prod-*", "unknown"),  # var.app decides
])
def test_a_log_group_named_from_a_variable_is_replayed_under_its_stand_in(
        tmp_path: Path, context: str, verdict: str) -> None:
    (tmp_path / "main.tf").write_text(LOG_GROUP_TF.replace("CONTEXT", context))
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if "log_group" in fl.name]
    assert flow.verdict == verdict, [s.reason for s in flow.steps]
    if verdict == "unknown":
        assert "var.app" in flow.steps[0].reason and "--var" in flow.steps[0].reason
    else:
        assert "log-group:/app/" in flow.steps[0].resource


LOG_GROUP_CFN = """
Parameters:
  AppName:
    Type: String
Resources:
  LogsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal: {Service: !Sub "logs.${AWS::Region}.amazonaws.com"}
            Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]
            Resource: "*"
            Condition:
              ArnEquals:
                kms:EncryptionContext:aws:logs:arn: CONTEXT
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub ${AppName}-logs
      KmsKeyId: !GetAtt LogsKey.Arn
"""


@pytest.mark.parametrize(("context", "verdict"), [
    ('!Sub "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AppName}-logs"', "pass"),
    ('!Sub "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:prod-*"', "unknown"),
])
def test_a_cloudformation_log_group_named_from_a_parameter_is_one_stand_in(
        tmp_path: Path, context: str, verdict: str) -> None:
    (tmp_path / "template.yaml").write_text(LOG_GROUP_CFN.replace("CONTEXT", context))
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if "AppLogs" in fl.name]
    assert flow.verdict == verdict, [s.reason for s in flow.steps]
    if verdict == "unknown":
        assert "AppName" in flow.steps[0].reason


def test_topics_and_queues_from_name_prefix_keep_the_prefix_and_fifo_suffix(tmp_path: Path) -> None:
    from iacsim.flows.seed import seed_world
    from iacsim.load import load_paths
    from iacsim.model import build_world

    (tmp_path / "main.tf").write_text("""
resource "aws_sns_topic" "t" {
  name_prefix = "alerts-"
}
resource "aws_sqs_queue" "q" {
  name_prefix = "jobs-"
  fifo_queue  = true
}
resource "aws_sqs_queue" "r" {
  name_prefix = "other-"
}
""")
    world = build_world(load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources)
    seeded = seed_world(world)
    topic, queue = seeded.values["aws_sns_topic.t"]["name"], seeded.values["aws_sqs_queue.q"]["name"]
    assert topic.startswith("alerts-") and queue.startswith("jobs-") and queue.endswith(".fifo")
    # a pattern on the prefix decides (never/always); one on the generated part does not
    names = {n.address for n in seeded.unknown_names}
    assert {"aws_sns_topic.t", "aws_sqs_queue.q"} <= names
    arn = seeded.values["aws_sqs_queue.q"]["arn"]
    decided = {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": arn.replace(queue, "jobs-*")}]}
    undecided = {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": arn.replace(queue, "jobs-a*")}]}
    assert undecided_pattern(decided, seeded.unknown_names) is None
    assert "aws_sqs_queue.q" in (undecided_pattern(undecided, seeded.unknown_names) or "")
