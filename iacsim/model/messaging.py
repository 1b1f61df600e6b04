"""SNS topics, SQS queues, their resource policies, and the AWS services that publish to them.

A topic or queue encrypted with a KMS key (``kms_master_key_id`` / ``KmsMasterKeyId``) can only
receive messages from a producer that may use that key: SNS and SQS call ``kms:GenerateDataKey``
and ``kms:Decrypt`` *as the producer*. For AWS services publishing events (S3 event notifications,
SNS delivering to a subscribed queue, CloudWatch alarms, EventBridge rules) the producer is the
service principal, so the key policy must name it, and the AWS managed ``alias/aws/sns`` /
``alias/aws/sqs`` keys (whose policy cannot be changed) can never admit it.

Sources:
https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (sns-what-permissions-for-sse,
compatibility-with-aws-services);
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html;
https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html;
Terraform ``aws_sns_topic``, ``aws_sns_topic_policy``, ``aws_sns_topic_subscription``,
``aws_sqs_queue``, ``aws_sqs_queue_policy``, ``aws_s3_bucket_notification``,
``aws_cloudwatch_metric_alarm``, ``aws_cloudwatch_event_rule``, ``aws_cloudwatch_event_target``;
CloudFormation ``AWS::SNS::Topic``, ``AWS::SNS::TopicPolicy``, ``AWS::SNS::Subscription``,
``AWS::SQS::Queue``, ``AWS::SQS::QueuePolicy``, ``AWS::S3::Bucket.NotificationConfiguration``,
``AWS::CloudWatch::Alarm``, ``AWS::Events::Rule``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import Policy, ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.values import Unknown

ProducerService = Literal["s3", "sns", "cloudwatch", "events"]
"""AWS services that publish to topics/queues in the model (their principal is ``<name>.amazonaws.com``)."""


@dataclass(frozen=True, kw_only=True)
class SnsTopic(ServiceObject):
    """An SNS topic (``aws_sns_topic`` / ``AWS::SNS::Topic``)."""

    name: str | Unknown
    """Topic name (``.fifo`` suffix for FIFO topics)."""
    arn: Arn | Unknown
    """Topic ARN ``arn:<partition>:sns:<region>:<account>:<name>``."""
    kms_master_key_id: Ref | None = None
    """KMS key for server-side encryption (id, ARN, alias name or alias ARN); None = not encrypted."""
    policy: Policy | None = None
    """Access policy written on the topic itself (Terraform ``policy``); None = AWS's default policy
    (the owner account only)."""
    fifo: bool | Unknown = False
    """FIFO topic."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    def seed_values(self, stand_in: str | None = None) -> dict[str, str]:
        """Name and ARN the topic gets in a simulated cloud, by the attribute names code references
        (Terraform ``id``/``arn``/``name``, CloudFormation ``Ref``/``TopicArn``/``TopicName``); a name
        known only at apply time is ``stand_in`` (the replay's one for its template), else a stable synthetic one."""
        name = self.name if isinstance(self.name, str) else stand_in or synthetic_name("iacsim-topic", self.address)
        arn = self.arn if isinstance(self.arn, str) else topic_arn(self.partition, self.region, self.account, name)
        return {"name": name, "topicname": name, "arn": arn, "topicarn": arn, "id": arn, "ref": arn}


