"""Terraform SNS/SQS and the producers that publish to them → :mod:`iacsim.model.messaging`.

Provider docs: ``r/sns_topic`` (``kms_master_key_id``, ``policy``, ``fifo_topic``),
``r/sns_topic_policy`` (``arn``, ``policy``), ``r/sns_topic_subscription`` (``topic_arn``,
``protocol``, ``endpoint``), ``r/sqs_queue`` (``kms_master_key_id``, ``sqs_managed_sse_enabled``,
``kms_data_key_reuse_period_seconds``, ``policy``, ``fifo_queue``; its ``id`` is the queue URL),
``r/sqs_queue_policy`` (``queue_url``, ``policy``), ``r/s3_bucket_notification`` (``topic``,
``queue``, ``lambda_function`` blocks, ``eventbridge``), ``r/cloudwatch_metric_alarm``
(``alarm_actions``, ``ok_actions``, ``insufficient_data_actions``), ``r/cloudwatch_event_rule``,
``r/cloudwatch_event_target`` (``rule``, ``arn``, ``role_arn``, ``event_bus_name``).
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
    blocks,
    bool_or,
    computed,
    generated_name,
    get_bool,
    get_int,
    get_str,
    known_str_tuple,
    parse_policy,
    placement_fields,
    req_str,
    require_policy,
    str_or,
    tags,
)
from iacsim.values import Unknown


def _name(resource: Resource, what: str, fifo_suffix: bool = False) -> str | Unknown:
    name = get_str(resource.attrs, "name")
    if name is not None:
        return name
    return generated_name(resource, f"{what} name", ".fifo" if fifo_suffix and get_bool(resource.attrs, f"fifo_{what}")
                          is True else "")


def _placed(fields: dict[str, Any], name: str | Unknown) -> bool:
    return isinstance(name, str) and fields["region"] != "unknown" and fields["account"] != "unknown"


def _arn(resource: Resource, fields: dict[str, Any], name: str | Unknown, service: str, resource_part: str) -> Arn | Unknown:
    given = resource.attrs.get("arn")
    if isinstance(given, str) and given:
        return Arn(given)
    if _placed(fields, name):
        return Arn(str(AwsArn(fields["partition"], service, fields["region"], fields["account"], resource_part)))
    found = computed(resource.attrs, "arn", resource.address)
    return Arn(found) if isinstance(found, str) else found


def dead_letter_target(value: Any) -> Ref | None:
    """``deadLetterTargetArn`` of a redrive policy given as JSON text (Terraform) or a structure (CloudFormation)."""
    policy = parse_policy(value)
    if policy is None:
        return None
    document = policy.document
    if isinstance(document, Unknown):
        return document
    target = document.get("deadLetterTargetArn") if isinstance(document, dict) else None
    return target if isinstance(target, str | Unknown) else None


@translates("aws_sns_topic", attrs={
    "kms_master_key_id": "kms_master_key_id",
    "policy": "policy",
    "fifo": "fifo_topic",
})
def sns_topic(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = _name(resource, "topic", fifo_suffix=True)
    arn: Arn | Unknown
    if _placed(fields, name) and isinstance(name, str):
        arn = Arn(topic_arn(fields["partition"], fields["region"], fields["account"], name))
    else:
        arn = _arn(resource, fields, name, "sns", "")
    yield SnsTopic(
        **fields,
        name=name,
        arn=arn,
        kms_master_key_id=get_str(a, "kms_master_key_id"),
        policy=parse_policy(a.get("policy")),
        fifo=bool_or(a, "fifo_topic", False),
        tags=tags(a),
    )


@translates("aws_sqs_queue", attrs={
    "kms_master_key_id": "kms_master_key_id",
    "sqs_managed_sse": "sqs_managed_sse_enabled",
    "data_key_reuse_seconds": "kms_data_key_reuse_period_seconds",
    "dead_letter_target": "redrive_policy",
    "policy": "policy",
    "fifo": "fifo_queue",
})
def sqs_queue(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = _name(resource, "queue", fifo_suffix=True)
    arn: Arn | Unknown
    url: str | Unknown
    if _placed(fields, name) and isinstance(name, str):
        arn = Arn(queue_arn(fields["partition"], fields["region"], fields["account"], name))
        url = queue_url(fields["region"], fields["account"], name)
    else:
        arn = _arn(resource, fields, name, "sqs", "")
        url = computed(a, "url", resource.address)
    yield SqsQueue(
        **fields,
        name=name,
        arn=arn,
        url=url,
        kms_master_key_id=get_str(a, "kms_master_key_id"),
        sqs_managed_sse=get_bool(a, "sqs_managed_sse_enabled"),
        data_key_reuse_seconds=get_int(a, "kms_data_key_reuse_period_seconds"),
        dead_letter_target=dead_letter_target(a.get("redrive_policy")),
        policy=parse_policy(a.get("policy")),
        fifo=bool_or(a, "fifo_queue", False),
        tags=tags(a),
    )


@translates("aws_sns_topic_policy", attrs={"topic": "arn", "policy": "policy"})
def sns_topic_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield SnsTopicPolicy(**placement_fields(resource), topic=req_str(a, "arn", "topic policy"),
                         policy=require_policy(a.get("policy"), "topic policy"))


@translates("aws_sqs_queue_policy", attrs={"queue": "queue_url", "policy": "policy"})
def sqs_queue_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield SqsQueuePolicy(**placement_fields(resource), queue=req_str(a, "queue_url", "queue policy"),
                         policy=require_policy(a.get("policy"), "queue policy"))


@translates("aws_sns_topic_subscription", attrs={
    "topic": "topic_arn",
    "protocol": "protocol",
    "endpoint": "endpoint",
    "raw_message_delivery": "raw_message_delivery",
})
def sns_topic_subscription(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield SnsSubscription(
        **placement_fields(resource),
        topic=req_str(a, "topic_arn", "subscription"),
        protocol=req_str(a, "protocol", "subscription"),
        endpoint=req_str(a, "endpoint", "subscription"),
        raw_message_delivery=get_bool(a, "raw_message_delivery"),
    )


_TARGET_BLOCKS: tuple[tuple[str, str, Literal["topic", "queue", "lambda"]], ...] = (
    ("topic", "topic_arn", "topic"),
    ("queue", "queue_arn", "queue"),
    ("lambda_function", "lambda_function_arn", "lambda"),
)


@translates("aws_s3_bucket_notification", attrs={"bucket": "bucket", "eventbridge": "eventbridge"})
def s3_bucket_notification(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    targets: list[NotificationTarget] = []
    for block_name, arn_name, kind in _TARGET_BLOCKS:
        found = blocks(a, block_name)
        if isinstance(found, Unknown):
            targets.append(NotificationTarget(kind=kind, target=found))
            continue
        for item in found:
            target = req_str(item, arn_name, f"{block_name} notification")
            targets.append(NotificationTarget(kind=kind, target=target,
                                              events=known_str_tuple(item.get("events"), "events"),
                                              id=get_str(item, "id")))
    yield S3EventNotification(**placement_fields(resource), bucket=req_str(a, "bucket", "bucket notification"),
                              targets=tuple(targets), eventbridge=bool_or(a, "eventbridge", False))


def _actions(attrs: dict[str, Any], name: str) -> tuple[Ref, ...]:
    return known_str_tuple(attrs.get(name), name)


@translates("aws_cloudwatch_metric_alarm", attrs={
    "alarm_actions": "alarm_actions",
    "ok_actions": "ok_actions",
    "insufficient_data_actions": "insufficient_data_actions",
    "actions_enabled": "actions_enabled",
})
def cloudwatch_metric_alarm(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = req_str(a, "alarm_name", "alarm")
    yield CloudWatchAlarm(
        **fields,
        name=name,
        arn=_arn(resource, fields, name, "cloudwatch", f"alarm:{name}"),
        alarm_actions=_actions(a, "alarm_actions"),
        ok_actions=_actions(a, "ok_actions"),
        insufficient_data_actions=_actions(a, "insufficient_data_actions"),
        actions_enabled=bool_or(a, "actions_enabled", True),
    )


def rule_arn_part(bus: str | Unknown, name: str | Unknown) -> str:
    """The resource part of a rule ARN: ``rule/<name>`` on the default bus, ``rule/<bus>/<name>`` otherwise."""
    if isinstance(bus, str) and bus not in ("default", "") and not bus.startswith("arn:"):
        return f"rule/{bus}/{name}"
    if isinstance(bus, str) and bus.startswith("arn:") and not bus.endswith("event-bus/default"):
        return f"rule/{bus.rsplit('/', 1)[-1]}/{name}"
    return f"rule/{name}"


@translates("aws_cloudwatch_event_rule")
def cloudwatch_event_rule(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = _name(resource, "rule")
    bus = str_or(get_str(a, "event_bus_name"), "default")
    state = get_str(a, "state")
    enabled: bool | Unknown = bool_or(a, "is_enabled", True)
    if isinstance(state, str):
        enabled = state != "DISABLED"
    arn = _arn(resource, fields, name, "events", rule_arn_part(bus, name)) if isinstance(bus, str) \
        else computed(a, "arn", resource.address)
    yield EventBridgeRule(**fields, name=name, arn=Arn(arn) if isinstance(arn, str) else arn,
                          event_bus=bus, enabled=enabled)


@translates("aws_cloudwatch_event_target", attrs={
    "rule": "rule",
    "target_id": "target_id",
    "target": "arn",
    "role": "role_arn",
    "event_bus": "event_bus_name",
})
def cloudwatch_event_target(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield EventBridgeTarget(
        **placement_fields(resource),
        rule=req_str(a, "rule", "event target"),
        target_id=get_str(a, "target_id"),
        target=req_str(a, "arn", "event target"),
        role=get_str(a, "role_arn"),
        event_bus=str_or(get_str(a, "event_bus_name"), "default"),
    )
