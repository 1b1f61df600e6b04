"""Broken flows of encrypted SNS topics: AWS services that publish to them (found by the messaging flow)."""

from __future__ import annotations

from iacsim.rules.base import FlowRule


class TopicKeyRejectsProducer(FlowRule):
    """An AWS service that publishes to the topic cannot use the topic's KMS key.

    What it does:
        For every producer the code wires to an encrypted topic (CloudWatch alarm actions, EventBridge rule
        targets), replays the publish as the service principal (``cloudwatch.amazonaws.com``,
        ``events.amazonaws.com``, with ``aws:SourceArn`` of the alarm/rule; S3 notifications are SNS001): SNS calls ``kms:GenerateDataKey`` and ``kms:Decrypt`` as that principal with
        the encryption context ``aws:sns:topicArn``, so the key policy must allow the service.
    Why it matters:
        Everything applies; the events are then silently dropped (the alarm never notifies). SNS reports KMSAccessDeniedException only in the producer's delivery metrics.
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
        of the alarm or rule against the topic policy (``aws_sns_topic_policy``, the topic's ``policy``,
        ``AWS::SNS::TopicPolicy``; AWS's default policy when none is written, which admits only publishers of
        the owner account).
    Why it matters:
        EventBridge and CloudWatch drop the events. (For S3 the apply fails instead: SNS001.)
    Example:
        ``aws_cloudwatch_event_target`` whose ``arn`` is a topic without an ``aws_sns_topic_policy`` naming
        ``events.amazonaws.com``.
    Fix:
        Allow ``sns:Publish`` on the topic for ``"Service": "<service>.amazonaws.com"`` with
        ``"Condition": {"ArnLike": {"aws:SourceArn": "<alarm/rule ARN>"}}``.
    References:
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
        Flags, from the replay, a service producer (CloudWatch, EventBridge) publishing to a topic whose key is
        ``alias/aws/sns``: that key's policy admits only principals of the account through SNS and cannot be
        changed, so the service principal is always refused.
    Why it matters:
        AWS says event sources from AWS services need a customer managed key. The topic applies; every event is
        dropped: a broken flow, not an apply error (for S3 notifications the apply fails: SNS001).
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


class S3CannotValidateTopic(FlowRule):
    """S3 cannot validate the SNS topic of a bucket notification: the notification configuration is refused.

    What it does:
        Replays the test event S3 sends when a bucket's notification configuration is written: ``sns:Publish`` as
        ``s3.amazonaws.com`` (``aws:SourceArn`` = the bucket) against the topic policy, then ``kms:GenerateDataKey``
        and ``kms:Decrypt`` as ``s3.amazonaws.com`` on the topic's key when the topic is encrypted.
        S3 also refuses FIFO topics and topics in another Region than the bucket.
    Why it matters:
        "Amazon S3 sends test messages to your SNS topic. If the message fails, the entire PUT action will fail"
        (PutBucketNotificationConfiguration): the apply of ``aws_s3_bucket_notification`` / the bucket's
        ``NotificationConfiguration`` fails with "Unable to validate the following destination configurations".
    Example:
        A bucket notifying a topic encrypted with ``alias/aws/sns``, or whose topic policy does not name
        ``s3.amazonaws.com``, or whose key policy does not allow it.
    Fix:
        Allow ``s3.amazonaws.com`` ``sns:Publish`` in the topic policy (with ``aws:SourceArn`` = the bucket) and
        ``kms:GenerateDataKey*``/``kms:Decrypt`` in the policy of a customer managed key.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
        https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    """

    id = "SNS001"
    name = "s3-cannot-validate-topic"
    summary = "S3 cannot publish its test event to the notification topic: the notification configuration fails"
    category = "apply-error"
    severity = "high"
