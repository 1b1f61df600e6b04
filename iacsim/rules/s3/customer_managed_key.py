"""S3 default encryption with a customer managed key (off unless ``.iacsim.yml`` asks for it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.s3 import S3Bucket
from iacsim.rules._encryption import key_kind, written
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for

_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


class BucketWithoutCustomerManagedKey(Rule):
    """A bucket's default encryption does not use a customer managed KMS key.

    What it does:
        Runs only for ``encryption: {customer_managed_key: [s3]}`` in ``.iacsim.yml``. Flags buckets whose
        default encryption is SSE-S3 — written (``AES256``) or not written at all, since S3 encrypts every new
        object with SSE-S3 when the bucket says nothing — or SSE-KMS/DSSE-KMS without a key or with
        ``alias/aws/s3`` (the AWS managed key). A key the scan cannot place (a data source, a key ARN of
        another scan) is not reported.
    Why it matters:
        Every bucket is encrypted at rest (since January 5, 2023 S3 applies SSE-S3 to every new upload), so an
        "unencrypted bucket" is never iacsim's finding: the peers' *bucket encrypted* checks (Checkov
        ``CKV_AWS_19``, Trivy ``AVD-AWS-0088``) have no iacsim rule, as a bucket without encryption cannot
        exist. What a team may require is that reading the data also needs a key policy it controls: with
        SSE-S3 or ``aws/s3`` anyone the bucket policy and IAM let read can read; with a customer managed key
        the key policy is a second gate, and its use is logged per key.
    Example:
        resource "aws_s3_bucket_server_side_encryption_configuration" "x" {
          rule { apply_server_side_encryption_by_default { sse_algorithm = "AES256" } }
        }
    Fix:
        ``sse_algorithm = "aws:kms"`` with ``kms_master_key_id = aws_kms_key.x.arn`` (and
        ``bucket_key_enabled = true``); CloudFormation ``SSEAlgorithm: aws:kms`` with ``KMSMasterKeyID``.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "S3210"
    name = "bucket-without-customer-managed-key"
    summary = "A bucket's default encryption does not use a customer managed KMS key"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_145", "AVD-AWS-0132")
    customer_managed_key_service: ClassVar[str | None] = "s3"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for bucket in ctx.world.of_type(S3Bucket):
            enc = bucket.encryption
            fix = fix_for(bucket, 'sse_algorithm = "aws:kms" with kms_master_key_id = <customer managed key ARN>',
                          "SSEAlgorithm: aws:kms with KMSMasterKeyID: <customer managed key ARN>")
            if enc is None:
                yield Hit(bucket, "the bucket sets no default encryption, so S3 encrypts new objects with SSE-S3 "
                                  "(S3 managed keys), not a customer managed key", fix=fix)
                continue
            algorithm = enc.sse_algorithm
            if algorithm == "AES256":
                yield Hit(enc, "the bucket's default encryption is SSE-S3 (AES256, S3 managed keys), not a customer "
                               "managed key", fix=fix, attr="sse_algorithm")
            elif algorithm in _KMS_ALGORITHMS:
                kind = key_kind(ctx.world, enc.kms_key, enc)
                if kind is None:
                    yield Hit(enc, f"the bucket's default encryption is {algorithm} without a key, so S3 uses the AWS "
                                   "managed key aws/s3, not a customer managed key", fix=fix, attr="sse_algorithm")
                elif kind == "aws-managed" and enc.kms_key is not None:
                    yield Hit(enc, f"the bucket's default encryption uses {written(enc.kms_key)}, the AWS managed "
                                   "key, not a customer managed key", fix=fix, attr="kms_key")
