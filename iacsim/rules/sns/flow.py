"""Broken flows of encrypted SNS topics: AWS services that publish to them (found by the messaging flow)."""

from __future__ import annotations

from iacsim.rules.base import FlowRule


class TopicKeyRejectsProducer(FlowRule):
    """An AWS service that publishes to the topic cannot use the topic's KMS key.

    What it does:
        For every producer the code wires to an encrypted topic (S3 event notifications, CloudWatch alarm
        actions, EventBridge rule targets), replays the publish as the service principal
        (``s3.amazonaws.com``, ``cloudwatch.amazonaws.com``, ``events.amazonaws.com``, with ``aws:SourceArn`` of
        the bucket/alarm/rule): SNS calls ``kms:GenerateDataKey`` and ``kms:Decrypt`` as that principal with
        the encryption context ``aws:sns:topicArn``, so the key policy must allow the service.
    Why it matters:
        Everything applies; the events are then silently dropped (the alarm never notifies, S3 events never
        arrive). SNS reports KMSAccessDeniedException only in the producer's delivery metrics.
    Example:
        An alarm whose ``alarm_actions`` is a topic with ``kms_master_key_id = aws_kms_key.alerts.arn`` whose
        key policy has only the account statement.
    Fix:
        Add to the key policy a statement with ``"Principal": {"Service": "<service>.amazonaws.com"}`` allowing
        ``kms:GenerateDataKey*`` and ``kms:Decrypt`` (optionally with ``aws:SourceArn``/``aws:SourceAccount``).
    References:
        https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
        https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
    """

    id = "SNS101"
    name = "topic-key-rejects-producer"
    summary = "An AWS service publishing to the topic cannot use the topic's KMS key"
    severity = "high"


class TopicPolicyRejectsProducer(FlowRule):
    """The topic's access policy does not let the AWS service that publishes to it call ``sns:Publish``.

    What it does:
        Replays ``sns:Publish`` as the producer's service principal with ``aws:SourceArn``/``aws:SourceAccount``
        of the bucket, alarm or rule against the topic policy (``aws_sns_topic_policy``, the topic's ``policy``,
        ``AWS::SNS::TopicPolicy``; AWS's default policy when none is written, which admits only publishers of
        the owner account).
    Why it matters:
        EventBridge and CloudWatch drop the events. For S3, PutBucketNotificationConfiguration sends a test
        event and fails with "Unable to validate the following destination configurations": the apply fails.
    Example:
        ``aws_s3_bucket_notification`` with a ``topic`` block for a topic without an ``aws_sns_topic_policy``.
    Fix:
        Allow ``sns:Publish`` on the topic for ``"Service": "<service>.amazonaws.com"`` with
        ``"Condition": {"ArnLike": {"aws:SourceArn": "<bucket/alarm/rule ARN>"}}``.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
        https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
        https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
    """

    id = "SNS102"
    name = "topic-policy-rejects-producer"
    summary = "The topic policy does not allow the AWS service that publishes to it"
    severity = "high"


class ManagedTopicKeyWithServiceProducer(FlowRule):
    """A topic encrypted with the AWS managed key ``alias/aws/sns`` receives events from an AWS service.

    What it does:
        Flags, from the replay, a service producer (S3, CloudWatch, EventBridge) publishing to a topic whose key is
        ``alias/aws/sns``: that key's policy admits only principals of the account through SNS and cannot be
        changed, so the service principal is always refused.
    Why it matters:
        AWS says event sources from AWS services need a customer managed key. The topic applies; every event is
        dropped (a broken flow, not an apply error — except S3, whose destination validation fails the apply).
    Example:
        ``aws_sns_topic`` with ``kms_master_key_id = "alias/aws/sns"`` as the target of an ``aws_cloudwatch_event_target``.
    Fix:
        Use a customer managed key whose policy allows the service principal ``kms:GenerateDataKey*`` and ``kms:Decrypt``.
    References:
        https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "SNS103"
    name = "managed-topic-key-with-service-producer"
    summary = "A topic encrypted with alias/aws/sns cannot receive events from AWS services"
    severity = "high"
