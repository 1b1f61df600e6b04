"""service-encryption replays of SNS/SQS producers and consumers, on the notifications samples.

The flow runs directly (not through the engine) so each test names exactly the replay it checks.
"""

from __future__ import annotations

from pathlib import Path

from iacsim.config import parse_config
from iacsim.flows.base import FlowContext, FlowOutcome
from iacsim.flows.messaging import MessagingFlow
from iacsim.flows.seed import seed_world
from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CFN_CONFIG = SAMPLES / "cloudformation" / ".iacsim.yml"


def _world(path: Path, config_text: str | None = None) -> World:
    import yaml

    config = parse_config(yaml.safe_load(config_text) if config_text else None, "test")
    loaded = load_paths([path], LoadOptions(config=config, use_cache=False))
    return build_world(loaded.result.resources)


def _run(world: World) -> dict[str, FlowOutcome]:
    ctx = FlowContext(world=world, config=parse_config(None, "test"), new_cloud=lambda: seed_world(world))
    return {o.result.name: o for o in MessagingFlow().run(ctx)}


def _tf(tmp_path: Path, text: str) -> World:
    (tmp_path / "main.tf").write_text(text)
    return _world(tmp_path)


def test_every_producer_and_the_consumer_pass_in_the_correct_sample():
    outcomes = _run(_world(SAMPLES / "terraform" / "notifications"))
    assert sorted(outcomes) == sorted([
        "S3 event notification of aws_s3_bucket_notification.uploads → topic aws_sns_topic.alerts",
        "CloudWatch alarm aws_cloudwatch_metric_alarm.queue_depth → topic aws_sns_topic.alerts",
        "SNS subscription aws_sns_topic_subscription.orders → queue aws_sqs_queue.orders",
        "EventBridge rule target aws_cloudwatch_event_target.ec2_state → queue aws_sqs_queue.orders",
        "consumers of aws_sqs_queue.orders",
    ])
    assert all(o.result.verdict == "pass" and not o.failures for o in outcomes.values())
    s3 = outcomes["S3 event notification of aws_s3_bucket_notification.uploads → topic aws_sns_topic.alerts"]
    publish = s3.result.steps[-1]
    assert (publish.principal, publish.action) == (
        "s3.amazonaws.com", "sns:Publish (s3:TestEvent at PutBucketNotificationConfiguration)")
    assert "aws:SourceArn arn:aws:s3:::example-uploads-111122223333" in publish.reason
    consumer = outcomes["consumers of aws_sqs_queue.orders"].result.steps[-1]
    assert consumer.principal == "arn:aws:iam::111122223333:role/orders-worker"


def test_broken_sample_fails_only_the_sns_to_queue_delivery():
    outcomes = _run(_world(SAMPLES / "terraform" / "notifications-broken"))
    failed = {name: o for name, o in outcomes.items() if o.result.verdict != "pass"}
    (name,) = failed
    assert name == "SNS subscription aws_sns_topic_subscription.orders → queue aws_sqs_queue.orders"
    (failure,) = failed[name].failures
    assert failure.rule.id == "SQS101" and failure.obj.address == "aws_sqs_queue.orders"
    step = failed[name].result.steps[-1]
    assert step.principal == "sns.amazonaws.com" and step.decision == "denied"
    assert step.reason.startswith("KMS.AccessDeniedException")


def test_cloudformation_topic_on_the_aws_managed_key_fails_s3_at_apply_and_drops_alarms():
    world = _world(SAMPLES / "cloudformation" / "notifications-broken", CFN_CONFIG.read_text())
    failures = {f.rule.id: f for o in _run(world).values() for f in o.failures}
    assert sorted(failures) == ["SNS001", "SNS103"]
    # S3's test event fails when the notification is configured: the apply fails on the bucket.
    assert failures["SNS001"].rule.category == "apply-error"
    assert failures["SNS001"].obj.address == "notifications.yaml#Resources/UploadsBucket"
    assert "Unable to validate the following destination configurations" in failures["SNS001"].message
    assert "s3.amazonaws.com" in failures["SNS001"].message
    assert failures["SNS103"].obj.address == "notifications.yaml#Resources/AlertsTopic"
    assert "cloudwatch.amazonaws.com" in failures["SNS103"].message


PROVIDER = """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
"""


def test_topic_outside_the_scan_is_unknown(tmp_path: Path):
    world = _tf(tmp_path, PROVIDER + """
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 60
  statistic           = "Average"
  threshold           = 90
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:shared-alerts"]
}
""")
    (outcome,) = _run(world).values()
    assert outcome.result.verdict == "unknown" and not outcome.failures
    assert "not in the scan" in outcome.result.steps[0].reason


