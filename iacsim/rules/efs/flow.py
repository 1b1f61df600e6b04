from __future__ import annotations

from iacsim.rules.base import FlowRule


class FileSystemKeyUnusable(FlowRule):
    """The principal creating an encrypted EFS file system cannot use its KMS key.

    What it does:
        Replays CreateFileSystem as the deploying account (its root stands for the deploying principal): EFS
        calls ``kms:DescribeKey``, ``kms:CreateGrant``, ``kms:GenerateDataKeyWithoutPlaintext`` and
        ``kms:Decrypt`` through ``elasticfilesystem.<region>.amazonaws.com`` as that principal.
    Why it matters:
        The file system cannot be created (or its data read) when the key policy does not admit the account
        through EFS.
    Example:
        resource "aws_efs_file_system" "fs" { encrypted = true  kms_key_id = <key admitting another account> }
    Fix:
        Key policy statement allowing ``kms:Encrypt``, ``kms:Decrypt``, ``kms:ReEncrypt*``,
        ``kms:GenerateDataKeyWithoutPlaintext``, ``kms:CreateGrant`` and ``kms:DescribeKey`` for the account
        (``kms:ViaService = elasticfilesystem.<region>.amazonaws.com``).
    References:
        https://docs.aws.amazon.com/efs/latest/ug/EFSKMSManagedKeyPolicy.html
        https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
    """

    id = "EFS101"
    name = "efs-key-unusable"
    summary = "The creator of an encrypted EFS file system cannot use its KMS key"
    severity = "high"
