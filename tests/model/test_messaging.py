"""SNS topics, SQS queues and their producers: the same model from Terraform and CloudFormation."""

from __future__ import annotations

from dataclasses import replace

from model_factory import ACCOUNT, REGION, build, key_arn, res

from iacsim.model.messaging import (
    CloudWatchAlarm,
    EventBridgeRule,
    EventBridgeTarget,
    S3EventNotification,
    SnsSubscription,
    SnsTopic,
    SnsTopicPolicy,
    SqsQueue,
    SqsQueuePolicy,
    parse_queue_url,
)
from iacsim.values import Unknown

QUEUE_URL = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/work"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:work"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"


def _cfn(resource):
    return replace(resource, origin="cloudformation")


def test_terraform_topic_and_queue_carry_key_arn_and_url():
    world = build(
        res("aws_sns_topic", "aws_sns_topic.alerts", {"name": "alerts", "kms_master_key_id": "alias/aws/sns"}),
        res("aws_sqs_queue", "aws_sqs_queue.work", {"name": "work", "kms_master_key_id": key_arn("k1"),
                                                    "kms_data_key_reuse_period_seconds": 600}),
    )
    (topic,) = world.of_type(SnsTopic)
    (queue,) = world.of_type(SqsQueue)
    assert topic.arn == TOPIC_ARN and topic.kms_master_key_id == "alias/aws/sns"
    assert queue.arn == QUEUE_ARN and queue.url == QUEUE_URL
    assert queue.kms_master_key_id == key_arn("k1") and queue.data_key_reuse_seconds == 600
    assert world.find_service(SqsQueue, QUEUE_ARN) is queue
    assert world.find_service(SnsTopic, Unknown("after apply", "aws_sns_topic.alerts.arn")) is topic


def test_terraform_producers_name_their_targets():
    world = build(
        res("aws_sns_topic_subscription", "aws_sns_topic_subscription.s",
            {"topic_arn": TOPIC_ARN, "protocol": "sqs", "endpoint": QUEUE_ARN}),
        res("aws_s3_bucket_notification", "aws_s3_bucket_notification.n",
            {"bucket": "uploads", "topic": [{"topic_arn": TOPIC_ARN, "events": ["s3:ObjectCreated:*"]}],
             "queue": [{"queue_arn": QUEUE_ARN, "events": ["s3:ObjectRemoved:*"]}]}),
        res("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.a",
            {"alarm_name": "cpu", "alarm_actions": [TOPIC_ARN], "ok_actions": [TOPIC_ARN]}),
        res("aws_cloudwatch_event_rule", "aws_cloudwatch_event_rule.r", {"name": "changes", "state": "DISABLED"}),
        res("aws_cloudwatch_event_target", "aws_cloudwatch_event_target.t",
            {"rule": "changes", "arn": QUEUE_ARN, "target_id": "q"}),
        res("aws_sqs_queue_policy", "aws_sqs_queue_policy.p", {"queue_url": QUEUE_URL, "policy": '{"Statement": []}'}),
    )
    (sub,) = world.of_type(SnsSubscription)
    assert (sub.topic, sub.protocol, sub.endpoint) == (TOPIC_ARN, "sqs", QUEUE_ARN)
    (note,) = world.of_type(S3EventNotification)
    assert [(t.kind, t.target, t.events) for t in note.targets] == [
        ("topic", TOPIC_ARN, ("s3:ObjectCreated:*",)), ("queue", QUEUE_ARN, ("s3:ObjectRemoved:*",))]
    (alarm,) = world.of_type(CloudWatchAlarm)
    assert alarm.arn == f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:cpu"
    assert alarm.alarm_actions == (TOPIC_ARN,) and alarm.ok_actions == (TOPIC_ARN,)
    (rule,) = world.of_type(EventBridgeRule)
    assert rule.arn == f"arn:aws:events:{REGION}:{ACCOUNT}:rule/changes" and rule.enabled is False
    (target,) = world.of_type(EventBridgeTarget)
    assert world.find_service(EventBridgeRule, target.rule, account=ACCOUNT, region=REGION) is rule
    (policy,) = world.of_type(SqsQueuePolicy)
    assert policy.queue == QUEUE_URL and parse_queue_url(QUEUE_URL) == (REGION, ACCOUNT, "work")


