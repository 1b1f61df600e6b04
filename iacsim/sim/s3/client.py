"""The simulated S3 client (boto3 ``s3``): buckets, default encryption, policies, replication, objects.

``check_bucket_name`` is re-exported from :mod:`iacsim.sim.s3.base`.

Every call is authorized through the policy evaluator with the caller's IAM policies *and* the
bucket policy (same account: either may allow; cross-account: both must), with the S3 condition
keys AWS supplies (``s3:x-amz-server-side-encryption``, ``s3:x-amz-server-side-encryption-aws-kms-key-id``).
Bucket operations live in :mod:`iacsim.sim.s3.buckets`, shared helpers in :mod:`iacsim.sim.s3.base`.
API reference: https://docs.aws.amazon.com/AmazonS3/latest/API/
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any, Final

from iacsim.sim.client import operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import AccessDenied, ClientError
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.s3.backend import (
    Bucket,
    ObjectVersion,
    S3Backend,
    get_bucket,
    seal,
    sse_c_aad,
    sse_c_fingerprint,
    sse_c_key_md5,
    sse_c_matches,
)
from iacsim.sim.s3.base import check_bucket_name
from iacsim.sim.s3.buckets import S3BucketsMixin
from iacsim.sim.s3.crypto import kms_data_key, kms_error, kms_seal, open_sealed
from iacsim.sim.s3.errors import InvalidArgument, InvalidRequest
from iacsim.sim.s3.rules import (
    KIND_TO_ALGORITHM,
    SSE_ALGORITHMS,
    EncryptionKind,
    kms_encryption_context,
    matching_rule,
    replication_eligibility,
)

AWS_MANAGED_S3_KEY: Final = "alias/aws/s3"

__all__ = ["S3", "S3Client", "StreamingBody", "check_bucket_name"]


class StreamingBody:
    """Stands in for botocore's StreamingBody: ``read()`` the object's bytes (never shown in repr)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    def read(self, amt: int | None = None) -> bytes:
        end = len(self._data) if amt is None else min(len(self._data), self._offset + amt)
        chunk = self._data[self._offset : end]
        self._offset = end
        return chunk

    def __repr__(self) -> str:
        return f"<StreamingBody {len(self._data)} bytes>"


def _customer_key(key: str | bytes) -> bytes:
    # boto3 takes the raw key (str or bytes) and base64-encodes it on the wire itself.
    return key.encode() if isinstance(key, str) else key


