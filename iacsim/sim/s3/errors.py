"""Errors of the simulated S3, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class BucketAlreadyExists(CodedError, status=409):
    pass


class BucketAlreadyOwnedByYou(CodedError, status=409):
    pass


class IllegalLocationConstraintException(CodedError):
    pass


class InvalidArgument(CodedError):
    pass


class InvalidBucketName(CodedError):
    pass


class InvalidBucketState(CodedError, status=409):
    pass


class InvalidRequest(CodedError):
    pass


class MalformedPolicy(CodedError):
    pass


class MalformedXML(CodedError):
    pass


class MethodNotAllowed(CodedError, status=405):
    pass


class NoSuchBucket(CodedError, status=404):
    pass


class NoSuchBucketPolicy(CodedError, status=404):
    pass


class NoSuchKey(CodedError, status=404):
    pass


class NoSuchVersion(CodedError, status=404):
    pass


class ReplicationConfigurationNotFoundError(CodedError, status=404):
    pass
