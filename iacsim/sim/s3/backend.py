"""S3 state: buckets (global names per partition), versions of objects, encryption at rest.

Object bodies are stored only encrypted (real AES-256-GCM), the way the bucket's or the request's
encryption says; plaintext, data keys and SSE-C keys are never kept or shown in a repr.

Sources: "Protecting data with server-side encryption"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html), SSE-C
("Using server-side encryption with customer-provided keys": S3 keeps a salted HMAC of the key to
validate later requests, never the key), DSSE-KMS (two independent layers).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iacsim.sim.s3.errors import NoSuchBucket, NoSuchKey, NoSuchVersion
from iacsim.sim.s3.rules import (
    DEFAULT_BUCKET_ENCRYPTION,
    BucketEncryption,
    EncryptionKind,
    ReplicationConfiguration,
    bucket_arn,
    object_arn,
)

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM: 12-byte nonce | ciphertext+tag."""
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """Inverse of :func:`seal`; None when the key or AAD is wrong or the data was altered."""
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], aad)
    except (InvalidTag, ValueError):
        return None


@dataclass
class ObjectVersion:
    """One stored version of an object."""

    key: str
    version_id: str
    kind: EncryptionKind
    sealed: bytes = field(repr=False)
    """The body, encrypted (twice for DSSE-KMS)."""
    etag: str
    size: int
    last_modified: datetime
    owner: str
    """Account that owns the object: the bucket owner (Object Ownership "bucket owner enforced")."""
    tags: dict[str, str] = field(default_factory=dict)
    kms_key_arn: str | None = None
    data_key_blob: bytes | None = field(default=None, repr=False)
    """KMS ciphertext of the data key (SSE-KMS, DSSE-KMS)."""
    encryption_context: dict[str, str] = field(default_factory=dict)
    """What S3 sent to KMS: ``aws:s3:arn`` plus any SSEKMSEncryptionContext."""
    bucket_key_enabled: bool = False
    sse_c_key_md5: str | None = None
    sse_c_key_hmac: bytes | None = field(default=None, repr=False)
    replication_status: str | None = None
    """PENDING / COMPLETED / FAILED on sources, REPLICA on replicas (None: not replicated)."""
    content_type: str = "binary/octet-stream"


@dataclass
class Bucket:
    name: str
    account: str
    region: str
    created: datetime
    s3_owned_key: bytes = field(repr=False)
    """The S3 managed key behind SSE-S3 and the outer DSSE layer of this bucket."""
    versioning: str | None = None
    """None (never enabled), ``Enabled`` or ``Suspended``."""
    object_lock_enabled: bool = False
    """Object Lock (set at creation; a replication source with it needs it on the destination)."""
    encryption: BucketEncryption = DEFAULT_BUCKET_ENCRYPTION
    policy: dict[str, Any] | None = None
    replication: ReplicationConfiguration | None = None
    objects: dict[str, list[ObjectVersion]] = field(default_factory=dict)
    """key -> versions, oldest first."""

    def arn(self, partition: str) -> str:
        return bucket_arn(partition, self.name)

    def object_arn(self, partition: str, key: str) -> str:
        return object_arn(partition, self.name, key)

    def version(self, key: str, version_id: str | None) -> ObjectVersion:
        versions = self.objects.get(key)
        if not versions:
            raise NoSuchKey("The specified key does not exist.")
        if version_id is None:
            return versions[-1]
        for version in versions:
            if version.version_id == version_id:
                return version
        raise NoSuchVersion("The specified version does not exist.")

    def store(self, version: ObjectVersion) -> None:
        """Add a version; without versioning the previous (``null``) version is replaced."""
        versions = self.objects.setdefault(version.key, [])
        if self.versioning != "Enabled":
            versions[:] = [v for v in versions if v.version_id != "null"]
        versions.append(version)

    def new_version_id(self) -> str:
        return secrets.token_urlsafe(24) if self.versioning == "Enabled" else "null"


def sse_c_fingerprint(customer_key: bytes, salt: bytes | None = None) -> bytes:
    """A salted HMAC of an SSE-C key (salt | HMAC-SHA256), what S3 keeps to check later requests."""
    salt = os.urandom(16) if salt is None else salt
    return salt + hmac.new(salt, customer_key, hashlib.sha256).digest()


def sse_c_matches(customer_key: bytes, fingerprint: bytes | None) -> bool:
    if fingerprint is None:
        return False
    return hmac.compare_digest(sse_c_fingerprint(customer_key, fingerprint[:16]), fingerprint)


def sse_c_aad(key: str) -> bytes:
    """SSE-C bodies are bound to the object key only: replication copies them still encrypted
    (S3 never holds the customer key), into a bucket of another name."""
    return b"sse-c:" + key.encode()


def sse_c_key_md5(customer_key: bytes) -> str:
    """``SSECustomerKeyMD5`` as S3 returns it: base64 of the key's MD5."""
    return base64.b64encode(hashlib.md5(customer_key).digest()).decode()


class S3Backend:
    """Buckets created in one account and region (names are global: see :func:`find_bucket`)."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.buckets: dict[str, Bucket] = {}

    def create(self, name: str) -> Bucket:
        bucket = Bucket(
            name=name,
            account=self.account,
            region=self.region,
            created=self.cloud.clock.now(),
            s3_owned_key=os.urandom(32),
        )
        self.buckets[name] = bucket
        return bucket


def find_bucket(cloud: Cloud, name: str) -> Bucket | None:
    """Bucket names are unique in a partition: look through every account and region."""
    backends = cloud.backends("s3")
    for account in backends:
        for backend in backends[account].existing().values():
            found: Bucket | None = backend.buckets.get(name)
            if found is not None:
                return found
    return None


def get_bucket(cloud: Cloud, name: str) -> Bucket:
    bucket = find_bucket(cloud, name)
    if bucket is None:
        raise NoSuchBucket("The specified bucket does not exist")
    return bucket