class S3Client(S3BucketsMixin):
    """boto3 ``s3``: objects here; bucket configuration in the mixin."""

    # -- objects ---------------------------------------------------------------------
    @operation("PutObject")
    def put_object(
        self,
        *,
        Bucket: str,
        Key: str,
        Body: bytes | str = b"",
        ContentType: str = "binary/octet-stream",
        ServerSideEncryption: str | None = None,
        SSEKMSKeyId: str | None = None,
        SSEKMSEncryptionContext: str | None = None,
        BucketKeyEnabled: bool | None = None,
        SSECustomerAlgorithm: str | None = None,
        SSECustomerKey: str | bytes | None = None,
        SSECustomerKeyMD5: str | None = None,
        Tagging: str | None = None,
    ) -> dict[str, Any]:
        """PutObject with the request's or the bucket's default encryption.

        Defaults: "Setting default server-side encryption behavior for Amazon S3 buckets"; SSE-KMS
        without a key uses the AWS managed ``aws/s3``; the request's ``BucketKeyEnabled`` overrides
        the bucket's; SSE-C is refused when the bucket blocks it (BlockedEncryptionTypes).
        """
        bucket = get_bucket(self.cloud, Bucket)
        body = Body.encode() if isinstance(Body, str) else bytes(Body)
        sse_c = SSECustomerAlgorithm is not None or SSECustomerKey is not None
        if sse_c and ServerSideEncryption is not None:
            raise InvalidArgument(
                "Server Side Encryption with Customer provided key is incompatible with the encryption method specified",
            )
        kind: EncryptionKind
        if sse_c:
            kind = "SSE-C"
        elif ServerSideEncryption is not None:
            found = SSE_ALGORITHMS.get(ServerSideEncryption)
            if found is None:
                raise InvalidArgument(
                    f"The encryption method specified is not supported: {ServerSideEncryption}",
                )
            kind = found
        else:
            kind = bucket.encryption.kind
        if SSEKMSKeyId is not None and kind not in ("SSE-KMS", "DSSE-KMS"):
            raise InvalidArgument(
                "x-amz-server-side-encryption-aws-kms-key-id header requires x-amz-server-side-encryption:aws:kms",
            )
        key_id: str | None = None
        if kind in ("SSE-KMS", "DSSE-KMS"):
            # PutObject: "If you specify x-amz-server-side-encryption:aws:kms … but do not provide
            # x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)";
            # the bucket's default key applies only when the request names no encryption at all.
            default_key = bucket.encryption.kms_key_id if ServerSideEncryption is None else None
            key_id = SSEKMSKeyId or default_key or AWS_MANAGED_S3_KEY
            if key_id == AWS_MANAGED_S3_KEY:
                aws_managed_key(self.cloud, bucket.account, bucket.region, "s3")
        # The condition keys reflect the request's headers only, not the bucket default: a bucket
        # policy denying PutObject without "s3:x-amz-server-side-encryption": "aws:kms" also denies
        # uploads that rely on default encryption (S3 User Guide, "Requiring SSE-KMS for all objects").
        context: dict[str, str] = {}
        if ServerSideEncryption is not None:
            context["s3:x-amz-server-side-encryption"] = ServerSideEncryption
        if SSEKMSKeyId is not None:
            context["s3:x-amz-server-side-encryption-aws-kms-key-id"] = SSEKMSKeyId
        if SSECustomerAlgorithm is not None:
            context["s3:x-amz-server-side-encryption-customer-algorithm"] = SSECustomerAlgorithm
        self._authorize("s3:PutObject", bucket, Key, **context)
        tags = _parse_tagging(Tagging)
        arn = bucket.object_arn(self.cloud.partition, Key)
        version = ObjectVersion(
            key=Key,
            version_id=bucket.new_version_id(),
            kind=kind,
            sealed=b"",
            etag="",
            size=len(body),
            last_modified=self.cloud.clock.now(),
            # Object Ownership "bucket owner enforced" (the default since April 2023, ACLs disabled):
            # the bucket owner owns every object, whoever wrote it.
            owner=bucket.account,
            tags=tags,
            content_type=ContentType,
            replication_status=_initial_replication_status(bucket, Key, tags, kind),
        )
        if kind == "SSE-C":
            if bucket.encryption.blocks_sse_c:
                raise AccessDenied(
                    f"Requests using SSE-C are blocked on bucket {bucket.name} (BlockedEncryptionTypes).",
                )
            customer_key = self._check_sse_c(SSECustomerAlgorithm, SSECustomerKey, SSECustomerKeyMD5)
            version.sealed = seal(customer_key, body, sse_c_aad(Key))
            version.sse_c_key_md5 = sse_c_key_md5(customer_key)
            version.sse_c_key_hmac = sse_c_fingerprint(customer_key)
        elif kind in ("SSE-KMS", "DSSE-KMS"):
            assert key_id is not None
            bucket_key = kind == "SSE-KMS" and (
                BucketKeyEnabled if BucketKeyEnabled is not None else bucket.encryption.bucket_key_enabled
            )
            encryption_context = kms_encryption_context(self.cloud.partition, bucket.name, Key, bucket_key)
            encryption_context.update(_user_context(SSEKMSEncryptionContext))
            sealed = kms_seal(self._kms(bucket), key_id, encryption_context, body, arn.encode())
            version.sealed = sealed.sealed
            if kind == "DSSE-KMS":
                version.sealed = seal(bucket.s3_owned_key, version.sealed, arn.encode())
            version.kms_key_arn = sealed.key_arn
            version.data_key_blob = sealed.data_key_blob
            version.encryption_context = encryption_context
            version.bucket_key_enabled = bucket_key
        elif kind == "SSE-S3":
            version.sealed = seal(bucket.s3_owned_key, body, arn.encode())
        else:
            version.sealed = body
        version.etag = (
            '"' + hashlib.md5(body if kind in ("NONE", "SSE-S3") else version.sealed).hexdigest() + '"'
        )
        bucket.store(version)
        return (
            _encryption_headers(version)
            | {"ETag": version.etag}
            | ({"VersionId": version.version_id} if bucket.versioning == "Enabled" else {})
        )

    @operation("GetObject")
    def get_object(
        self,
        *,
        Bucket: str,
        Key: str,
        VersionId: str | None = None,
        SSECustomerAlgorithm: str | None = None,
        SSECustomerKey: str | bytes | None = None,
        SSECustomerKeyMD5: str | None = None,
    ) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:GetObject" if VersionId is None else "s3:GetObjectVersion", bucket, Key)
        version = bucket.version(Key, VersionId)
        body = self._open(bucket, version, SSECustomerAlgorithm, SSECustomerKey, SSECustomerKeyMD5)
        return {"Body": StreamingBody(body)} | _metadata(bucket, version)

    @operation("HeadObject")
    def head_object(
        self,
        *,
        Bucket: str,
        Key: str,
        VersionId: str | None = None,
        SSECustomerAlgorithm: str | None = None,
        SSECustomerKey: str | bytes | None = None,
        SSECustomerKeyMD5: str | None = None,
    ) -> dict[str, Any]:
        """Metadata only: S3 decrypts nothing, so no KMS call (an SSE-C object still needs its key,
        checked against the stored HMAC; a wrong or missing key is refused as on GET)."""
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:GetObject" if VersionId is None else "s3:GetObjectVersion", bucket, Key)
        version = bucket.version(Key, VersionId)
        if version.kind == "SSE-C":
            if SSECustomerKey is None:
                raise InvalidRequest(
                    "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
                )
            key = self._check_sse_c(SSECustomerAlgorithm, SSECustomerKey, SSECustomerKeyMD5)
            if not sse_c_matches(key, version.sse_c_key_hmac):
                raise AccessDenied("Forbidden")
        return _metadata(bucket, version)

    def _open(
        self,
        bucket: Bucket,
        version: ObjectVersion,
        algorithm: str | None,
        customer_key: str | bytes | None,
        key_md5: str | None,
    ) -> bytes:
        """Decrypt a stored body for the caller ("Using SSE-C": the same key must be presented)."""
        arn = bucket.object_arn(self.cloud.partition, version.key).encode()
        if version.kind == "SSE-C":
            if customer_key is None:
                raise InvalidRequest(
                    "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
                )
            key = self._check_sse_c(algorithm, customer_key, key_md5)
            if not sse_c_matches(key, version.sse_c_key_hmac):
                raise AccessDenied("Access Denied")
            return open_sealed(key, version.sealed, sse_c_aad(version.key), version.key)
        if customer_key is not None or algorithm is not None:
            raise InvalidRequest("The encryption parameters are not applicable to this object.")
        if version.kind == "NONE":
            return version.sealed
        if version.kind == "SSE-S3":
            return open_sealed(bucket.s3_owned_key, version.sealed, arn, version.key)
        inner = version.sealed
        if version.kind == "DSSE-KMS":
            inner = open_sealed(bucket.s3_owned_key, inner, arn, version.key)
        assert version.data_key_blob is not None
        try:
            data_key = kms_data_key(self._kms(bucket), version.data_key_blob, version.encryption_context)
        except ClientError as error:
            raise kms_error(error) from None
        return open_sealed(data_key, inner, arn, version.key)

    @staticmethod
    def _check_sse_c(algorithm: str | None, key: str | bytes | None, key_md5: str | None) -> bytes:
        if algorithm != "AES256" or key is None:
            raise InvalidArgument(
                "Requests specifying Server Side Encryption with Customer provided keys must provide both "
                "SSECustomerAlgorithm=AES256 and SSECustomerKey.",
            )
        raw = _customer_key(key)
        if len(raw) != 32:
            raise InvalidArgument("The secret key was invalid for the specified algorithm.")
        if key_md5 is not None and key_md5 != sse_c_key_md5(raw):
            raise InvalidArgument(
                "The calculated MD5 hash of the key did not match the hash that was provided.",
            )
        return raw


