"""``ami-sharing`` follows each snapshot to the key that really encrypts it (issue 13 §4).

An image's snapshots keep the key of the volume they were taken from (``aws_ebs_snapshot`` →
``aws_ebs_volume.kms_key_id``), an instance's image keeps its volumes' keys, and ``aws_ami_copy``'s
``encrypted``/``kms_key_id`` decide every snapshot's key. What the scan does not hold is ``unknown``,
never ``aws/ebs``. CloudFormation has no resource that registers or shares an AMI
(docs/aws-behaviour.md §15), so these cases exist in Terraform and plan form only.
"""

from __future__ import annotations

import json
from pathlib import Path

from flow_scan import scan_files

from iacsim.findings import FlowResult
from iacsim.report.data import Report

OWNER, TARGET = "111122223333", "444455556666"

HEADER = f'''
provider "aws" {{
  region              = "us-east-1"
  allowed_account_ids = ["{OWNER}"]
}}
resource "aws_kms_key" "ami" {{
  enable_key_rotation = true
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{ Sid = "Owner", Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{OWNER}:root" }}, Action = "kms:*",
        Resource = "*" }},
      {{ Sid = "Workloads", Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{TARGET}:root" }},
        Action = ["kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
        Resource = "*" }},
      {{ Sid = "WorkloadsGrants", Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{TARGET}:root" }},
        Action = "kms:CreateGrant", Resource = "*",
        Condition = {{ Bool = {{ "kms:GrantIsForAWSResource" = "true" }} }} }},
    ]
  }})
}}
resource "aws_ami_launch_permission" "workloads" {{
  image_id   = aws_ami{{KIND}}.app.id
  account_id = "{TARGET}"
}}
'''


def _tf(kind: str, body: str) -> str:
    return HEADER.replace("{KIND}", kind) + body


VOLUME_IMAGE = '''
resource "aws_ebs_volume" "root" {
  availability_zone = "us-east-1a"
  size              = 30
  encrypted         = true
  VOLUME_KEY
}
resource "aws_ebs_snapshot" "root" {
  volume_id = aws_ebs_volume.root.id
}
resource "aws_ami" "app" {
  name             = "app"
  root_device_name = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = aws_ebs_snapshot.root.id
  }
}
'''


def _flow(report: Report) -> FlowResult:
    (flow,) = [f for f in report.flows if f.kind == "ami-sharing"]
    return flow


def _key_arn(report: Report) -> str:
    keys = report.model["accounts"][OWNER]["regions"]["us-east-1"]["keys"]
    return str(next(k for k in keys if k["address"] == "aws_kms_key.ami")["arn"])


def test_an_image_from_a_cmk_volume_shared_with_a_key_policy_for_the_target_passes(tmp_path: Path):
    report = scan_files(tmp_path, {"main.tf": _tf("", VOLUME_IMAGE.replace("VOLUME_KEY",
                                                                     "kms_key_id = aws_kms_key.ami.arn"))})
    flow = _flow(report)
    assert flow.verdict == "pass"
    assert flow.steps[0].action == "ec2:ModifyImageAttribute" and flow.steps[0].decision == "allowed"
    grant = next(s for s in flow.steps if s.action == "kms:CreateGrant")
    assert grant.resource == _key_arn(report) and grant.principal == f"arn:aws:iam::{TARGET}:root"
    assert not [f for f in report.findings if f.rule_id == "AMI101"]


def test_an_image_from_an_aws_ebs_volume_cannot_be_shared(tmp_path: Path):
    report = scan_files(tmp_path, {"main.tf": _tf("", VOLUME_IMAGE.replace("VOLUME_KEY", ""))})
    flow = _flow(report)
    assert flow.verdict == "fail"
    assert flow.steps[0].action == "ec2:ModifyImageAttribute" and "AWS managed key" in flow.steps[0].reason
    assert [f.rule_id for f in report.findings if f.rule_id == "AMI101"] == ["AMI101"]


def test_a_snapshot_of_a_volume_outside_the_scan_is_unknown_not_aws_ebs(tmp_path: Path):
    body = '''
variable "volume_id" {
  type = string
}
resource "aws_ebs_snapshot" "root" {
  volume_id = var.volume_id
}
resource "aws_ami" "app" {
  name             = "app"
  root_device_name = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = aws_ebs_snapshot.root.id
    encrypted   = true
  }
}
'''
    report = scan_files(tmp_path, {"main.tf": _tf("", body)})
    flow = _flow(report)
    assert flow.verdict == "unknown"
    assert "is not in the scan, so the snapshot's key (the volume's) is not known" in flow.steps[-1].reason
    assert not [f for f in report.findings if f.rule_id == "AMI101"]


def test_an_image_on_a_snapshot_outside_the_scan_is_unknown(tmp_path: Path):
    body = '''
resource "aws_ami" "app" {
  name             = "app"
  root_device_name = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0123456789abcdef0"
    encrypted   = true
  }
}
'''
    flow = _flow(scan_files(tmp_path, {"main.tf": _tf("", body)}))
    assert flow.verdict == "unknown" and "snap-0123456789abcdef0 is not in the scan" in flow.steps[-1].reason


def test_an_ami_copy_with_kms_key_id_decides_every_snapshots_key(tmp_path: Path):
    body = '''
resource "aws_ami_copy" "app" {
  name              = "app-copy"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "us-east-1"
  encrypted         = true
  kms_key_id        = aws_kms_key.ami.arn
}
'''
    report = scan_files(tmp_path, {"main.tf": _tf("_copy", body)})
    flow = _flow(report)
    assert flow.verdict == "pass"
    assert any(s.action == "kms:CreateGrant" and s.resource == _key_arn(report) for s in flow.steps)


