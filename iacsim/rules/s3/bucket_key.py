"""SSE-KMS default encryption without an S3 Bucket Key."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.s3 import S3Bucket
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class BucketKeyDisabled(Rule):
    """A bucket encrypts with SSE-KMS by default but without an S3 Bucket Key.

    What it does:
        Flags buckets whose default encryption is ``aws:kms`` and whose ``bucket_key_enabled`` /
        ``BucketKeyEnabled`` is not true (S3 Bucket Keys are off unless asked for). DSSE-KMS is not reported:
        S3 Bucket Keys are not supported for it.
    Why it matters:
        Without a Bucket Key S3 calls KMS for every object written and read: each call is a KMS request you pay
        for and counts against KMS request quotas. A Bucket Key lets S3 reuse a bucket-level key and cuts those
        requests by up to 99%; the objects are still encrypted with the bucket's KMS key.
    Example:
        rule {
          apply_server_side_encryption_by_default { sse_algorithm = "aws:kms"  kms_master_key_id = aws_kms_key.x.arn }
        }
    Fix:
        ``bucket_key_enabled = true`` in the rule (CloudFormation ``BucketKeyEnabled: true``). If the key policy or
        an IAM policy conditions on the object's encryption context, switch it to the bucket ARN first.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-serversideencryptionrule.html
    """

    id = "S3211"
    name = "bucket-key-disabled"
    summary = "SSE-KMS default encryption without an S3 Bucket Key: one KMS request per object"
    category = "cost"
    severity = "low"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for bucket in ctx.world.of_type(S3Bucket):
            enc = bucket.encryption
            if enc is None or enc.sse_algorithm != "aws:kms" or enc.bucket_key_enabled is not False:
                continue
            yield Hit(enc, "the bucket encrypts with SSE-KMS without an S3 Bucket Key, so S3 calls KMS for every "
                           "object it writes or reads", attr="bucket_key_enabled",
                      fix=fix_for(enc, "bucket_key_enabled = true", "BucketKeyEnabled: true"))