def _initial_replication_status(
    bucket: Bucket, key: str, tags: dict[str, str], kind: EncryptionKind
) -> str | None:
    """PENDING when a rule selects the new object and its encryption is eligible; else no status."""
    if bucket.replication is None:
        return None
    rule = matching_rule(bucket.replication, key, tags)
    if rule is None or not replication_eligibility(rule, kind).eligible:
        return None
    return "PENDING"


def _metadata(bucket: Bucket, version: ObjectVersion) -> dict[str, Any]:
    """What GetObject and HeadObject return besides the body."""
    response: dict[str, Any] = {
        "ContentLength": version.size,
        "ContentType": version.content_type,
        "ETag": version.etag,
        "LastModified": version.last_modified,
    }
    if bucket.versioning is not None:
        response["VersionId"] = version.version_id
    if version.replication_status is not None:
        response["ReplicationStatus"] = version.replication_status
    return response | _encryption_headers(version)


def _encryption_headers(version: ObjectVersion) -> dict[str, Any]:
    """The SSE fields PutObject/GetObject responses carry."""
    if version.kind == "NONE":
        return {}
    if version.kind == "SSE-C":
        return {"SSECustomerAlgorithm": "AES256", "SSECustomerKeyMD5": version.sse_c_key_md5}
    headers: dict[str, Any] = {"ServerSideEncryption": KIND_TO_ALGORITHM[version.kind]}
    if version.kms_key_arn is not None:
        headers["SSEKMSKeyId"] = version.kms_key_arn
        headers["BucketKeyEnabled"] = version.bucket_key_enabled
    return headers


def _parse_tagging(tagging: str | None) -> dict[str, str]:
    """``Tagging`` is URL query form: ``k1=v1&k2=v2``."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(tagging, keep_blank_values=True)) if tagging else {}


def _user_context(encoded: str | None) -> dict[str, str]:
    """``SSEKMSEncryptionContext``: base64 of a JSON object of string pairs."""
    if encoded is None:
        return {}
    try:
        decoded = json.loads(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise InvalidArgument("The encryption context must be base64-encoded JSON.") from None
    if not isinstance(decoded, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in decoded.items()
    ):
        raise InvalidArgument("The encryption context must be a JSON object of string values.")
    if "aws:s3:arn" in decoded:
        raise InvalidArgument("The encryption context key aws:s3:arn is reserved for S3.")
    return decoded


def _backend_factory(cloud: Cloud, account: str, region: str) -> S3Backend:
    return S3Backend(cloud, account, region)


S3: ServiceSpec[S3Backend] = register_service(ServiceSpec("s3", _backend_factory, S3Client))
