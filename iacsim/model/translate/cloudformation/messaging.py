"""CloudFormation SNS/SQS and the producers that publish to them → :mod:`iacsim.model.messaging`.

AWS CloudFormation User Guide: ``AWS::SNS::Topic`` (``TopicName``, ``KmsMasterKeyId``, ``FifoTopic``,
inline ``Subscription`` list; ``Ref`` = topic ARN), ``AWS::SNS::TopicPolicy`` (``PolicyDocument``,
``Topics``), ``AWS::SNS::Subscription`` (``TopicArn``, ``Protocol``, ``Endpoint``), ``AWS::SQS::Queue``
(``QueueName``, ``KmsMasterKeyId``, ``SqsManagedSseEnabled``, ``KmsDataKeyReusePeriodSeconds``; ``Ref`` =
queue URL, ``GetAtt Arn``), ``AWS::SQS::QueuePolicy`` (``PolicyDocument``, ``Queues`` = URLs),
``AWS::CloudWatch::Alarm`` (``AlarmActions``, ``OKActions``, ``InsufficientDataActions``),
``AWS::Events::Rule`` (``Name``, ``EventBusName``, ``State``, ``Targets[].Arn/Id/RoleArn``) and
``AWS::S3::Bucket.NotificationConfiguration`` (``TopicConfigurations[].Topic``,
``QueueConfigurations[].Queue``, ``LambdaConfigurations[].Function``, ``Event``), read by
:func:`bucket_notification` from the bucket translator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn, Ref
from iacsim.model.messaging import (
    CloudWatchAlarm,
    EventBridgeRule,
    EventBridgeTarget,
    NotificationTarget,
    S3EventNotification,
    SnsSubscription,
    SnsTopic,
    SnsTopicPolicy,
    SqsQueue,
    SqsQueuePolicy,
    queue_arn,
    queue_url,
    topic_arn,
)
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    bool_or,
    get_bool,
    get_int,
    get_str,
    known_str_tuple,
    placement_fields,
    req_str,
    require_policy,
    tags,
    to_bool,
)
from iacsim.model.translate.cloudformation.common import deploy_time, field_of, first, items, mapping
from iacsim.model.translate.terraform.messaging import dead_letter_target, rule_arn_part
from iacsim.values import Unknown


def _placed(fields: dict[str, Any], name: str | Unknown) -> bool:
    return isinstance(name, str) and fields["region"] != "unknown" and fields["account"] != "unknown"


def _ref(value: Any, what: str) -> Ref:
    if isinstance(value, str | Unknown):
        return value
    return Unknown(f"{what}: not set" if value is None else f"{what}: expected a string")


@translates("AWS::SNS::Topic", attrs={
    "kms_master_key_id": "KmsMasterKeyId",
    "fifo": "FifoTopic",
    "tags": "Tags",
})
def sns_topic(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name: str | Unknown = first(get_str(a, "TopicName"), deploy_time(resource, "TopicName", "the topic name"))
    arn: Arn | Unknown = (Arn(topic_arn(fields["partition"], fields["region"], fields["account"], name))
                          if _placed(fields, name) and isinstance(name, str)
                          else deploy_time(resource, "Ref", "the topic ARN"))
    yield SnsTopic(**fields, name=name, arn=arn, kms_master_key_id=get_str(a, "KmsMasterKeyId"),
                   fifo=bool_or(a, "FifoTopic", False), tags=tags(a, "Tags"))
    subscriptions = items(a.get("Subscription"))
    if isinstance(subscriptions, Unknown):
        return
    for sub in subscriptions:
        block = mapping(sub)
        yield SnsSubscription(**fields, topic=arn,
                              protocol=_ref(field_of(block, "Protocol"), "Subscription.Protocol"),
                              endpoint=_ref(field_of(block, "Endpoint"), "Subscription.Endpoint"))


@translates("AWS::SNS::TopicPolicy")
def sns_topic_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    policy = require_policy(a.get("PolicyDocument"), "AWS::SNS::TopicPolicy")
    for topic in known_str_tuple(a.get("Topics"), "Topics"):
        yield SnsTopicPolicy(**placement_fields(resource), topic=topic, policy=policy)


@translates("AWS::SNS::Subscription", attrs={
    "topic": "TopicArn",
    "protocol": "Protocol",
    "endpoint": "Endpoint",
    "raw_message_delivery": "RawMessageDelivery",
})
def sns_subscription(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield SnsSubscription(
        **placement_fields(resource),
        topic=req_str(a, "TopicArn", "subscription"),
        protocol=req_str(a, "Protocol", "subscription"),
        endpoint=req_str(a, "Endpoint", "subscription"),
        raw_message_delivery=get_bool(a, "RawMessageDelivery"),
    )


@translates("AWS::SQS::Queue", attrs={
    "kms_master_key_id": "KmsMasterKeyId",
    "sqs_managed_sse": "SqsManagedSseEnabled",
    "data_key_reuse_seconds": "KmsDataKeyReusePeriodSeconds",
    "dead_letter_target": "RedrivePolicy",
    "fifo": "FifoQueue",
    "tags": "Tags",
})
def sqs_queue(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name: str | Unknown = first(get_str(a, "QueueName"), deploy_time(resource, "QueueName", "the queue name"))
    arn: Arn | Unknown
    url: str | Unknown
    if _placed(fields, name) and isinstance(name, str):
        arn = Arn(queue_arn(fields["partition"], fields["region"], fields["account"], name))
        url = queue_url(fields["region"], fields["account"], name)
    else:
        arn = deploy_time(resource, "Arn", "the queue ARN")
        url = deploy_time(resource, "Ref", "the queue URL")
    yield SqsQueue(**fields, name=name, arn=arn, url=url, kms_master_key_id=get_str(a, "KmsMasterKeyId"),
                   sqs_managed_sse=get_bool(a, "SqsManagedSseEnabled"),
                   data_key_reuse_seconds=get_int(a, "KmsDataKeyReusePeriodSeconds"),
                   dead_letter_target=dead_letter_target(a.get("RedrivePolicy")),
                   fifo=bool_or(a, "FifoQueue", False), tags=tags(a, "Tags"))


@translates("AWS::SQS::QueuePolicy")
def sqs_queue_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    policy = require_policy(a.get("PolicyDocument"), "AWS::SQS::QueuePolicy")
    for queue in known_str_tuple(a.get("Queues"), "Queues"):
        yield SqsQueuePolicy(**placement_fields(resource), queue=queue, policy=policy)


@translates("AWS::CloudWatch::Alarm", attrs={
    "alarm_actions": "AlarmActions",
    "ok_actions": "OKActions",
    "insufficient_data_actions": "InsufficientDataActions",
    "actions_enabled": "ActionsEnabled",
})
def cloudwatch_alarm(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name: str | Unknown = first(get_str(a, "AlarmName"), deploy_time(resource, "Ref", "the alarm name"))
    arn: Arn | Unknown = (
        Arn(str(AwsArn.alarm(fields["partition"], fields["region"], fields["account"], name)))
        if isinstance(name, str) and _placed(fields, name) else deploy_time(resource, "Arn", "the alarm ARN"))
    yield CloudWatchAlarm(
        **fields,
        name=name,
        arn=arn,
        alarm_actions=known_str_tuple(a.get("AlarmActions"), "AlarmActions"),
        ok_actions=known_str_tuple(a.get("OKActions"), "OKActions"),
        insufficient_data_actions=known_str_tuple(a.get("InsufficientDataActions"), "InsufficientDataActions"),
        actions_enabled=bool_or(a, "ActionsEnabled", True),
    )


@translates("AWS::Events::Rule")
def events_rule(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name: str | Unknown = first(get_str(a, "Name"), deploy_time(resource, "Ref", "the rule name"))
    bus: str | Unknown = first(get_str(a, "EventBusName"), "default")
    state = get_str(a, "State")
    enabled: bool | Unknown = True if state is None else (state if isinstance(state, Unknown) else state != "DISABLED")
    arn: Arn | Unknown = (
        Arn(str(AwsArn(fields["partition"], "events", fields["region"], fields["account"], rule_arn_part(bus, name))))
        if _placed(fields, name) and isinstance(bus, str) else deploy_time(resource, "Arn", "the rule ARN"))
    yield EventBridgeRule(**fields, name=name, arn=arn, event_bus=bus, enabled=enabled)
    targets = items(a.get("Targets"))
    if isinstance(targets, Unknown):
        return
    for target in targets:
        block = mapping(target)
        role = field_of(block, "RoleArn")
        yield EventBridgeTarget(
            **fields,
            # The rule is this resource: its address names it for World.find_service.
            rule=Unknown("the rule of this target", f"{resource.address}.Ref"),
            target_id=get_str(block, "Id") if isinstance(block, dict) else None,
            target=_ref(field_of(block, "Arn"), "Targets.Arn"),
            role=role if isinstance(role, str | Unknown) else None,
            event_bus=bus,
        )


_NOTIFICATIONS: tuple[tuple[str, str, Literal["topic", "queue", "lambda"]], ...] = (
    ("TopicConfigurations", "Topic", "topic"),
    ("QueueConfigurations", "Queue", "queue"),
    ("LambdaConfigurations", "Function", "lambda"),
)


def bucket_notification(resource: Resource, bucket: Ref) -> S3EventNotification | None:
    """The ``NotificationConfiguration`` of an ``AWS::S3::Bucket`` (None when absent)."""
    config = mapping(resource.attrs.get("NotificationConfiguration"))
    if config is None:
        return None
    targets: list[NotificationTarget] = []
    for list_name, arn_name, kind in _NOTIFICATIONS:
        found = items(field_of(config, list_name))
        if isinstance(found, Unknown):
            targets.append(NotificationTarget(kind=kind, target=found))
            continue
        for entry in found:
            block = mapping(entry)
            targets.append(NotificationTarget(kind=kind, target=_ref(field_of(block, arn_name), f"{list_name}.{arn_name}"),
                                              events=known_str_tuple(field_of(block, "Event"), "Event")))
    eventbridge = to_bool(field_of(mapping(field_of(config, "EventBridgeConfiguration")), "EventBridgeEnabled"),
                          "EventBridgeEnabled")
    return S3EventNotification(**placement_fields(resource), bucket=bucket, targets=tuple(targets),
                               eventbridge=False if eventbridge is None else eventbridge)
