"""service-encryption replays of databases, tables, volumes, Auto Scaling launches and file systems.

Run directly on the Terraform datastores samples (correct and broken), plus small worlds for the
cases the samples do not show (unknown keys, a key policy admitting another account).
"""

from __future__ import annotations

from pathlib import Path

from iacsim.config import parse_config
from iacsim.flows.base import FlowContext, FlowOutcome
from iacsim.flows.datastores import DatastoreEncryptionFlow
from iacsim.flows.seed import seed_world
from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "terraform"


def _world_of(path: Path) -> World:
    loaded = load_paths([path], LoadOptions(config=parse_config(None, "test"), use_cache=False))
    return build_world(loaded.result.resources)


def _run(world: World) -> dict[str, FlowOutcome]:
    ctx = FlowContext(world=world, config=parse_config(None, "test"), new_cloud=lambda: seed_world(world))
    return {o.result.name.split(":")[0]: o for o in DatastoreEncryptionFlow().run(ctx)}


def _tf(tmp_path: Path, text: str) -> World:
    (tmp_path / "main.tf").write_text(text)
    return _world_of(tmp_path)


def test_correct_sample_replays_every_datastore_with_the_services_kms_calls():
    outcomes = _run(_world_of(SAMPLES / "datastores"))
    assert {o.result.verdict for o in outcomes.values()} == {"pass"}
    replica = outcomes["aws_db_instance.orders_dr"].result.steps
    assert [s.action for s in replica][-4:] == ["rds:CreateDBInstanceReadReplica", "kms:DescribeKey",
                                                 "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext"]
    assert ":us-west-2:" in replica[-1].resource and replica[-1].principal == "rds.us-west-2.amazonaws.com"
    table = outcomes["aws_dynamodb_table.sessions"].result.steps
    regions = [s.resource.split(":")[3] for s in table if s.action == "kms:GenerateDataKey"]
    assert regions == ["us-east-1", "us-west-2"]  # one table key per replica, each with its Region's key
    asg = outcomes["aws_autoscaling_group.worker"].result.steps
    assert asg[0].principal.endswith("autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling")
    assert {"kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant", "kms:Decrypt"} <= {s.action for s in asg}
    assert all(step.events for o in outcomes.values() for step in o.result.steps if step.decision == "allowed")


def test_broken_sample_fails_where_aws_fails_and_reports_only_broken_flows_once():
    outcomes = _run(_world_of(SAMPLES / "datastores-broken"))
    replica = outcomes["aws_db_instance.orders_dr"]
    assert replica.result.verdict == "fail" and not replica.failures  # RDS001's finding, not a second one
    assert any("not in region us-west-2" in s.reason for s in replica.result.steps)
    asg = outcomes["aws_autoscaling_group.worker"]
    (failure,) = asg.failures
    assert failure.rule.id == "EBS102" and "kms:DescribeKey" in failure.message
    assert asg.result.steps[-1].reason.startswith("the instance terminated at launch")
    table = outcomes["aws_dynamodb_table.sessions"]
    assert table.result.verdict == "fail" and not table.failures  # DDB001
    assert "aws_efs_file_system.exports" not in outcomes  # not encrypted: nothing to replay (EFS002/EFS201)


def test_key_of_another_account_is_a_denied_grant_for_rds_dynamodb_and_efs(tmp_path):
    world = _tf(tmp_path, """
provider "aws" {
  allowed_account_ids = ["111111111111"]  # known: a stand-in might be the account the key policy names
}
resource "aws_kms_key" "foreign" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
    Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "kms:*", Resource = "*" }] })
}
resource "aws_db_instance" "db" {
  identifier        = "db"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.foreign.arn
}
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.foreign.arn
  }
}
resource "aws_efs_file_system" "fs" {
  encrypted  = true
  kms_key_id = aws_kms_key.foreign.arn
}
""")
    outcomes = _run(world)
    for address, rule in (("aws_db_instance.db", "RDS101"), ("aws_dynamodb_table.t", "DDB101"),
                          ("aws_efs_file_system.fs", "EFS101")):
        (failure,) = outcomes[address].failures
        assert failure.rule.id == rule
        denied = [s for s in outcomes[address].result.steps if s.decision == "denied"]
        assert denied[0].action == "kms:DescribeKey" and "AccessDenied" in denied[0].reason


