"""Broken flows of trails (replayed by iacsim/flows/cloudtrail.py)."""

from __future__ import annotations

from iacsim.rules.base import FlowRule


class CloudTrailCannotUseKey(FlowRule):
    """CloudTrail is not allowed to encrypt the trail's log files with its KMS key.

    What it does:
        Replays CreateTrail and a log file delivery: CloudTrail (``cloudtrail.amazonaws.com``, with
        ``aws:SourceArn`` = the trail ARN) needs ``kms:DescribeKey`` and ``kms:GenerateDataKey*`` with the
        encryption context ``aws:cloudtrail:arn`` = the trail ARN.
    Why it matters:
        CreateTrail fails with InsufficientEncryptionPolicyException; if the key policy loses the statement
        later, "CloudTrail can't deliver logs" — the trail silently stops delivering. A trail without its own
        key whose bucket defaults to SSE-KMS with a customer managed key is created without complaint and
        then never delivers: S3 asks that key for a data key as CloudTrail.
    Example:
        A key with the default key policy (account root only) as ``kms_key_id`` of an ``aws_cloudtrail``, or as
        the default encryption key of its bucket.
    Fix:
        Add (to the trail's key, or the bucket's default key) "Allow CloudTrail to encrypt logs" (Principal Service cloudtrail.amazonaws.com, kms:GenerateDataKey*,
        StringLike ``kms:EncryptionContext:aws:cloudtrail:arn`` = ``arn:aws:cloudtrail:*:<account>:trail/*``,
        StringEquals ``aws:SourceArn`` = the trail ARN) and "Allow CloudTrail to describe key" (kms:DescribeKey).
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
        https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
    """

    id = "CT101"
    name = "cloudtrail-cannot-use-key"
    summary = "The key policy does not let CloudTrail encrypt the trail's log files"
    severity = "high"


class TrailBucketRefusesDelivery(FlowRule):
    """The trail's S3 bucket does not accept CloudTrail's log file deliveries.

    What it does:
        Replays what CloudTrail checks and does as ``cloudtrail.amazonaws.com``: ``s3:GetBucketAcl`` on the
        bucket and ``s3:PutObject`` of ``[prefix/]AWSLogs/<account>/...`` with ``x-amz-acl:
        bucket-owner-full-control`` and ``aws:SourceArn`` = the trail ARN, through the bucket policy (and the
        bucket's default encryption key when the trail has none).
    Why it matters:
        CreateTrail fails with InsufficientS3BucketPolicyException ("Incorrect S3 bucket policy is detected
        for bucket"); a bucket policy or default key changed later makes the trail stop delivering.
    Example:
        A bucket policy whose PutObject statement names ``arn:aws:s3:::logs`` instead of ``.../AWSLogs/<account>/*``,
        or lacks the GetBucketAcl statement.
    Fix:
        Use the bucket policy of the CloudTrail guide: AWSCloudTrailAclCheck (s3:GetBucketAcl on the bucket)
        and AWSCloudTrailWrite (s3:PutObject on ``<bucket>/[prefix/]AWSLogs/<account>/*`` with s3:x-amz-acl =
        bucket-owner-full-control), both with aws:SourceArn = the trail ARN.
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
        https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
    """

    id = "CT102"
    name = "trail-bucket-refuses-delivery"
    summary = "The bucket policy (or default encryption key) stops CloudTrail delivering log files"
    severity = "high"


class TrailReaderCannotDecrypt(FlowRule):
    """A principal allowed to read the trail's log files cannot decrypt them.

    What it does:
        After a delivery, replays GetObject of the log file as every role or user in the scan whose IAM
        policies allow ``s3:GetObject`` on it; S3 calls ``kms:Decrypt`` on the reader's behalf (via
        ``s3.<region>.amazonaws.com``) with the context ``aws:cloudtrail:arn`` + ``aws:s3:arn``.
    Why it matters:
        Auditors, SIEM ingestion and Athena queries fail with AccessDenied on every log file although their
        S3 permissions are right.
    Example:
        An ``auditor`` role with s3:GetObject on the trail bucket and no kms:Decrypt on the trail's key.
    Fix:
        Grant kms:Decrypt on the key (key policy "Enable CloudTrail log decrypt permissions", conditioned on
        ``kms:EncryptionContext:aws:cloudtrail:arn``, or an IAM policy when the key policy delegates to IAM).
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
    """

    id = "CT103"
    name = "trail-reader-cannot-decrypt"
    summary = "A reader allowed s3:GetObject on the trail's log files cannot decrypt them"
    severity = "medium"


class TrailCannotSendToCloudWatchLogs(FlowRule):
    """CloudTrail cannot send the trail's events to its CloudWatch Logs log group.

    What it does:
        Replays what CloudTrail does for ``cloud_watch_logs_group_arn`` / ``CloudWatchLogsLogGroupArn``: it
        assumes ``cloud_watch_logs_role_arn`` as ``cloudtrail.amazonaws.com`` (the role's trust policy must
        admit it) and, as that session, calls ``logs:CreateLogStream`` and ``logs:PutLogEvents`` on the
        stream ``<account>_CloudTrail_<region>``; an encrypted log group then needs the logs service admitted
        by its key (LOG101).
    Why it matters:
        CreateTrail/UpdateTrail fails with "InvalidCloudWatchLogsLogGroupArnException: Access denied. Verify
        in IAM that the role has adequate permissions."; alarms and metric filters on trail events never fire.
    Example:
        A role trusting ``lambda.amazonaws.com``, or allowing ``logs:PutLogEvents`` on the log group ARN
        without ``:log-stream:*``.
    Fix:
        Trust ``cloudtrail.amazonaws.com`` and allow logs:CreateLogStream and logs:PutLogEvents on
        ``arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:<account>_CloudTrail_<region>*``.
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
    """

    id = "CT104"
    name = "trail-cannot-send-to-cloudwatch-logs"
    summary = "CloudTrail cannot use the trail's role to write to its CloudWatch Logs log group"
    severity = "medium"


class TrailCannotNotifyTopic(FlowRule):
    """CloudTrail cannot publish the trail's delivery notifications to its SNS topic.

    What it does:
        Replays what CloudTrail does for ``sns_topic_name`` / ``SnsTopicName``: CreateTrail checks that the
        topic policy lets ``cloudtrail.amazonaws.com`` ``SNS:Publish``; every delivered log file is then
        announced by a Publish as CloudTrail, for which an encrypted topic's KMS key must let CloudTrail
        ``kms:GenerateDataKey*`` and ``kms:Decrypt``.
    Why it matters:
        CreateTrail fails with InsufficientSnsTopicPolicyException, or — with a key that does not admit
        CloudTrail — the trail is created and its notifications silently never arrive (log processing that
        waits for them stalls).
    Example:
        ``kms_master_key_id = aws_kms_key.topic.arn`` where that key has the default key policy.
    Fix:
        Topic policy: allow Service cloudtrail.amazonaws.com SNS:Publish with aws:SourceArn = the trail ARN;
        topic key policy: allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:Decrypt.
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
        https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
        https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
    """

    id = "CT105"
    name = "trail-cannot-notify-topic"
    summary = "CloudTrail cannot publish delivery notifications to the trail's SNS topic"
    severity = "medium"
