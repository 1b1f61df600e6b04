from __future__ import annotations

from iacsim.rules.base import FlowRule


class TableKeyUnusable(FlowRule):
    """The principal creating a DynamoDB table or global table replica cannot use its KMS key.

    What it does:
        Replays CreateTable and, per replica, UpdateTable (``ReplicaUpdates`` Create) as the deploying account
        (its root stands for the deploying principal): DynamoDB calls ``kms:DescribeKey``, ``kms:CreateGrant``,
        ``kms:GenerateDataKey`` and ``kms:Decrypt`` through ``dynamodb.<region>.amazonaws.com`` with the
        encryption context ``aws:dynamodb:tableName``/``aws:dynamodb:subscriberId``, in each replica's Region
        with that replica's key.
    Why it matters:
        The table or the replica is not created (or becomes inaccessible) when the key policy does not admit
        the account's principals through DynamoDB — typical for a replica key whose policy was written for
        another account or service.
    Example:
        replica { region_name = "eu-west-1"  kms_key_arn = aws_kms_replica_key.eu.arn }   # policy admits only 222222222222
    Fix:
        Key policy statement allowing ``kms:Encrypt``, ``kms:Decrypt``, ``kms:ReEncrypt*``,
        ``kms:GenerateDataKey*``, ``kms:DescribeKey`` and ``kms:CreateGrant`` with ``kms:ViaService =
        dynamodb.<region>.amazonaws.com`` and ``kms:CallerAccount`` = the table's account.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-security.html
    """

    id = "DDB101"
    name = "dynamodb-key-unusable"
    summary = "The creator of a DynamoDB table or replica cannot use its KMS key"
    severity = "high"