def test_rule_on_a_custom_bus_has_the_bus_in_its_arn():
    world = build(res("aws_cloudwatch_event_rule", "aws_cloudwatch_event_rule.r",
                      {"name": "orders", "event_bus_name": "commerce"}))
    (rule,) = world.of_type(EventBridgeRule)
    assert rule.arn == f"arn:aws:events:{REGION}:{ACCOUNT}:rule/commerce/orders"


def test_cloudformation_bucket_notification_topic_subscription_and_rule_targets():
    topic_ref = Unknown("!Ref Topic is known after the stack is deployed", "t.yaml#Resources/Topic.Ref")
    queue_arn = Unknown("Queue.Arn is known after the stack is deployed", "t.yaml#Resources/Queue.Arn")
    world = build(
        _cfn(res("AWS::SNS::Topic", "t.yaml#Resources/Topic",
                 {"TopicName": "alerts", "KmsMasterKeyId": "alias/aws/sns",
                  "Subscription": [{"Protocol": "sqs", "Endpoint": queue_arn}]})),
        _cfn(res("AWS::SQS::Queue", "t.yaml#Resources/Queue", {"SqsManagedSseEnabled": True})),
        _cfn(res("AWS::SNS::TopicPolicy", "t.yaml#Resources/TopicPolicy",
                 {"Topics": [topic_ref], "PolicyDocument": {"Statement": []}})),
        _cfn(res("AWS::S3::Bucket", "t.yaml#Resources/Bucket",
                 {"BucketName": "uploads", "NotificationConfiguration": {
                     "TopicConfigurations": [{"Topic": topic_ref, "Event": "s3:ObjectCreated:*"}]}})),
        _cfn(res("AWS::Events::Rule", "t.yaml#Resources/Rule",
                 {"Name": "changes", "Targets": [{"Id": "q", "Arn": queue_arn}]})),
    )
    topic = world.find_service(SnsTopic, topic_ref)
    assert topic is not None and topic.arn == TOPIC_ARN
    (sub,) = world.of_type(SnsSubscription)
    assert sub.topic == TOPIC_ARN and world.find_service(SqsQueue, sub.endpoint) is not None
    (queue,) = world.of_type(SqsQueue)
    assert queue.sqs_managed_sse is True and isinstance(queue.name, Unknown)
    (policy,) = world.of_type(SnsTopicPolicy)
    assert world.find_service(SnsTopic, policy.topic) is topic
    (note,) = world.of_type(S3EventNotification)
    assert note.bucket == "uploads" and note.targets[0].kind == "topic"
    assert world.find_service(SnsTopic, note.targets[0].target) is topic
    (target,) = world.of_type(EventBridgeTarget)
    rule = world.find_service(EventBridgeRule, target.rule)
    assert rule is not None and rule.arn == f"arn:aws:events:{REGION}:{ACCOUNT}:rule/changes"


def test_generated_queue_name_gets_a_stable_synthetic_name_for_the_replay():
    world = build(_cfn(res("AWS::SQS::Queue", "t.yaml#Resources/Queue", {})))
    (queue,) = world.of_type(SqsQueue)
    values = queue.seed_values()
    assert values == queue.seed_values()
    assert values["name"].startswith("iacsim-queue-")
    assert values["arn"] == f"arn:aws:sqs:{REGION}:{ACCOUNT}:{values['name']}"
    assert values["ref"] == values["url"] == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{values['name']}"


def test_redrive_policy_names_the_dead_letter_queue_in_both_forms():
    dlq_ref = Unknown("DLQ.Arn is known after the stack is deployed", "t.yaml#Resources/Dlq.Arn")
    world = build(
        res("aws_sqs_queue", "aws_sqs_queue.work", {"name": "work", "redrive_policy":
            '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:111122223333:dead", "maxReceiveCount": 4}'}),
        _cfn(res("AWS::SQS::Queue", "t.yaml#Resources/Work",
                 {"QueueName": "work2", "RedrivePolicy": {"deadLetterTargetArn": dlq_ref, "maxReceiveCount": 4}})),
    )
    by_name = {q.name: q for q in world.of_type(SqsQueue)}
    assert by_name["work"].dead_letter_target == "arn:aws:sqs:us-east-1:111122223333:dead"
    assert by_name["work2"].dead_letter_target == dlq_ref
