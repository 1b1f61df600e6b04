"""Messaging in the model: the topics and queues of the scan, their access policies, and every AWS service the
code wires to one (a *producer*): S3 event notifications, SNS subscriptions, CloudWatch alarms and EventBridge
targets. Shared by the SNS and SQS replays (:mod:`~iacsim.flows.messaging`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from iacsim.aws.arn import Arn
from iacsim.model import World
from iacsim.model.base import ModelObject, Policy
from iacsim.model.ec2 import AutoScalingNotification
from iacsim.model.ids import Ref
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

Target = SnsTopic | SqsQueue

AUTOSCALING = "autoscaling.amazonaws.com"
"""Amazon EC2 Auto Scaling, as a producer (:func:`producers`)."""


@dataclass(frozen=True)
class Producer:
    """An AWS service the code wires to a topic or queue."""

    obj: ModelObject
    """The notification, subscription, alarm or rule target that wires it."""
    service: str
    """Service principal (``s3.amazonaws.com``)."""
    source: ModelObject | None
    """The bucket/topic/alarm/rule it acts for (its simulated ARN is ``aws:SourceArn``)."""
    source_arn: str | Unknown
    """``aws:SourceArn`` when the source is not in the scan (a bucket named only by name)."""
    target_ref: Ref
    """The topic/queue as written."""
    kind: Literal["topic", "queue"]
    label: str
    role: Ref | None = None


# -- finding things in the model -------------------------------------------------------------------

def find_topic(world: World, ref: Ref, account: str, region: str) -> SnsTopic | None:
    return world.find_service(SnsTopic, ref, account=account, region=region)


def find_queue(world: World, ref: Ref, account: str, region: str) -> SqsQueue | None:
    found = world.find_service(SqsQueue, ref, account=account, region=region)
    if found is None and isinstance(ref, str) and ref.startswith("http"):
        parsed = parse_queue_url(ref)
        if parsed is not None:
            q_region, q_account, name = parsed
            found = world.find_service(SqsQueue, name, account=q_account, region=q_region)
    return found


def effective_policy(world: World, target: Target) -> Policy | None:
    """The access policy in force: a separate policy resource naming the target wins over the inline one."""
    found: Policy | None = target.policy
    if isinstance(target, SnsTopic):
        for tp in world.of_type(SnsTopicPolicy):
            if find_topic(world, tp.topic, tp.account, tp.region) is target:
                found = tp.policy
    else:
        for qp in world.of_type(SqsQueuePolicy):
            if find_queue(world, qp.queue, qp.account, qp.region) is target:
                found = qp.policy
    return found


def policy_holder(world: World, target: Target) -> ModelObject:
    """Where the access policy is written (the object a policy finding points at)."""
    holder: ModelObject = target
    if isinstance(target, SnsTopic):
        for tp in world.of_type(SnsTopicPolicy):
            if find_topic(world, tp.topic, tp.account, tp.region) is target:
                holder = tp
    else:
        for qp in world.of_type(SqsQueuePolicy):
            if find_queue(world, qp.queue, qp.account, qp.region) is target:
                holder = qp
    return holder


def _kind_of(ref: Ref) -> Literal["topic", "queue"] | None:
    text = ref if isinstance(ref, str) else (ref.ref or "")
    if ":sns:" in text or "aws_sns_topic" in text:
        return "topic"
    if ":sqs:" in text or "aws_sqs_queue" in text:
        return "queue"
    return None


def producers(world: World) -> Iterator[Producer]:
    """Every producer the model wires to a topic or queue (S3, SNS, CloudWatch, EventBridge, Auto Scaling)."""
    for n in world.of_type(S3EventNotification):
        bucket = world.find_bucket(n.bucket) if n.bucket is not None else None
        arn: str | Unknown = (str(Arn.s3_bucket(n.partition, n.bucket)) if isinstance(n.bucket, str)
                              else Unknown("bucket not known", None))
        for t in n.targets:
            if t.kind in ("topic", "queue"):
                yield Producer(n, "s3.amazonaws.com", bucket, arn, t.target, t.kind,
                               f"S3 event notification of {n.address}")
    for s in world.of_type(SnsSubscription):
        if s.protocol == "sqs":
            topic = find_topic(world, s.topic, s.account, s.region)
            yield Producer(s, "sns.amazonaws.com", topic, s.topic if isinstance(s.topic, str) else Unknown(
                "topic not in the scan", None), s.endpoint, "queue", f"SNS subscription {s.address}")
    for alarm in world.of_type(CloudWatchAlarm):
        for action in (*alarm.alarm_actions, *alarm.ok_actions, *alarm.insufficient_data_actions):
            if find_topic(world, action, alarm.account, alarm.region) is not None or _kind_of(action) == "topic":
                yield Producer(alarm, "cloudwatch.amazonaws.com", alarm, alarm.arn, action, "topic",
                               f"CloudWatch alarm {alarm.address}")
    for target in world.of_type(EventBridgeTarget):
        rule = world.find_service(EventBridgeRule, target.rule, account=target.account, region=target.region)
        kind: Literal["topic", "queue"] | None
        if find_topic(world, target.target, target.account, target.region) is not None:
            kind = "topic"
        elif find_queue(world, target.target, target.account, target.region) is not None:
            kind = "queue"
        else:
            kind = _kind_of(target.target)
        if kind is not None:
            yield Producer(target, "events.amazonaws.com", rule,
                           rule.arn if rule is not None else Unknown("rule not in the scan", None),
                           target.target, kind, f"EventBridge rule target {target.address}", role=target.role)
    for asg in world.of_type(AutoScalingNotification):
        groups = ", ".join(g if isinstance(g, str) else (g.ref or "?") for g in asg.groups)
        yield Producer(asg, AUTOSCALING, None, Unknown("Auto Scaling notifications are not replayed", None),
                       asg.topic, "topic", f"Auto Scaling notifications of {groups}")


def managed(ref: Ref | None, service: str) -> bool:
    """``ref`` is the AWS managed key of ``service`` (``alias/aws/sns``), whose policy admits no other service."""
    return isinstance(ref, str) and (ref == f"alias/aws/{service}" or ref.endswith(f":alias/aws/{service}"))
