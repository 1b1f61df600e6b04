"""Trail settings: key placement (apply-time error) and encryption / integrity best practices."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.aws.arn import Arn
from iacsim.model.cloudtrail import Trail
from iacsim.model.kms import KmsKey
from iacsim.model.standin import regions_differ
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules._encryption import key_kind
from iacsim.rules._service_keys import (
    FOREIGN_ACCOUNT,
    ServiceKeyUse,
    key_policy_allows,
)
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class TrailKeyUnusable(Rule):
    """The trail's KMS key is not in the delivery bucket's Region, is not a symmetric encryption key, or is disabled.

    What it does:
        Resolves the trail's ``kms_key_id`` / ``KMSKeyId`` and its ``s3_bucket_name`` in the scan and compares
        the key's Region with the bucket's; checks the key is ``SYMMETRIC_DEFAULT`` / ``ENCRYPT_DECRYPT`` and enabled.
    Why it matters:
        CreateTrail fails with KmsKeyNotFoundException, thrown "when the S3 bucket and the KMS key are not in
        the same Region"; log files are SSE-KMS objects, which need a symmetric encryption key; "if the KMS key
        is disabled … CloudTrail can't deliver logs".
    Example:
        A trail in us-east-1 delivering to a bucket in eu-west-1 with a key created in us-east-1.
    Fix:
        Use a symmetric key in the bucket's Region (the trail's own Region does not matter).
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
        https://docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/cloudtrail.html
    """

    id = "CT001"
    name = "trail-key-unusable"
    summary = "Trail key not in the bucket's Region, not a symmetric encryption key, or disabled"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for t in ctx.world.of_type(Trail):
            if t.kms_key is None:
                continue
            key = ctx.world.find_key(t.kms_key, account=t.account, region=t.region, near=t.address)
            if key is None:
                continue
            bucket = ctx.world.find_bucket(t.s3_bucket)
            fix = fix_for(t, "kms_key_id = <ARN of a symmetric key in the bucket's Region>",
                          "KMSKeyId: <ARN of a symmetric key in the bucket's Region>")
            if bucket is not None and regions_differ(key, bucket):
                yield Hit(t, f"the key {key.address} is in {key.region} but the bucket {bucket.address} is in "
                             f"{bucket.region}: CreateTrail fails with KmsKeyNotFoundException", fix=fix)
            elif (isinstance(key.spec, str) and key.spec != "SYMMETRIC_DEFAULT") or (
                    isinstance(key.usage, str) and key.usage != "ENCRYPT_DECRYPT"):
                yield Hit(t, f"the key {key.address} is {key.spec}/{key.usage}; trail log files need a symmetric "
                             "encryption key", fix=fix)
            elif key.enabled is False:
                yield Hit(t, f"the key {key.address} is disabled: CloudTrail cannot use it (KmsException at "
                             "CreateTrail; an existing trail stops delivering)",
                          fix=fix_for(t, "is_enabled = true on the key", "Enabled: true on the key"))


class TrailWithoutKmsKey(Rule):
    """A trail's log files are not encrypted with a customer managed KMS key (checked when ``.iacsim.yml`` asks).

    What it does:
        With customer managed keys required for ``cloudtrail`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags trails without
        ``kms_key_id`` / ``KMSKeyId`` whose bucket does not default to SSE-KMS with a customer managed key
        (their log files get SSE-S3 or the AWS managed ``aws/s3`` key). CloudTrail log files are always
        encrypted at rest (SSE-S3 by default), so there is no "not encrypted" rule. A trail whose key the
        replay shows CloudTrail cannot use (CT101) is not a pass either; the finding names the flow.
    Why it matters:
        "Security best practices in AWS CloudTrail" recommends SSE-KMS for log files: reading them then needs
        kms:Decrypt on a key whose policy you control, in addition to s3:GetObject.
        Peers: Checkov CKV_AWS_35, Trivy AVD-AWS-0015.
    Example:
        resource "aws_cloudtrail" "main" { name = "main" s3_bucket_name = aws_s3_bucket.logs.id }
    Fix:
        Set ``kms_key_id`` to a customer managed key whose policy admits cloudtrail.amazonaws.com.
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
        https://docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/cloudtrail.html
    """

    id = "CT201"
    name = "trail-without-kms-key"
    summary = "Trail log files not encrypted with a customer managed KMS key (opt-in)"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_35", "AVD-AWS-0015")
    customer_managed_key_service: ClassVar[str] = "cloudtrail"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for t in ctx.world.of_type(Trail):
            if t.kms_key is not None:
                problem = customer_key_problem(ctx, t, t.kms_key, "SSE-S3", "CloudTrail")
                if problem is not None:
                    yield Hit(t, f"trail log files: {problem}", attr="kms_key",
                              fix=fix_for(t, "kms_key_id = aws_kms_key.<trail key>.arn", "KMSKeyId: !GetAtt <Key>.Arn"))
            else:
                bucket = ctx.world.find_bucket(t.s3_bucket)
                enc = bucket.encryption if bucket is not None else None
                if enc is not None and isinstance(enc.sse_algorithm, str) and enc.sse_algorithm.startswith("aws:kms") \
                        and enc.kms_key is not None and key_kind(ctx.world, enc.kms_key, bucket or t) != "aws-managed":
                    continue  # the bucket's default SSE-KMS key (a customer managed key) encrypts the files
                yield Hit(t, "the trail's log files are not encrypted with a customer managed KMS key (SSE-KMS)",
                          fix=fix_for(t, "kms_key_id = aws_kms_key.<trail key>.arn", "KMSKeyId: !GetAtt <Key>.Arn"))


class TrailLogFileValidationOff(Rule):
    """Log file integrity validation is off for a trail.

    What it does:
        Flags trails whose ``enable_log_file_validation`` / ``EnableLogFileValidation`` is not true (AWS's
        default is false).
    Why it matters:
        Without digest files nobody can prove a log file was not modified or deleted after delivery;
        "Security best practices in AWS CloudTrail" recommends enabling validation on all trails.
    Example:
        resource "aws_cloudtrail" "main" { ... }   # enable_log_file_validation not set
    Fix:
        ``enable_log_file_validation = true`` / ``EnableLogFileValidation: true``.
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
        https://docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/cloudtrail.html
    """

    id = "CT202"
    name = "trail-log-file-validation-off"
    summary = "Trail log file integrity validation disabled"
    category = "security"
    severity = "low"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for t in ctx.world.of_type(Trail):
            if t.log_file_validation is False:
                yield Hit(t, "log file integrity validation is off: deliveries cannot be proven unaltered",
                          fix=fix_for(t, "enable_log_file_validation = true", "EnableLogFileValidation: true"))


class CloudTrailUnscopedInKeyPolicy(Rule):
    """A key policy lets CloudTrail use the key for any trail of any account.

    What it does:
        Asks the policy engine whether the policy of a key that encrypts a trail's log files (the trail's key,
        or its bucket's default key) lets ``cloudtrail.amazonaws.com`` generate a data key for a trail of an
        account outside the scan (``kms:EncryptionContext:aws:cloudtrail:arn``, ``aws:SourceArn`` and
        ``aws:SourceAccount`` naming that trail) — the request CloudTrail really makes, evaluated as the
        replay evaluates it, never by matching principal strings.
    Why it matters:
        CloudTrail's guide: "As a security best practice, add an aws:SourceArn condition key to the KMS key
        policy" so that CloudTrail uses the key only for your trails; without either condition another
        account's trail can encrypt into your key (a confused deputy).
    Example:
        { Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*" }
    Fix:
        Add StringEquals ``aws:SourceArn`` = the trail ARN(s) and StringLike
        ``kms:EncryptionContext:aws:cloudtrail:arn`` = ``arn:aws:cloudtrail:*:<account>:trail/*``.
    References:
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
        https://docs.aws.amazon.com/kms/latest/developerguide/least-privilege.html
        https://docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/cloudtrail.html
    """

    id = "CT203"
    name = "cloudtrail-unscoped-in-key-policy"
    summary = "Key policy admits CloudTrail without aws:SourceArn or aws:cloudtrail:arn condition"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in self._trail_keys(ctx):
            if not isinstance(key.region, str) or key.region == "unknown":
                continue
            foreign = str(Arn(key.partition, "cloudtrail", key.region, FOREIGN_ACCOUNT, "trail/iacsim-other-account"))
            use = ServiceKeyUse("cloudtrail.amazonaws.com", "kms:GenerateDataKey", "aws:cloudtrail:arn", foreign)
            if key_policy_allows(key, use) is True:
                yield Hit(key, "the key policy lets CloudTrail encrypt with this key for trails of any account (no "
                               "aws:SourceArn or kms:EncryptionContext:aws:cloudtrail:arn condition limits it)",
                          fix=fix_for(key, 'Condition = { StringEquals = { "aws:SourceArn" = "<trail ARN>" } }',
                                      "Condition: {StringEquals: {'aws:SourceArn': <trail ARN>}}"))

    @staticmethod
    def _trail_keys(ctx: RuleContext) -> list[KmsKey]:
        """Keys that encrypt log files: trail keys, or the default key of a trail's bucket when it has none
        (a key admitting CloudTrail for another purpose, an SNS topic's, is scoped by other means)."""
        found: dict[str, KmsKey] = {}
        for t in ctx.world.of_type(Trail):
            ref = t.kms_key
            if ref is None:
                bucket = ctx.world.find_bucket(t.s3_bucket)
                ref = bucket.encryption.kms_key if bucket is not None and bucket.encryption is not None else None
            key = ctx.world.find_key(ref, account=t.account, region=t.region, near=t.address) if ref is not None else None
            if key is not None:
                found.setdefault(key.address, key)
        return list(found.values())
