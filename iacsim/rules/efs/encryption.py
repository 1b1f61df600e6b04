"""EFS file systems: encryption chosen at creation, with a symmetric key of the file system's Region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.efs import EfsFileSystem, EfsReplication
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.rds.keys import describe, key_place, wrong_region


class EfsKeyUnusable(Rule):
    """An EFS file system or replication destination names a KMS key of another Region, or a key that is not
    symmetric.

    What it does:
        Compares the Region of ``kms_key_id``/``KmsKeyId`` with the file system's Region (for a replication
        destination, with the destination Region), and flags keys in the scan that are not
        ``SYMMETRIC_DEFAULT``.
    Why it matters:
        "Amazon EFS supports only symmetric KMS keys"; a KMS key is regional. CreateFileSystem, or the
        replication's creation of the destination file system, fails.
    Example:
        resource "aws_efs_file_system" "fs" {
          encrypted  = true
          kms_key_id = aws_kms_key.signing.arn   # RSA_2048 SIGN_VERIFY
        }
    Fix:
        Name a symmetric encryption key of the file system's Region.
    References:
        https://docs.aws.amazon.com/efs/latest/ug/EFSKMSManagedKeyPolicy.html
        https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
        https://docs.aws.amazon.com/efs/latest/ug/efs-replication.html
    """

    id = "EFS001"
    name = "efs-key-unusable"
    summary = "EFS key not in the file system's Region or not symmetric"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fs in ctx.world.of_type(EfsFileSystem):
            other = wrong_region(ctx.world, fs.kms_key, fs)
            if other is not None:
                yield Hit(fs, f"KMS key {describe(fs.kms_key)} is in {other}, but the file system is in {fs.region}",
                          fix=fix_for(fs, f"kms_key_id = <ARN of a symmetric key in {fs.region}>",
                                      f"KmsKeyId: <ARN of a symmetric key in {fs.region}>"))
                continue
            place = key_place(ctx.world, fs.kms_key, fs)
            if place is not None and place.symmetric is False:
                yield Hit(fs, f"KMS key {describe(fs.kms_key)} is not a symmetric encryption key; EFS supports only "
                              "symmetric keys", fix="use a SYMMETRIC_DEFAULT key")
        for replication in ctx.world.of_type(EfsReplication):
            if not isinstance(replication.destinations, tuple):
                continue
            for dest in replication.destinations:
                region = dest.region if isinstance(dest.region, str) else None
                if dest.region is None:
                    region = replication.region
                if region is None:
                    continue
                other = wrong_region(ctx.world, dest.kms_key, replication, region)
                if other is not None:
                    yield Hit(replication, f"the replica in {region} is encrypted with KMS key {describe(dest.kms_key)} "
                                           f"of {other}; the destination file system needs a key of {region}",
                              fix=fix_for(replication, f"destination {{ kms_key_id = <key ARN in {region}> }}",
                                          f"Destinations: [{{Region: {region}, KmsKeyId: <key ARN in {region}>}}]"))


class EfsKeyWithoutEncrypted(Rule):
    """An EFS file system names a KMS key but is not marked encrypted.

    What it does:
        Flags ``kms_key_id``/``KmsKeyId`` without ``encrypted = true``/``Encrypted: true``.
    Why it matters:
        CloudFormation: "If you use KmsKeyId, you must set the CreateFileSystemRequest$Encrypted parameter
        to true"; the Terraform provider: "When specifying kms_key_id, encrypted needs to be set to true".
        CreateFileSystem rejects the request.
    Example:
        resource "aws_efs_file_system" "fs" { kms_key_id = aws_kms_key.fs.arn }
    Fix:
        Add ``encrypted = true`` (``Encrypted: true``).
    References:
        https://docs.aws.amazon.com/efs/latest/ug/API_CreateFileSystem.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-efs-filesystem.html
    """

    id = "EFS002"
    name = "efs-key-without-encrypted"
    summary = "EFS kms_key_id without encrypted"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fs in ctx.world.of_type(EfsFileSystem):
            if fs.kms_key is not None and (fs.encrypted is None or fs.encrypted is False):
                yield Hit(fs, "kms_key_id is set but the file system is not marked encrypted",
                          fix=fix_for(fs, "encrypted = true", "Encrypted: true"))


class EfsNotEncrypted(Rule):
    """An EFS file system is not encrypted at rest.

    What it does:
        Flags file systems without ``encrypted = true``/``Encrypted: true`` (and without a key).
    Why it matters:
        File data stays unencrypted at rest, and "after you create an EFS file system, you cannot change its
        encryption setting": fixing it means a new file system and copying (or replicating) the data.
        The API's default is unencrypted, unlike the console's. Peers: Checkov CKV_AWS_42, Trivy AVD-AWS-0037.
    Example:
        resource "aws_efs_file_system" "shared" { creation_token = "shared" }
    Fix:
        ``encrypted = true`` (``kms_key_id`` for a customer managed key).
    References:
        https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
    """

    id = "EFS201"
    name = "efs-not-encrypted"
    summary = "EFS file system not encrypted at rest"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_42", "AVD-AWS-0037")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fs in ctx.world.of_type(EfsFileSystem):
            if fs.kms_key is None and (fs.encrypted is None or fs.encrypted is False):
                yield Hit(fs, "the file system is not encrypted at rest, and encryption cannot be turned on later",
                          fix=fix_for(fs, "encrypted = true", "Encrypted: true"))
