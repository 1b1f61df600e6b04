"""service-encryption replays of log groups and trails, on the Terraform audit-logging samples.

The flows run directly (not through the engine) so each test names exactly the replay it checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iacsim.config import parse_config
from iacsim.flows.base import FlowContext
from iacsim.flows.cloudtrail import TrailEncryptionFlow
from iacsim.flows.logs import LogGroupEncryptionFlow
from iacsim.flows.seed import seed_world
from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world
from iacsim.values import Unknown

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "terraform"


def _world(name: str) -> World:
    loaded = load_paths([SAMPLES / name], LoadOptions(config=parse_config(None, "test"), use_cache=False))
    return build_world(loaded.result.resources)


def _ctx(world: World) -> FlowContext:
    return FlowContext(world=world, config=parse_config(None, "test"), new_cloud=lambda: seed_world(world))


def test_log_group_is_created_written_and_read_by_the_scans_reader():
    outcome, trail_events = LogGroupEncryptionFlow().run(_ctx(_world("audit-logging")))
    assert trail_events.result.verdict == "pass" and "trail_events" in trail_events.result.name
    steps = outcome.result.steps
    assert outcome.result.verdict == "pass" and not outcome.failures
    assert [s.action for s in steps] == ["logs:CreateLogGroup (kmsKeyId)", "logs:PutLogEvents", "logs:GetLogEvents"]
    assert steps[-1].principal == "arn:aws:iam::111122223333:role/log-reader"
    assert "logs.us-east-1.amazonaws.com" in steps[1].reason


def test_trail_delivers_from_two_regions_and_the_auditor_reads():
    (outcome,) = TrailEncryptionFlow().run(_ctx(_world("audit-logging")))
    steps = outcome.result.steps
    assert outcome.result.verdict == "pass", steps
    deliveries = [s for s in steps if s.principal == "cloudtrail.amazonaws.com"]
    assert [s.resource.rsplit("/", 2)[-2] for s in deliveries if s.action.startswith("s3:")] == [
        "us-east-1", "us-west-2"]
    (to_logs,) = [s for s in deliveries if s.action.startswith("logs:")]
    assert to_logs.decision == "allowed" and "trail-to-logs" in to_logs.reason
    assert steps[-1].principal == "arn:aws:iam::111122223333:role/auditor" and steps[-1].decision == "allowed"


def test_broken_sample_fails_at_the_step_aws_fails():
    world = _world("audit-logging-broken")
    logs, trail_events = LogGroupEncryptionFlow().run(_ctx(world))
    assert trail_events.result.verdict == "fail" and [f.rule.id for f in trail_events.failures] == ["LOG101"]
    assert logs.result.verdict == "fail" and logs.result.steps[0].decision == "denied"
    assert [f.rule.id for f in logs.failures] == ["LOG101"]
    assert "is not allowed to be used with Arn 'arn:aws:logs:us-east-1:111122223333:log-group:/app/web'" in (
        logs.failures[0].message)
    (trail,) = TrailEncryptionFlow().run(_ctx(world))
    assert trail.result.verdict == "fail" and [f.rule.id for f in trail.failures] == ["CT102"]
    create, unknown_cw = trail.result.steps  # CreateTrail first: the unknown part does not decide its refusal
    # The trail's log group cannot exist (LOG101), so its CloudWatch Logs delivery is unknown, not a guess.
    assert unknown_cw.decision == "unknown" and "cannot be created" in unknown_cw.reason
    assert "InsufficientS3BucketPolicyException" in create.reason
    assert "/audit/AWSLogs/111122223333/*" in (trail.failures[0].fix or "")


def _res(type_: str, address: str, attrs: dict[str, object]) -> object:
    from iacsim.load.resource import Placement, Resource, SourceLocation

    return Resource(type=type_, address=address, attrs=attrs, source=SourceLocation(file="main.tf", line=1, end_line=2),
                    placement=Placement(account="111122223333", region="us-east-1"), origin="terraform",
                    mode="managed", name=address.rsplit(".", 1)[-1])


def test_key_outside_the_scan_is_unknown_not_a_guess():
    world = build_world([_res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.x", {
        "name": "/x", "kms_key_id": "arn:aws:kms:us-east-1:999999999999:key/00000000-0000-0000-0000-000000000000"})])
    (outcome,) = LogGroupEncryptionFlow().run(_ctx(world))
    assert outcome.result.verdict == "unknown" and not outcome.failures
    assert "not in the scan" in outcome.result.steps[0].reason


def test_trail_bucket_outside_the_scan_is_unknown():
    world = build_world([_res("aws_cloudtrail", "aws_cloudtrail.t", {"name": "t", "s3_bucket_name": "elsewhere"})])
    (outcome,) = TrailEncryptionFlow().run(_ctx(world))
    assert outcome.result.verdict == "unknown" and "bucket is not in the scan" in outcome.result.steps[0].reason


def test_same_log_group_name_twice_replays_on_separate_clouds():
    import json

    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": "kms:*",
         "Resource": "*"}]})
    arn = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    world = build_world([
        _res("aws_kms_key", "aws_kms_key.k", {"policy": policy, "arn": arn,
                                              "key_id": "11111111-2222-3333-4444-555555555555"}),
        _res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.a", {"name": "/same", "kms_key_id": arn}),
        _res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.b", {"name": "/same", "kms_key_id": arn}),
    ])
    outcomes = list(LogGroupEncryptionFlow().run(_ctx(world)))
    # Without a fresh cloud the second CreateLogGroup would fail with ResourceAlreadyExistsException.
    assert [o.result.verdict for o in outcomes] == ["pass", "pass"], [o.result.steps for o in outcomes]


def _policy_doc(condition_arn: str) -> str:
    import json

    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": "kms:*",
         "Resource": "*", "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": condition_arn}}}]})


@pytest.mark.parametrize(("group", "condition", "expected"), [
    # app-<generated> matches log-group:* whatever the suffix: decided
    ({"name_prefix": "app-"}, "arn:aws:logs:us-east-1:111122223333:log-group:*", "pass"),
    # app-<generated> is never /named: AWS denies it, as the replay under the stand-in does
    ({"name_prefix": "app-"}, "arn:aws:logs:us-east-1:111122223333:log-group:/named", "fail"),
    # whether app-<generated> starts with app-prod depends on the suffix
    ({"name_prefix": "app-"}, "arn:aws:logs:us-east-1:111122223333:log-group:app-prod*", "unknown"),
    # a name from a variable without value may be /named or not
    ({"name": Unknown('variable "group" has no value', "var.group")},
     "arn:aws:logs:us-east-1:111122223333:log-group:/named", "unknown"),
])
def test_a_generated_log_group_name_decides_only_where_the_condition_does_not_need_it(
        group: dict[str, Any], condition: str, expected: str) -> None:
    arn = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    world = build_world([
        _res("aws_kms_key", "aws_kms_key.k", {"policy": _policy_doc(condition), "arn": arn,
                                              "key_id": "11111111-2222-3333-4444-555555555555"}),
        _res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.g", {**group, "kms_key_id": arn}),
    ])
    (outcome,) = LogGroupEncryptionFlow().run(_ctx(world))
    assert outcome.result.verdict == expected, outcome.result.steps
    if expected == "unknown":
        assert "log-group:" in outcome.result.steps[0].reason and not outcome.failures
    if "name_prefix" in group:
        assert "app-" in outcome.result.steps[0].resource or expected == "unknown"


CROSS_ACCOUNT = """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
provider "aws" {
  alias               = "archive"
  region              = "eu-west-1"
  allowed_account_ids = ["444455556666"]
}
locals { trail_arn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org" }
resource "aws_kms_key" "archive" {
  provider = aws.archive
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = ["kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource = "*", Condition = { StringEquals = { "aws:SourceArn" = local.trail_arn } } },
    ]
  })
}
resource "aws_s3_bucket" "archive" {
  provider = aws.archive
  bucket   = "example-log-archive"
}
resource "aws_s3_bucket_policy" "archive" {
  provider = aws.archive
  bucket   = aws_s3_bucket.archive.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl", Resource = aws_s3_bucket.archive.arn },
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject",
        Resource = "${aws_s3_bucket.archive.arn}/AWSLogs/ACCOUNT/*",
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = local.trail_arn } } },
    ]
  })
}
resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = aws_s3_bucket.archive.id
  kms_key_id     = aws_kms_key.archive.arn
}
"""


def _scan_text(tmp_path: Path, text: str) -> World:
    (tmp_path / "main.tf").write_text(text)
    loaded = load_paths([tmp_path], LoadOptions(config=parse_config(None, "test"), use_cache=False))
    return build_world(loaded.result.resources)


def test_trail_delivers_into_another_accounts_bucket_and_key(tmp_path: Path):
    # Central logging: the bucket and key live in the archive account and Region (eu-west-1).
    world = _scan_text(tmp_path, CROSS_ACCOUNT.replace("ACCOUNT", "111122223333"))
    (outcome,) = TrailEncryptionFlow().run(_ctx(world))
    assert outcome.result.verdict == "pass", outcome.result.steps
    delivery = next(s for s in outcome.result.steps if s.principal == "cloudtrail.amazonaws.com")
    assert "arn:aws:kms:eu-west-1:444455556666:key/" in delivery.reason


def test_bucket_policy_naming_the_archive_account_instead_of_the_trails_refuses(tmp_path: Path):
    world = _scan_text(tmp_path, CROSS_ACCOUNT.replace("ACCOUNT", "444455556666"))
    (outcome,) = TrailEncryptionFlow().run(_ctx(world))
    assert [f.rule.id for f in outcome.failures] == ["CT102"]


def test_organization_trail_is_unknown(tmp_path: Path):
    world = _scan_text(tmp_path, CROSS_ACCOUNT.replace("ACCOUNT", "111122223333").replace(
        'name           = "org"', 'name           = "org"\n  is_organization_trail = true'))
    (outcome,) = TrailEncryptionFlow().run(_ctx(world))
    assert outcome.result.verdict == "unknown" and "organization id" in outcome.result.steps[0].reason
