"""Broken flows of encrypted SQS queues: services sending to them and consumers reading them."""

from __future__ import annotations

from iacsim.rules.base import FlowRule


class QueueKeyRejectsProducer(FlowRule):
    """An AWS service that sends to the queue cannot use the queue's KMS key.

    What it does:
        For every producer the code wires to an encrypted queue (SNS subscriptions with protocol ``sqs``,
        EventBridge rule targets), replays ``sqs:SendMessage`` as the service principal (``sns.amazonaws.com``,
        ``events.amazonaws.com`` with ``aws:SourceArn``; S3 notifications are SQS002): SQS calls
        ``kms:GenerateDataKey`` and ``kms:Decrypt`` as that principal with the context ``aws:sqs:arn``.
    Why it matters:
        Messages never reach the queue; nothing fails at apply and the consumer simply sees an empty queue.
    Example:
        An SNS topic subscribed to a queue with ``kms_master_key_id`` whose key policy does not name
        ``sns.amazonaws.com``.
    Fix:
        Allow ``"Principal": {"Service": "<service>.amazonaws.com"}`` ``kms:GenerateDataKey`` and ``kms:Decrypt``
        in the key policy (optionally with ``kms:EncryptionContext:aws:sqs:arn`` = the queue ARN).
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
    """

    id = "SQS101"
    name = "queue-key-rejects-producer"
    summary = "An AWS service sending to the queue cannot use the queue's KMS key"
    severity = "high"


class QueuePolicyRejectsProducer(FlowRule):
    """The queue's access policy does not let the AWS service that sends to it call ``sqs:SendMessage``.

    What it does:
        Replays ``sqs:SendMessage`` as the producer's service principal with ``aws:SourceArn`` of the topic or
        rule against the queue policy (``aws_sqs_queue_policy``, the queue's ``policy``,
        ``AWS::SQS::QueuePolicy``; without one only the owner account's principals may send).
    Why it matters:
        SNS and EventBridge drop the messages. (For S3 the apply fails instead: SQS002.)
    Example:
        ``aws_sns_topic_subscription`` with ``protocol = "sqs"`` and no queue policy naming ``sns.amazonaws.com``.
    Fix:
        Allow ``sqs:SendMessage`` on the queue for ``"Service": "<service>.amazonaws.com"`` with
        ``"Condition": {"ArnEquals": {"aws:SourceArn": "<topic/rule ARN>"}}``.
    References:
        https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
        https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
    """

    id = "SQS102"
    name = "queue-policy-rejects-producer"
    summary = "The queue policy does not allow the AWS service that sends to it"
    severity = "high"


class QueueConsumerCannotDecrypt(FlowRule):
    """A principal allowed to receive from an encrypted queue cannot decrypt its messages.

    What it does:
        For every queue with a KMS key, places a message as the owner account and replays ``sqs:ReceiveMessage``
        as every role or user in the scan allowed to receive from it; SQS calls ``kms:Decrypt`` as the consumer
        (``kms:ViaService = sqs.<region>.amazonaws.com``, context ``aws:sqs:arn``). For a dead-letter queue, a
        message of each encrypted source queue (``RedrivePolicy.deadLetterTargetArn``) is moved there first: it keeps
        the source queue's key, so the dead-letter queue's consumers need ``kms:Decrypt`` on that key too.
    Why it matters:
        The consumer (a worker role, a Lambda function's role) gets ``KMS.AccessDeniedException`` on every receive.
    Example:
        A worker role with ``sqs:ReceiveMessage`` on the queue but no ``kms:Decrypt`` on its customer managed key.
    Fix:
        Allow ``kms:Decrypt`` on the queue's key (and, for a dead-letter queue, on its source queues' keys) for the
        consumer (IAM policy and/or key policy).
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#receive-from-encrypted-queue
    """

    id = "SQS103"
    name = "queue-consumer-cannot-decrypt"
    summary = "A consumer allowed sqs:ReceiveMessage cannot decrypt the queue's messages"
    severity = "high"


class ManagedQueueKeyWithServiceProducer(FlowRule):
    """A queue encrypted with the AWS managed key ``alias/aws/sqs`` receives messages from an AWS service.

    What it does:
        Flags, from the replay, a service producer (SNS, EventBridge) sending to a queue whose key is
        ``alias/aws/sqs``: "you cannot modify the key policy of an AWS managed KMS key for Amazon SQS", and it
        admits only principals of the account through SQS, so the service principal is always refused.
    Why it matters:
        AWS says event sources need a customer managed key. Everything applies; every message is dropped
        (a broken flow; for S3 notifications the apply fails: SQS002).
    Example:
        ``aws_sqs_queue`` with ``kms_master_key_id = "alias/aws/sqs"`` subscribed to an SNS topic.
    Fix:
        Use a customer managed key whose policy allows the service principal, or SSE-SQS
        (``sqs_managed_sse_enabled = true``), which needs no key policy.
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "SQS104"
    name = "managed-queue-key-with-service-producer"
    summary = "A queue encrypted with alias/aws/sqs cannot receive messages from AWS services"
    severity = "high"


class S3CannotValidateQueue(FlowRule):
    """S3 cannot validate the SQS queue of a bucket notification: the notification configuration is refused.

    What it does:
        Replays the test event S3 sends when a bucket's notification configuration is written:
        ``sqs:SendMessage`` as ``s3.amazonaws.com`` (``aws:SourceArn`` = the bucket) against the queue policy, then
        ``kms:GenerateDataKey`` and ``kms:Decrypt`` as ``s3.amazonaws.com`` on the queue's key when it has one.
        S3 also refuses FIFO queues and queues in another Region than the bucket.
    Why it matters:
        S3 "verifies that any Amazon SNS or Amazon SQS destination exists, and that the bucket owner has permission
        to publish to it by sending a test notification" (PutBucketNotificationConfiguration): the apply fails with
        "Unable to validate the following destination configurations" — the usual symptom of a queue encrypted
        with ``alias/aws/sqs``.
    Example:
        A bucket notifying a queue with ``kms_master_key_id = "alias/aws/sqs"``.
    Fix:
        Allow ``s3.amazonaws.com`` ``sqs:SendMessage`` in the queue policy (with ``aws:SourceArn`` = the bucket) and
        ``kms:GenerateDataKey``/``kms:Decrypt`` in the policy of a customer managed key (or use SSE-SQS).
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
    """

    id = "SQS002"
    name = "s3-cannot-validate-queue"
    summary = "S3 cannot send its test event to the notification queue: the notification configuration fails"
    category = "apply-error"
    severity = "high"
