"""Shared base of the simulated S3 client.

The client is split by idea: :mod:`iacsim.sim.s3.buckets` (bucket configuration) and
:mod:`iacsim.sim.s3.client` (objects; registers the service). Authorization: the caller's IAM policies and the
bucket policy (same account: either may allow; cross-account: both must).
"""

from __future__ import annotations

from typing import Any, Final

from iacsim.aws.violation import Violation
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient
from iacsim.sim.errors import AccessDenied, aws_error
from iacsim.sim.s3.backend import Bucket, S3Backend
from iacsim.sim.s3.errors import InvalidBucketName

_BUCKET_NAME_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def raise_violation(violation: Violation) -> None:
    raise aws_error(violation.code, violation.message)


def check_bucket_name(name: str) -> None:
    """Bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html):
    3–63 characters, lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit."""
    if (
        not 3 <= len(name) <= 63
        or set(name) - _BUCKET_NAME_CHARS
        or not (name[0].isalnum() and name[-1].isalnum())
        or ".." in name
    ):
        raise InvalidBucketName("The specified bucket is not valid.")


class S3Base(BaseClient):
    """Backend access, authorization (IAM + bucket policy) and KMS-via-S3 shared by the S3 operations."""

    service_name = "s3"

    def _backend(self) -> S3Backend:
        backend: S3Backend = self.cloud.backends("s3")[self.account][self.region]
        return backend

    def _authorize(self, action: str, bucket: Bucket, key: str | None = None, **context: str) -> None:
        resource = (
            bucket.arn(self.cloud.partition) if key is None else bucket.object_arn(self.cloud.partition, key)
        )
        require(
            self.cloud,
            self.caller,
            action,
            resource,
            resource_account=bucket.account,
            resource_policy=bucket.policy,
            error=AccessDenied,
            region=bucket.region,
            context=context or None,
        )

    def _kms(self, bucket: Bucket) -> Any:
        return self.cloud.via("s3", "kms", bucket.region, self.caller)