@dataclass(frozen=True, kw_only=True)
class SqsQueue(ServiceObject):
    """An SQS queue (``aws_sqs_queue`` / ``AWS::SQS::Queue``)."""

    name: str | Unknown
    """Queue name (``.fifo`` suffix for FIFO queues)."""
    arn: Arn | Unknown
    """Queue ARN ``arn:<partition>:sqs:<region>:<account>:<name>``."""
    url: str | Unknown
    """Queue URL ``https://sqs.<region>.amazonaws.com/<account>/<name>`` (Terraform's ``id``)."""
    kms_master_key_id: Ref | None = None
    """KMS key for SSE-KMS (id, ARN, alias name or alias ARN); None = no KMS key."""
    sqs_managed_sse: bool | Unknown | None = None
    """SSE-SQS (``sqs_managed_sse_enabled`` / ``SqsManagedSseEnabled``): encryption without KMS."""
    data_key_reuse_seconds: int | Unknown | None = None
    """Data key reuse period (60–86400 s, default 300)."""
    dead_letter_target: Ref | None = None
    """``RedrivePolicy.deadLetterTargetArn``: the queue failed messages move to (still encrypted under this
    queue's key, so the dead-letter queue's consumers need ``kms:Decrypt`` on it too)."""
    policy: Policy | None = None
    """Access policy written on the queue itself (Terraform ``policy``); None = owner account only."""
    fifo: bool | Unknown = False
    """FIFO queue."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    def seed_values(self, stand_in: str | None = None) -> dict[str, str]:
        """Name, ARN and URL the queue gets in a simulated cloud (Terraform ``id`` and CloudFormation
        ``Ref`` are the URL); a name known only at apply time is ``stand_in``, else a stable synthetic one."""
        name = self.name if isinstance(self.name, str) else stand_in or synthetic_name("iacsim-queue", self.address)
        arn = self.arn if isinstance(self.arn, str) else queue_arn(self.partition, self.region, self.account, name)
        url = self.url if isinstance(self.url, str) else queue_url(self.region, self.account, name)
        return {"name": name, "queuename": name, "arn": arn, "url": url, "queueurl": url, "id": url, "ref": url}


@dataclass(frozen=True, kw_only=True)
class SnsTopicPolicy(ServiceObject):
    """A topic access policy set by its own resource (``aws_sns_topic_policy`` / ``AWS::SNS::TopicPolicy``)."""

    topic: Ref
    """The topic (its ARN as written, or an Unknown naming it)."""
    policy: Policy
    """The policy document (replaces the topic's policy)."""


@dataclass(frozen=True, kw_only=True)
class SqsQueuePolicy(ServiceObject):
    """A queue access policy set by its own resource (``aws_sqs_queue_policy`` / ``AWS::SQS::QueuePolicy``)."""

    queue: Ref
    """The queue (its URL as written, or an Unknown naming it)."""
    policy: Policy
    """The policy document (replaces the queue's policy)."""


@dataclass(frozen=True, kw_only=True)
class SnsSubscription(ServiceObject):
    """A topic subscription (``aws_sns_topic_subscription`` / ``AWS::SNS::Subscription`` / a topic's
    inline ``Subscription``). For ``sqs`` the topic's messages are sent to the queue by
    ``sns.amazonaws.com`` (``aws:SourceArn`` = the topic)."""

    topic: Ref
    """The topic ARN (or an Unknown naming the topic)."""
    protocol: str | Unknown
    """``sqs``, ``lambda``, ``https``, ``email``…"""
    endpoint: Ref
    """The endpoint: for ``sqs`` the queue ARN."""
    raw_message_delivery: bool | Unknown | None = None
    """Raw message delivery."""


@dataclass(frozen=True)
class NotificationTarget:
    """One destination of an S3 bucket's event notifications."""

    kind: Literal["topic", "queue", "lambda"]
    """Destination type."""
    target: Ref
    """The topic/queue/function ARN (or an Unknown naming it)."""
    events: tuple[str | Unknown, ...] = ()
    """Event types (``s3:ObjectCreated:*``)."""
    id: str | Unknown | None = None
    """The configuration id, when written."""


@dataclass(frozen=True, kw_only=True)
class S3EventNotification(ServiceObject):
    """A bucket's event notification configuration (``aws_s3_bucket_notification`` /
    ``AWS::S3::Bucket.NotificationConfiguration``): ``s3.amazonaws.com`` publishes to each target with
    ``aws:SourceArn`` = the bucket ARN and ``aws:SourceAccount`` = the bucket owner."""

    bucket: Ref
    """The bucket (name as written, or an Unknown naming it)."""
    targets: tuple[NotificationTarget, ...] = ()
    """Topics, queues and functions notified."""
    eventbridge: bool | Unknown = False
    """Whether events also go to EventBridge."""


@dataclass(frozen=True, kw_only=True)
class CloudWatchAlarm(ServiceObject):
    """A metric alarm (``aws_cloudwatch_metric_alarm`` / ``AWS::CloudWatch::Alarm``): its SNS actions are
    published by ``cloudwatch.amazonaws.com`` with ``aws:SourceArn`` = the alarm ARN."""

    name: str | Unknown
    """Alarm name."""
    arn: Arn | Unknown
    """Alarm ARN ``arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>``."""
    alarm_actions: tuple[Ref, ...] = ()
    """Actions on ALARM (SNS topic ARNs, Auto Scaling/EC2 actions…)."""
    ok_actions: tuple[Ref, ...] = ()
    """Actions on OK."""
    insufficient_data_actions: tuple[Ref, ...] = ()
    """Actions on INSUFFICIENT_DATA."""
    actions_enabled: bool | Unknown = True
    """Whether actions run."""

    def seed_values(self) -> dict[str, str]:
        """Name and ARN in a simulated cloud (CloudFormation ``Ref`` is the name)."""
        name = self.name if isinstance(self.name, str) else synthetic_name("iacsim-alarm", self.address)
        arn = self.arn if isinstance(self.arn, str) else \
            str(AwsArn.alarm(self.partition, self.region, self.account, name))
        return {"name": name, "alarmname": name, "arn": arn, "id": name, "ref": name}


@dataclass(frozen=True, kw_only=True)
class EventBridgeRule(ServiceObject):
    """An EventBridge rule (``aws_cloudwatch_event_rule`` / ``AWS::Events::Rule``)."""

    name: str | Unknown
    """Rule name."""
    arn: Arn | Unknown
    """Rule ARN ``arn:<partition>:events:<region>:<account>:rule/[<bus>/]<name>``."""
    event_bus: str | Unknown = "default"
    """Event bus name or ARN."""
    enabled: bool | Unknown = True
    """Whether the rule is enabled (``state``/``State``)."""

    def seed_values(self) -> dict[str, str]:
        """Name and ARN in a simulated cloud (CloudFormation ``Ref`` is the name on the default bus)."""
        name = self.name if isinstance(self.name, str) else synthetic_name("iacsim-rule", self.address)
        bus = self.event_bus if isinstance(self.event_bus, str) else "default"
        part = f"rule/{name}" if bus in ("default", "") else f"rule/{bus.rsplit('/', 1)[-1]}/{name}"
        arn = self.arn if isinstance(self.arn, str) else str(AwsArn(self.partition, "events", self.region, self.account, part))
        return {"name": name, "arn": arn, "id": name, "ref": name}


@dataclass(frozen=True, kw_only=True)
class EventBridgeTarget(ServiceObject):
    """A target of an EventBridge rule (``aws_cloudwatch_event_target`` / ``AWS::Events::Rule.Targets``).
    For SNS and SQS targets ``events.amazonaws.com`` publishes with ``aws:SourceArn`` = the rule ARN
    (unless a ``role_arn`` is given — then EventBridge acts as that role)."""

    rule: Ref
    """The rule (name as written, or an Unknown naming it)."""
    target_id: str | Unknown | None = None
    """Target id."""
    target: Ref
    """The target ARN (topic, queue, function…)."""
    role: Ref | None = None
    """``role_arn``/``RoleArn`` EventBridge assumes for the target, when given."""
    event_bus: str | Unknown = "default"
    """Event bus of the rule."""


def synthetic_name(prefix: str, address: str) -> str:
    """A stable name for a resource whose name is generated at apply time."""
    return f"{prefix}-{hashlib.sha256(address.encode()).hexdigest()[:12]}"


def topic_arn(partition: str, region: str, account: str, name: str) -> str:
    """``arn:<partition>:sns:<region>:<account>:<name>``."""
    return str(AwsArn.sns_topic(partition, region, account, name))


def queue_arn(partition: str, region: str, account: str, name: str) -> str:
    """``arn:<partition>:sqs:<region>:<account>:<name>``."""
    return str(AwsArn.sqs_queue(partition, region, account, name))


def queue_url(region: str, account: str, name: str) -> str:
    """``https://sqs.<region>.amazonaws.com/<account>/<name>`` (the URL form SQS returns)."""
    return f"https://sqs.{region}.amazonaws.com/{account}/{name}"


def parse_queue_url(url: str) -> tuple[str, str, str] | None:
    """``(region, account, name)`` of a queue URL (``https://sqs.<region>.amazonaws.com/<acct>/<name>``,
    also the legacy ``https://<region>.queue.amazonaws.com/...``), or None."""
    rest = url.removeprefix("https://").removeprefix("http://")
    host, _, path = rest.partition("/")
    parts = path.strip("/").split("/")
    if len(parts) != 2 or not parts[0].isdigit():
        return None
    labels = host.split(".")
    if labels[0] == "sqs" and len(labels) > 2:
        return labels[1], parts[0], parts[1]
    if len(labels) > 2 and labels[1] == "queue":
        return labels[0], parts[0], parts[1]
    return None