def test_an_ami_copy_without_a_key_of_an_image_outside_the_scan_is_unknown(tmp_path: Path):
    body = '''
resource "aws_ami_copy" "app" {
  name              = "app-copy"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "us-east-1"
}
'''
    flow = _flow(scan_files(tmp_path, {"main.tf": _tf("_copy", body)}))
    assert flow.verdict == "unknown" and "ami-0123456789abcdef0 is not in the scan" in flow.steps[-1].reason


def test_an_ami_copy_of_an_image_in_the_scan_is_copied_with_its_key(tmp_path: Path):
    body = VOLUME_IMAGE.replace("VOLUME_KEY", "").replace('"app"', '"base"').replace("aws_ami\" \"app", "aws_ami\" \"base") + '''
resource "aws_ami_copy" "app" {
  name              = "app-copy"
  source_ami_id     = aws_ami.base.id
  source_ami_region = "us-east-1"
  encrypted         = true
  kms_key_id        = aws_kms_key.ami.arn
}
'''
    # the base image uses aws/ebs and could not be shared itself; the copy re-encrypts it with the CMK
    report = scan_files(tmp_path, {"main.tf": _tf("_copy", body)})
    flow = _flow(report)
    assert flow.verdict == "pass"
    assert any(s.action == "kms:CreateGrant" and s.resource == _key_arn(report) for s in flow.steps)


def test_an_image_from_an_instance_keeps_its_volumes_keys(tmp_path: Path):
    body = '''
resource "aws_instance" "builder" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted  = true
    kms_key_id = aws_kms_key.ami.arn
  }
}
resource "aws_ami_from_instance" "app" {
  name               = "app"
  source_instance_id = aws_instance.builder.id
}
'''
    report = scan_files(tmp_path, {"main.tf": _tf("_from_instance", body)})
    assert _flow(report).verdict == "pass"
    unkeyed = body.replace("    kms_key_id = aws_kms_key.ami.arn\n", "")
    report = scan_files(tmp_path, {"main.tf": _tf("_from_instance", unkeyed)})
    flow = _flow(report)
    assert flow.verdict == "unknown" and "keeps that snapshot's key" in flow.steps[-1].reason


def _plan(volume_key: bool) -> dict[str, object]:
    """The CMK-volume image of the first test as ``terraform show -json`` prints its plan."""
    key_policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OWNER}:root"}, "Action": "kms:*",
         "Resource": "*"},
        {"Sid": "Workloads", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TARGET}:root"},
         "Action": ["kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
         "Resource": "*"},
        {"Sid": "WorkloadsGrants", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TARGET}:root"},
         "Action": "kms:CreateGrant", "Resource": "*",
         "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}}]}
    resources = [
        ("aws_kms_key", "ami", {"enable_key_rotation": True, "policy": json.dumps(key_policy)},
         {"arn": True, "id": True, "key_id": True}, {}),
        ("aws_ebs_volume", "root", {"availability_zone": "us-east-1a", "size": 30, "encrypted": True},
         {"id": True, "arn": True, **({"kms_key_id": True} if volume_key else {})},
         {"kms_key_id": {"references": ["aws_kms_key.ami.arn", "aws_kms_key.ami"]}} if volume_key else {}),
        ("aws_ebs_snapshot", "root", {}, {"id": True, "volume_id": True, "encrypted": True, "kms_key_id": True},
         {"volume_id": {"references": ["aws_ebs_volume.root.id", "aws_ebs_volume.root"]}}),
        ("aws_ami", "app", {"name": "app", "root_device_name": "/dev/xvda",
                            "ebs_block_device": [{"device_name": "/dev/xvda"}]},
         {"id": True, "arn": True, "ebs_block_device": [{"snapshot_id": True}]},
         {"ebs_block_device": [{"snapshot_id": {"references": ["aws_ebs_snapshot.root.id",
                                                               "aws_ebs_snapshot.root"]}}]}),
        ("aws_ami_launch_permission", "workloads", {"account_id": TARGET}, {"id": True, "image_id": True},
         {"image_id": {"references": ["aws_ami.app.id", "aws_ami.app"]}}),
    ]
    planned, changes, config = [], [], []
    for rtype, name, values, unknown, expressions in resources:
        address = f"{rtype}.{name}"
        planned.append({"address": address, "mode": "managed", "type": rtype, "name": name,
                        "provider_name": "registry.terraform.io/hashicorp/aws", "values": values})
        changes.append({"address": address, "mode": "managed", "type": rtype, "name": name,
                        "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None, "after": values,
                                   "after_unknown": unknown}})
        config.append({"address": address, "mode": "managed", "type": rtype, "name": name,
                       "provider_config_key": "aws", "expressions": expressions})
    return {"format_version": "1.2", "terraform_version": "1.9.0",
            "planned_values": {"root_module": {"resources": planned}}, "resource_changes": changes,
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                "region": {"constant_value": "us-east-1"}, "allowed_account_ids": {"constant_value": [OWNER]}}}},
                "root_module": {"resources": config}}}


def test_plan_form_follows_the_snapshot_to_the_volumes_key(tmp_path: Path):
    report = scan_files(tmp_path, {"plan.json": json.dumps(_plan(volume_key=True))})
    flow = _flow(report)
    assert flow.verdict == "pass"  # the key's ARN is known after apply: the simulated key stands for it
    assert any(s.action == "kms:CreateGrant" and f":{OWNER}:key/" in s.resource for s in flow.steps)
    (tmp_path / "plan.json").unlink()
    report = scan_files(tmp_path, {"plan.json": json.dumps(_plan(volume_key=False))})
    assert _flow(report).verdict == "fail"  # encrypted with the default key, aws/ebs: cannot be shared
