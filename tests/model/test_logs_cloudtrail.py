"""Log groups and trails: fields from Terraform and CloudFormation, ARNs as the services use them."""

from __future__ import annotations

from dataclasses import replace

from model_factory import ACCOUNT, REGION, build, key_arn, res

from iacsim.model import world_to_json
from iacsim.model.cloudtrail import Trail
from iacsim.model.logs import LogGroup
from iacsim.values import Unknown


def _cfn(resource):
    return replace(resource, origin="cloudformation")


def test_terraform_log_group_arn_is_the_encryption_context_value():
    world = build(res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.app",
                      {"name": "/app/web", "kms_key_id": key_arn("k1"), "retention_in_days": 30}))
    (group,) = world.of_type(LogGroup)
    # No ":*" suffix: the aws:logs:arn encryption context names the group itself.
    assert group.arn == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/web"
    assert group.kms_key == key_arn("k1") and group.retention_in_days == 30
    assert world.find_service(LogGroup, "/app/web", account=ACCOUNT, region=REGION) is group
    assert world.find_service(LogGroup, Unknown("after apply", "aws_cloudwatch_log_group.app.arn")) is group


def test_generated_log_group_name_is_unknown_with_its_prefix():
    world = build(res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.gen", {"name_prefix": "app-"}))
    (group,) = world.of_type(LogGroup)
    assert isinstance(group.name, Unknown) and group.name_prefix == "app-"
    assert isinstance(group.arn, Unknown) and group.kms_key is None


def test_cloudformation_log_group():
    world = build(_cfn(res("AWS::Logs::LogGroup", "stack.yaml#Resources/Logs",
                           {"LogGroupName": "audit", "KmsKeyId": Unknown("deploy", "stack.yaml#Resources/Key.Arn"),
                            "Tags": [{"Key": "team", "Value": "sec"}]})))
    (group,) = world.of_type(LogGroup)
    assert group.arn == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:audit"
    assert isinstance(group.kms_key, Unknown) and group.kms_key.ref == "stack.yaml#Resources/Key.Arn"


def test_terraform_trail_defaults_and_arn():
    world = build(res("aws_cloudtrail", "aws_cloudtrail.main",
                      {"name": "main", "s3_bucket_name": "logs-bucket", "kms_key_id": key_arn("k2"),
                       "is_multi_region_trail": True}))
    (trail,) = world.of_type(Trail)
    assert trail.arn == f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/main"
    assert trail.s3_bucket == "logs-bucket" and trail.kms_key == key_arn("k2")
    assert trail.multi_region is True and trail.log_file_validation is False and trail.logging is True
    assert "Trail" in str(world_to_json(world))


def test_cloudformation_trail():
    world = build(_cfn(res("AWS::CloudTrail::Trail", "t.yaml#Resources/Trail",
                           {"TrailName": "org", "S3BucketName": "b", "IsLogging": False,
                            "EnableLogFileValidation": True, "KMSKeyId": "alias/trail"})))
    (trail,) = world.of_type(Trail)
    assert (trail.name, trail.logging, trail.log_file_validation, trail.kms_key) == ("org", False, True, "alias/trail")
    assert trail.arn == f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/org"


def test_seed_values_follow_each_languages_arn_form():
    tf = build(res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.app", {"name": "/app"}))
    cfn = build(_cfn(res("AWS::Logs::LogGroup", "s.yaml#Resources/App", {"LogGroupName": "/app"})))
    arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app"
    assert next(tf.of_type(LogGroup)).seed_values()["arn"] == arn  # Terraform's arn has no ":*"
    assert next(cfn.of_type(LogGroup)).seed_values()["arn"] == arn + ":*"  # Fn::GetAtt Arn has it
    generated = build(res("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.g", {"name_prefix": "app-"}))
    group = next(generated.of_type(LogGroup))
    assert group.replay_name().startswith("app-") and group.replay_name() == group.seed_values()["name"]
    trail = build(res("aws_cloudtrail", "aws_cloudtrail.t", {"name": "t", "s3_bucket_name": "b"}))
    assert next(trail.of_type(Trail)).seed_values()["arn"] == f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/t"
