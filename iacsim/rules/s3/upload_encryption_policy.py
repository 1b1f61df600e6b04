"""A bucket whose default is a customer managed key, and whose bucket policy lets uploads name another
encryption (off unless ``.iacsim.yml`` asks for customer managed keys on S3)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from iacsim.aws.arn import Arn
from iacsim.model.s3 import S3Bucket
from iacsim.policy import AuthorizationRequest, PolicyError, evaluate
from iacsim.rules._encryption import key_kind
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.values import Unknown

_SSE = "s3:x-amz-server-side-encryption"
_SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id"
_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
_WRITER_IAM = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}
"""The writer's IAM side: the question is whether the *bucket policy* refuses the upload, so the writer is
taken to hold s3:PutObject from IAM (only an explicit deny can then refuse it)."""
_OWN_KEY_ID = "00000000-0000-0000-0000-000000000000"
_OTHER_KEY_ID = "00000000-0000-0000-0000-0000000000ff"
"""Stand-in key ids: the bucket's key when its ARN is known only after apply, and "another key" of the
bucket's account (no real key has either id)."""


def _own_key_arn(bucket: S3Bucket, ref: Any) -> str:
    return ref if isinstance(ref, str) and ref.startswith("arn:") else str(
        Arn.kms_key(bucket.partition, str(bucket.region), str(bucket.account), _OWN_KEY_ID))


def _with_key(value: Any, key_ref: str | None, key_arn: str) -> Any:
    """``value`` with each unknown that *is* the bucket's key reference (``aws_kms_key.x.arn`` in both the
    encryption configuration and the policy) replaced by the key's ARN: the same reference is the same key,
    so a policy requiring it is decided instead of unknown."""
    if isinstance(value, Unknown):
        return key_arn if key_ref is not None and value.ref == key_ref else value
    if isinstance(value, Mapping):
        return {k: _with_key(v, key_ref, key_arn) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_key(v, key_ref, key_arn) for v in value]
    return value


class UploadEncryptionNotEnforced(Rule):
    """The bucket policy does not refuse uploads that name SSE-S3 or another KMS key than the bucket's
    customer managed key.

    What it does:
        Runs only for ``encryption: {customer_managed_key: [s3]}`` in ``.iacsim.yml``, on buckets whose default
        encryption is SSE-KMS (or DSSE-KMS) with a customer managed key of the scan. It asks the policy
        evaluator — as S3 would, never by reading condition strings — whether the bucket policy explicitly
        denies a writer of the bucket's account (to whom IAM grants ``s3:PutObject``) ``s3:PutObject`` on
        ``arn:aws:s3:::<bucket>/x`` when the request says ``s3:x-amz-server-side-encryption = AES256``, and
        when it says ``aws:kms`` with ``s3:x-amz-server-side-encryption-aws-kms-key-id`` naming another key.
        Each upload the policy does not refuse is reported. A bucket without a policy refuses neither. When
        the answer depends on a value known only after apply (a key ARN of another resource, a bucket name
        from ``bucket_prefix``), or the policy cannot be read, nothing is reported.
    Why it matters:
        Default encryption applies only to a PutObject that names no encryption: a writer sending
        ``x-amz-server-side-encryption: AES256`` gets SSE-S3, one sending ``aws:kms`` with another key id gets
        that key (and ``aws:kms`` alone the AWS managed ``aws/s3``), whatever the bucket's default. The
        customer managed key — the key policy as a second gate on reads — then protects only the objects of
        writers who happened to say nothing. Only a bucket policy denying the other headers makes the key a
        requirement. A single ``StringNotEquals`` block naming both condition keys does not: the keys are
        ANDed, so ``aws:kms`` with a wrong key id escapes it.
    Example:
        A bucket with ``sse_algorithm = "aws:kms"`` and ``kms_master_key_id = aws_kms_key.data.arn`` and no
        bucket policy, or one that denies only uploads without ``s3:x-amz-server-side-encryption``.
    Fix:
        A bucket policy statement denying ``s3:PutObject`` on ``arn:aws:s3:::<bucket>/*`` to ``Principal: "*"``
        with ``StringNotEquals`` on ``s3:x-amz-server-side-encryption-aws-kms-key-id`` = the key's ARN. A negated
        operator matches when the header is absent, so this refuses SSE-S3 uploads and uploads relying on the
        default too: writers then name ``aws:kms`` and the key.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
    """

    id = "S3212"
    name = "upload-encryption-not-enforced"
    summary = "The bucket policy lets uploads name SSE-S3 or another KMS key than the bucket's customer managed key"
    category = "security"
    severity = "low"
    customer_managed_key_service: ClassVar[str | None] = "s3"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for bucket in ctx.world.of_type(S3Bucket):
            enc = bucket.encryption
            if enc is None or enc.sse_algorithm not in _KMS_ALGORITHMS or not isinstance(enc.sse_algorithm, str):
                continue
            if key_kind(ctx.world, enc.kms_key, enc) != "customer":
                continue
            refused = self._refused(bucket, enc.sse_algorithm, enc.kms_key)
            if refused is None:
                continue
            escaping = [upload for upload, denied in refused if not denied]
            if not escaping:
                continue
            target = bucket.policy if bucket.policy is not None else bucket
            what = "has no bucket policy" if bucket.policy is None else "has a bucket policy"
            yield Hit(target, f"the bucket encrypts with a customer managed key by default but {what} that does "
                              f"not refuse {' or '.join(escaping)}, so S3 stores such objects without that key",
                      fix=fix_for(target, 'a bucket policy statement denying s3:PutObject when '
                                          '"s3:x-amz-server-side-encryption-aws-kms-key-id" is not the key ARN',
                                  "an AWS::S3::BucketPolicy statement denying s3:PutObject when "
                                  "s3:x-amz-server-side-encryption-aws-kms-key-id is not the key ARN"))

    @staticmethod
    def _refused(bucket: S3Bucket, algorithm: str, key: Any) -> list[tuple[str, bool]] | None:
        """For each upload, whether the bucket policy explicitly denies it; None when that is unknown."""
        if not isinstance(bucket.name, str) or not isinstance(bucket.account, str) or not bucket.account.isdigit():
            return None
        document: Any = {"Version": "2012-10-17", "Statement": []}
        if bucket.policy is not None:
            document = bucket.policy.policy.document
            if not isinstance(document, Mapping):
                return None
        region = str(bucket.region)
        own = _own_key_arn(bucket, key)
        other = str(Arn.kms_key(bucket.partition, region, bucket.account, _OTHER_KEY_ID))
        document = _with_key(document, key.ref if isinstance(key, Unknown) else None, own)
        uploads = {
            "an upload naming SSE-S3 (x-amz-server-side-encryption: AES256)": {_SSE: "AES256"},
            f"an upload naming {algorithm} with another KMS key": {_SSE: algorithm, _SSE_KEY: other},
        }
        found: list[tuple[str, bool]] = []
        for label, context in uploads.items():
            request = AuthorizationRequest(
                principal=f"arn:{bucket.partition}:iam::{bucket.account}:role/writer", action="s3:PutObject",
                resource=f"arn:{bucket.partition}:s3:::{bucket.name}/x", resource_account=bucket.account,
                context=context)
            try:
                decision = evaluate(request, identity_policies=[_WRITER_IAM], resource_policy=dict(document))
            except PolicyError:
                return None  # a malformed policy is reported by its own rules
            if decision.outcome == "unknown":
                return None
            found.append((label, decision.outcome == "explicit_deny"))
        return found