def test_eventbridge_target_with_a_role_is_not_guessed(tmp_path: Path):
    world = _tf(tmp_path, PROVIDER + """
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_cloudwatch_event_rule" "r" {
  name                = "r"
  schedule_expression = "rate(5 minutes)"
}
resource "aws_cloudwatch_event_target" "t" {
  rule     = aws_cloudwatch_event_rule.r.name
  arn      = aws_sqs_queue.q.arn
  role_arn = "arn:aws:iam::111122223333:role/events"
}
""")
    (outcome,) = _run(world).values()
    assert outcome.result.verdict == "unknown"
    assert "RoleArn" in outcome.result.steps[0].reason


def test_queue_policy_as_a_separate_resource_decides_and_is_blamed(tmp_path: Path):
    world = _tf(tmp_path, PROVIDER + """
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.q.arn
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:us-east-1:111122223333:other" } }
    }]
  })
}
resource "aws_sns_topic" "t" {
  name = "t"
}
resource "aws_sns_topic_subscription" "s" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.q.arn
}
""")
    (outcome,) = _run(world).values()
    (failure,) = outcome.failures
    assert failure.rule.id == "SQS102" and failure.obj.address == "aws_sqs_queue_policy.q"
    assert "aws:SourceArn" in failure.message


def test_message_bodies_never_reach_the_audit_records():
    import json

    from iacsim.flows.messaging import PLACEHOLDER
    from iacsim.sim.audit import capture

    world = _world(SAMPLES / "terraform" / "notifications")
    with capture() as records:
        outcomes = _run(world)
    assert outcomes and records
    text = json.dumps(records)
    assert PLACEHOLDER not in text
    # ...while what the calls were is there: SQS's data key request names the queue as its context.
    assert '"aws:sqs:arn": "arn:aws:sqs:us-east-1:111122223333:orders-work"' in text
    assert '"invokedBy": "sns.amazonaws.com"' in text


def test_dead_letter_queue_consumer_is_replayed_with_a_message_from_the_source_queue(tmp_path: Path):
    import yaml

    case = next(c for c in yaml.safe_load((Path(__file__).parents[1] / "rules" / "cases" / "SQS103.yml").read_text())
                ["cases"] if c["name"].startswith("dead-letter queue consumer cannot"))
    outcomes = _run(_tf(tmp_path, case["terraform"]))
    outcome = outcomes["consumers of aws_sqs_queue.dead"]
    actions = [s.action for s in outcome.result.steps]
    assert "redrive to the dead-letter queue" in actions
    (failure,) = outcome.failures
    assert failure.rule.id == "SQS103" and "moved from aws_sqs_queue.work" in failure.message
    assert outcome.result.steps[-1].decision == "denied"


ASG_TF = '''
resource "aws_autoscaling_group" "web" {
  name     = "web"
  min_size = 1
  max_size = 2
}
resource "aws_kms_key" "topic" {}
resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = KEY
}
resource "aws_autoscaling_notification" "web" {
  group_names   = [aws_autoscaling_group.web.name]
  notifications = ["autoscaling:EC2_INSTANCE_LAUNCH"]
  topic_arn     = aws_sns_topic.events.arn
}
'''
ASG_TF_NAME = "Auto Scaling notifications of web → topic aws_sns_topic.events"


def test_auto_scaling_notifications_to_a_topic_with_a_customer_managed_key_are_unknown_saying_what_to_check(
        tmp_path: Path) -> None:
    outcome = _run(_tf(tmp_path, ASG_TF.replace("KEY", "aws_kms_key.topic.arn")))[ASG_TF_NAME]
    [step] = outcome.result.steps
    assert (outcome.result.verdict, step.principal, step.action, step.decision) == (
        "unknown", "autoscaling.amazonaws.com", "sns:Publish", "unknown")
    assert "AWS does not document which principal Auto Scaling publishes notifications as" in step.reason
    assert "check that the key policy lets AWSServiceRoleForAutoScaling use the key" in step.reason


def test_auto_scaling_notifications_to_an_unencrypted_topic_pass(tmp_path: Path) -> None:
    outcome = _run(_tf(tmp_path, ASG_TF.replace("  kms_master_key_id = KEY\n", "")))[ASG_TF_NAME]
    assert outcome.result.verdict == "pass" and not outcome.failures


def test_auto_scaling_notifications_to_a_topic_whose_key_is_a_parameter_name_the_parameter(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "Parameters:\n  KmsKeyArn: {Type: String}\nResources:\n"
        "  Topic:\n    Type: AWS::SNS::Topic\n    Properties: {KmsMasterKeyId: !Ref KmsKeyArn}\n"
        "  Group:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: '1'\n"
        "      MaxSize: '2'\n      NotificationConfigurations:\n        - TopicARN: !Ref Topic\n"
        "          NotificationTypes: ['autoscaling:EC2_INSTANCE_LAUNCH']\n")
    outcomes = _run(_world(tmp_path))
    outcome = outcomes["Auto Scaling notifications of t.yaml#Resources/Group → topic t.yaml#Resources/Topic"]
    assert outcome.result.verdict == "unknown"
    assert "parameter KmsKeyArn has no default" in outcome.result.steps[-1].reason
