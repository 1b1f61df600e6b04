"""Bucket operations of the simulated S3 client: CreateBucket, versioning, default encryption,
bucket policy, replication configuration.

API reference: https://docs.aws.amazon.com/AmazonS3/latest/API/ ; docs/aws-behaviour.md §11.
"""

from __future__ import annotations

import json
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.aws.violation import Violation
from iacsim.policy import PolicyError, compile_policy
from iacsim.sim.authz import require
from iacsim.sim.client import operation
from iacsim.sim.errors import AccessDenied, UnsupportedParameterError
from iacsim.sim.s3.backend import find_bucket, get_bucket
from iacsim.sim.s3.base import S3Base, check_bucket_name, raise_violation
from iacsim.sim.s3.errors import (
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    IllegalLocationConstraintException,
    InvalidBucketState,
    InvalidRequest,
    MalformedPolicy,
    MalformedXML,
    MethodNotAllowed,
    NoSuchBucketPolicy,
    ReplicationConfigurationNotFoundError,
)
from iacsim.sim.s3.rules import parse_encryption_configuration, parse_replication_configuration


class S3BucketsMixin(S3Base):
    """The bucket operations of :class:`iacsim.sim.s3.S3Client`."""

    @operation("CreateBucket")
    def create_bucket(
        self,
        *,
        Bucket: str,
        CreateBucketConfiguration: dict[str, Any] | None = None,
        ObjectLockEnabledForBucket: bool = False,
    ) -> dict[str, Any]:
        """New buckets get SSE-S3 default encryption and SSE-C blocked (docs/aws-behaviour.md §11).

        ``ObjectLockEnabledForBucket`` turns Object Lock on, which also enables versioning; neither can
        be turned off afterwards ("Object Lock considerations":
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html)."""
        check_bucket_name(Bucket)
        location = (CreateBucketConfiguration or {}).get("LocationConstraint")
        if (CreateBucketConfiguration or {}).keys() - {"LocationConstraint"}:
            raise UnsupportedParameterError(
                "s3", "CreateBucket", sorted(set(CreateBucketConfiguration or {}) - {"LocationConstraint"})
            )
        if self.region == "us-east-1":
            if location not in (None, "us-east-1"):
                raise IllegalLocationConstraintException(
                    f"The {location} location constraint is incompatible for the region specific endpoint this request was sent to.",
                )
        elif location != self.region:
            raise IllegalLocationConstraintException(
                f"The {location or 'unspecified'} location constraint is incompatible for the region specific "
                "endpoint this request was sent to.",
            )
        require(
            self.cloud,
            self.caller,
            "s3:CreateBucket",
            str(Arn.s3_bucket(self.cloud.partition, Bucket)),
            resource_account=self.account,
            error=AccessDenied,
            region=self.region,
        )
        existing = find_bucket(self.cloud, Bucket)
        if existing is not None:
            if existing.account != self.account:
                raise BucketAlreadyExists("The requested bucket name is not available.")
            if not (existing.region == self.region == "us-east-1"):
                raise BucketAlreadyOwnedByYou(
                    "Your previous request to create the named bucket succeeded and you already own it.",
                )
            return {"Location": f"/{Bucket}"}
        bucket = self._backend().create(Bucket)
        if ObjectLockEnabledForBucket:
            bucket.object_lock_enabled = True
            bucket.versioning = "Enabled"
        return {"Location": f"/{Bucket}"}

    @operation("PutBucketVersioning")
    def put_bucket_versioning(
        self, *, Bucket: str, VersioningConfiguration: dict[str, Any]
    ) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:PutBucketVersioning", bucket)
        unsupported = set(VersioningConfiguration) - {"Status"}
        if unsupported:
            raise UnsupportedParameterError(
                "s3", "PutBucketVersioning", sorted(f"VersioningConfiguration.{k}" for k in unsupported)
            )
        status = VersioningConfiguration.get("Status")
        if status not in ("Enabled", "Suspended"):
            raise MalformedXML(
                "The XML you provided was not well-formed or did not validate against our published schema",
            )
        if bucket.object_lock_enabled and status == "Suspended":
            raise InvalidBucketState(
                "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.",
            )
        if bucket.replication is not None and status == "Suspended":
            raise InvalidBucketState(
                "Replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.",
            )
        bucket.versioning = status
        return {}

    @operation("GetBucketVersioning")
    def get_bucket_versioning(self, *, Bucket: str) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:GetBucketVersioning", bucket)
        return {"Status": bucket.versioning} if bucket.versioning else {}

    @operation("PutBucketEncryption")
    def put_bucket_encryption(
        self, *, Bucket: str, ServerSideEncryptionConfiguration: dict[str, Any]
    ) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:PutEncryptionConfiguration", bucket)
        parsed = parse_encryption_configuration(ServerSideEncryptionConfiguration)
        if isinstance(parsed, Violation):
            raise_violation(parsed)
        else:
            bucket.encryption = parsed
        return {}

    @operation("GetBucketEncryption")
    def get_bucket_encryption(self, *, Bucket: str) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:GetEncryptionConfiguration", bucket)
        return {"ServerSideEncryptionConfiguration": {"Rules": [bucket.encryption.to_rule()]}}

    @operation("PutBucketPolicy")
    def put_bucket_policy(self, *, Bucket: str, Policy: str) -> dict[str, Any]:
        """Only identities of the bucket owner's account can set its policy (405 otherwise)."""
        bucket = get_bucket(self.cloud, Bucket)
        if self.account != bucket.account:
            raise MethodNotAllowed(
                "The specified method is not allowed against this resource."
            )
        self._authorize("s3:PutBucketPolicy", bucket)
        try:
            document = json.loads(Policy)
        except json.JSONDecodeError:
            raise MalformedPolicy(
                "Policies must be valid JSON and the first byte must be '{'"
            ) from None
        if not isinstance(document, dict) or "Statement" not in document:
            raise MalformedPolicy("Missing required field Statement")
        try:
            compile_policy(document, "resource")
        except PolicyError as error:
            raise MalformedPolicy(str(error)) from None
        bucket.policy = document
        return {}

    @operation("GetBucketPolicy")
    def get_bucket_policy(self, *, Bucket: str) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:GetBucketPolicy", bucket)
        if bucket.policy is None:
            raise NoSuchBucketPolicy("The bucket policy does not exist")
        return {"Policy": json.dumps(bucket.policy)}

    @operation("PutBucketReplication")
    def put_bucket_replication(
        self, *, Bucket: str, ReplicationConfiguration: dict[str, Any]
    ) -> dict[str, Any]:
        """Versioning must be enabled on the source and every destination the simulation knows.

        The replica KMS key is not checked here, as S3 does not (docs/aws-behaviour.md §11); the replay
        (``cloud.s3_replicate``) reports a wrong-region or unusable key.
        """
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:PutReplicationConfiguration", bucket)
        if bucket.versioning != "Enabled":
            raise InvalidRequest(
                "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
            )
        parsed = parse_replication_configuration(ReplicationConfiguration)
        if isinstance(parsed, Violation):
            raise_violation(parsed)
            return {}
        for rule in parsed.rules:
            destination = find_bucket(self.cloud, rule.destination_bucket)
            if destination is None:
                raise InvalidRequest("Destination bucket must exist.")
            if destination.versioning != "Enabled":
                raise InvalidRequest("Destination bucket must have versioning enabled.")
        bucket.replication = parsed
        return {}

    @operation("GetBucketReplication")
    def get_bucket_replication(self, *, Bucket: str) -> dict[str, Any]:
        bucket = get_bucket(self.cloud, Bucket)
        self._authorize("s3:GetReplicationConfiguration", bucket)
        if bucket.replication is None:
            raise ReplicationConfigurationNotFoundError(
                "The replication configuration was not found"
            )
        return {"ReplicationConfiguration": dict(bucket.replication.raw)}
