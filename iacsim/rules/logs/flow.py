"""Broken flows of log groups encrypted with a KMS key (replayed by iacsim/flows/logs.py)."""

from __future__ import annotations

from iacsim.rules.base import FlowRule


class LogsServiceNotAdmitted(FlowRule):
    """CloudWatch Logs is not allowed to use the log group's KMS key.

    What it does:
        Replays CreateLogGroup with ``kmsKeyId`` and PutLogEvents: CloudWatch Logs calls KMS as itself
        (``logs.<region>.amazonaws.com``) with the encryption context ``aws:logs:arn`` = the log group ARN,
        so the key policy must admit that service principal for the log group.
    Why it matters:
        The apply fails on the log group: "AccessDeniedException: The specified KMS key does not exist or is
        not allowed to be used with Arn 'arn:aws:logs:<region>:<account>:log-group:<name>'". The default key
        policy (account root only) never admits the service; a context condition naming other log groups
        or another Region's service principal does not either.
    Example:
        resource "aws_kms_key" "logs" {}  with  resource "aws_cloudwatch_log_group" "app" { kms_key_id = aws_kms_key.logs.arn }
    Fix:
        Add the statement the CloudWatch Logs guide gives: Principal Service ``logs.<region>.amazonaws.com``,
        Actions kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*, Condition
        ArnLike ``kms:EncryptionContext:aws:logs:arn`` = ``arn:aws:logs:<region>:<account>:log-group:*``
        (or the group's ARN).
    References:
        https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
        https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
    """

    id = "LOG101"
    name = "logs-service-not-admitted-by-key"
    summary = "The key policy does not let CloudWatch Logs use the log group's key"
    severity = "high"


class LogsServiceCannotDecrypt(FlowRule):
    """CloudWatch Logs can encrypt a log group's events but not decrypt them for readers.

    What it does:
        After ingesting an event, replays GetLogEvents/FilterLogEvents as every role or user in the scan
        whose IAM policies allow reading the group (the account root when there is none); CloudWatch Logs
        decrypts as ``logs.<region>.amazonaws.com`` with the ``aws:logs:arn`` context.
    Why it matters:
        Ingestion works, so the apply succeeds and nothing looks wrong; every read of the log data then fails
        with AccessDeniedException: logs are written that nobody can read back.
    Example:
        A key policy statement for the logs service listing only kms:Encrypt* and kms:GenerateDataKey*.
    Fix:
        Add kms:Decrypt* (the guide's statement lists kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*,
        kms:GenerateDataKey*, kms:Describe*) for the logs service principal, with the same context condition.
    References:
        https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    """

    id = "LOG102"
    name = "logs-service-cannot-decrypt"
    summary = "CloudWatch Logs cannot decrypt the log group's events for its readers"
    severity = "high"