def test_key_outside_the_scan_and_managed_keys(tmp_path):
    world = _tf(tmp_path, """
resource "aws_db_instance" "outside" {
  identifier        = "outside"
  storage_encrypted = true
  kms_key_id        = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
resource "aws_db_instance" "managed" {
  identifier        = "managed"
  storage_encrypted = true
}
resource "aws_dynamodb_table" "owned" {
  name     = "owned"
  hash_key = "id"
}
""")
    outcomes = _run(world)
    outside = outcomes["aws_db_instance.outside"].result
    assert outside.verdict == "unknown" and "not defined in the scan" in outside.steps[0].reason
    managed = outcomes["aws_db_instance.managed"].result
    assert managed.verdict == "pass" and "aws/rds" in managed.steps[0].reason
    assert "aws_dynamodb_table.owned" not in outcomes  # the AWS owned key: no KMS call in the account


def test_key_shared_from_another_account_admits_the_database_account(tmp_path):
    world = _tf(tmp_path, """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
provider "aws" {
  alias               = "security"
  region              = "us-east-1"
  allowed_account_ids = ["444455556666"]
}
resource "aws_kms_key" "shared" {
  provider = aws.security
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Sid = "Owner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "kms:*", Resource = "*" },
    { Sid = "Workload", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" },
      Action = ["kms:DescribeKey", "kms:CreateGrant"], Resource = "*",
      Condition = { StringEquals = { "kms:ViaService" = "rds.us-east-1.amazonaws.com" } } },
  ] })
}
resource "aws_db_instance" "db" {
  identifier        = "orders"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.shared.arn
}
resource "aws_efs_file_system" "fs" {
  encrypted  = true
  kms_key_id = aws_kms_key.shared.arn
}
""")
    outcomes = _run(world)
    db = outcomes["aws_db_instance.db"]
    assert db.result.verdict == "pass", db.result.steps
    grant = next(s for s in db.result.steps if s.action == "kms:CreateGrant")
    assert grant.principal == "arn:aws:iam::111122223333:root" and ":444455556666:" in grant.resource
    # the same key admits only RDS: EFS through elasticfilesystem.us-east-1 is refused
    (failure,) = outcomes["aws_efs_file_system.fs"].failures
    assert failure.rule.id == "EFS101"


def test_instance_launched_from_a_template_whose_key_does_not_admit_the_account(tmp_path):
    world = _tf(tmp_path, """
provider "aws" {
  allowed_account_ids = ["111111111111"]  # known: a stand-in might be the account the key policy names
}
resource "aws_kms_key" "foreign" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
    Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "kms:*", Resource = "*" }] })
}
resource "aws_kms_key" "ok" {}
resource "aws_launch_template" "web" {
  name = "web"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.foreign.arn
    }
  }
}
resource "aws_instance" "bad" {
  ami = "ami-0123456789abcdef0"
  launch_template {
    id = aws_launch_template.web.id
  }
}
resource "aws_instance" "good" {
  ami = "ami-0123456789abcdef0"
  root_block_device {
    encrypted  = true
    kms_key_id = aws_kms_key.ok.arn
  }
}
resource "aws_instance" "plain" {
  ami = "ami-0123456789abcdef0"
}
""")
    outcomes = _run(world)
    (failure,) = outcomes["aws_instance.bad"].failures
    assert failure.rule.id == "EBS101" and "arn:aws:iam::111111111111:root" in failure.message
    good = outcomes["aws_instance.good"].result
    assert good.verdict == "pass" and "kms:CreateGrant" in [s.action for s in good.steps]
    assert "aws_instance.plain" not in outcomes
