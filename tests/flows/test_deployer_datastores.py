"""Encrypted datastores (EBS, RDS, DynamoDB, EFS) are created by the deployer (issue 13: the deployer bullet).

EBS, RDS, DynamoDB and EFS use the *caller's* permissions on the key (``kms:CreateGrant``/``kms:DescribeKey``
with ``kms:ViaService``), so who deploys decides: a known deployer the key policy names passes, one it does not
name fails, and an unknown deployer is ``unknown`` when the key policy admits only some role (the real deployer
may be it), but passes when the key policy grants the account. A replica depends on its source existing, not
on who made it.
https://docs.aws.amazon.com/kms/latest/developerguide/services-ebs.html
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacsim.config import parse_config
from iacsim.findings import FlowResult
from iacsim.load import LoadOptions
from iacsim.model.deployer import DEPLOYER_UNKNOWN
from iacsim.pipeline import scan

ACCOUNT = "111122223333"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
TERRAFORM = f"arn:aws:iam::{ACCOUNT}:role/terraform"


def _policy(*admins: str) -> str:
    doc: dict[str, Any] = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": list(admins)}, "Action": "kms:*", "Resource": "*"}]}
    return json.dumps(json.dumps(doc))


def _volume_tf(*admins: str) -> str:
    return f'''provider "aws" {{
  region              = "eu-west-1"
  allowed_account_ids = ["{ACCOUNT}"]
}}
resource "aws_kms_key" "ebs" {{
  policy = {_policy(*admins)}
}}
resource "aws_ebs_volume" "data" {{
  availability_zone = "eu-west-1a"
  size              = 8
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}}
'''


def _flow(tmp_path: Path, text: str, config: dict[str, Any] | None = None, name: str = "main.tf",
          address: str = "aws_ebs_volume.data") -> FlowResult:
    (tmp_path / name).write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(config=parse_config(config or {}, "t"), use_cache=False), "none")
    (flow,) = [f for f in report.flows if f.kind == "service-encryption" and f.name.startswith(address)]
    return flow


def test_a_known_deployer_named_by_the_key_policy_creates_the_volume(tmp_path: Path) -> None:
    flow = _flow(tmp_path, _volume_tf(TERRAFORM), {"deployer": TERRAFORM})
    assert flow.verdict == "pass"
    assert (flow.steps[0].principal, flow.steps[0].action) == (TERRAFORM, "ec2:CreateVolume")


def test_a_known_deployer_the_key_policy_does_not_name_cannot(tmp_path: Path) -> None:
    ci = f"arn:aws:iam::{ACCOUNT}:role/ci"
    flow = _flow(tmp_path, _volume_tf(TERRAFORM), {"deployer": ci})
    assert flow.verdict == "fail"
    assert flow.steps[0].principal == ci and flow.steps[0].decision in ("denied", "error")


def test_an_unknown_deployer_against_a_policy_naming_one_role_is_unknown(tmp_path: Path) -> None:
    flow = _flow(tmp_path, _volume_tf(TERRAFORM))
    assert flow.verdict == "unknown"
    assert flow.steps[0].principal == ROOT and DEPLOYER_UNKNOWN in flow.steps[0].reason


def test_an_unknown_deployer_passes_what_the_key_policy_grants_the_account(tmp_path: Path) -> None:
    flow = _flow(tmp_path, _volume_tf(ROOT))
    assert flow.verdict == "pass" and "as every AWS guide assumes" in flow.steps[0].reason


def test_cloudformation_rds_instance_is_created_by_the_stack_role(tmp_path: Path) -> None:
    template = f'''AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Admins
            Effect: Allow
            Principal: {{AWS: "{TERRAFORM}"}}
            Action: "kms:*"
            Resource: "*"
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      StorageEncrypted: true
      KmsKeyId: !GetAtt Key.Arn
'''
    unknown = _flow(tmp_path, template, name="db.yaml", address="db.yaml#Resources/Db")
    assert unknown.verdict == "unknown" and DEPLOYER_UNKNOWN in unknown.steps[0].reason
    known = _flow(tmp_path, template, {"deployer": TERRAFORM}, name="db.yaml", address="db.yaml#Resources/Db")
    assert known.verdict == "pass" and known.steps[0].principal == TERRAFORM


def test_a_replica_refused_its_key_fails_even_when_its_source_was_made_by_an_unknown_deployer(tmp_path: Path) -> None:
    text = f'''provider "aws" {{
  region              = "eu-west-1"
  allowed_account_ids = ["{ACCOUNT}"]
}}
resource "aws_kms_key" "primary" {{
  policy = {_policy(TERRAFORM)}
}}
provider "aws" {{
  alias               = "dr"
  region              = "us-east-1"
  allowed_account_ids = ["{ACCOUNT}"]
}}
resource "aws_kms_key" "replica" {{
  provider = aws.dr
  policy   = {_policy("arn:aws:iam::444455556666:root")}
}}
resource "aws_db_instance" "primary" {{
  identifier        = "primary"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.primary.arn
}}
resource "aws_db_instance" "replica" {{
  provider            = aws.dr
  identifier          = "replica"
  replicate_source_db = aws_db_instance.primary.arn
  instance_class      = "db.t3.micro"
  kms_key_id          = aws_kms_key.replica.arn
}}
'''
    # the source's key admits only role/terraform: with the deployer unknown, its creation is unknown (made
    # anyway); the cross-Region replica's key admits only another account, which no deployer of this account
    # escapes (a same-Region replica would use the source's key)
    source = _flow(tmp_path, text, address="aws_db_instance.primary")
    assert source.verdict == "unknown" and len(source.steps) == 1  # no KMS trace of the stand-in's own run
    replica = _flow(tmp_path, text, address="aws_db_instance.replica")
    assert replica.verdict == "fail"
    assert replica.steps[0].action == "rds:CreateDBInstanceReadReplica" and replica.steps[0].after == ()
