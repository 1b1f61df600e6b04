"""Encrypted EFS file systems using aws/elasticfilesystem rather than a customer managed key (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.efs import EfsFileSystem
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class FileSystemWithoutCustomerManagedKey(Rule):
    """An encrypted EFS file system uses ``aws/elasticfilesystem`` (checked when ``.iacsim.yml`` asks for it).

    What it does:
        With customer managed keys required for ``efs`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags file systems with
        ``encrypted = true`` and no ``kms_key_id`` / ``KmsKeyId``, or naming ``alias/aws/elasticfilesystem``.
        An unencrypted file system is EFS201's; naming the AWS managed key is not an error (EFS creates it on
        first use). A customer managed key the replay shows the file system's creator cannot use (EFS101) is not
        a pass either.
    Why it matters:
        With a customer managed key the key policy decides who can mount and read the data through EFS, and
        access can be revoked; the AWS managed key's policy cannot be changed. Peer: Checkov CKV_AWS_184.
    Example:
        resource "aws_efs_file_system" "shared" { encrypted = true }
    Fix:
        ``kms_key_id = aws_kms_key.efs.arn`` at creation (the key of a file system cannot change).
    References:
        https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
        https://docs.aws.amazon.com/efs/latest/ug/EFSKMSManagedKeyPolicy.html
    """

    id = "EFS202"
    name = "file-system-without-customer-managed-key"
    summary = "Encrypted EFS file system uses aws/elasticfilesystem, not a customer managed key (opt-in)"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_184",)
    customer_managed_key_service: ClassVar[str] = "efs"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fs in ctx.world.of_type(EfsFileSystem):
            if fs.kms_key is None and fs.encrypted is not True:
                continue  # not encrypted (EFS201), or not known whether
            problem = customer_key_problem(ctx, fs, fs.kms_key, "the AWS managed key aws/elasticfilesystem", "EFS")
            if problem is not None:
                yield Hit(fs, f"file system: {problem}", attr="kms_key",
                          fix=fix_for(fs, "kms_key_id = aws_kms_key.<efs key>.arn", "KmsKeyId: !GetAtt <Key>.Arn"))
