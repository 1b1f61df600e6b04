"""Errors of the simulated CloudTrail, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class InsufficientEncryptionPolicyException(CodedError):
    pass


class InsufficientS3BucketPolicyException(CodedError):
    pass


class InsufficientSnsTopicPolicyException(CodedError):
    pass


class InvalidCloudWatchLogsLogGroupArnException(CodedError):
    pass


class InvalidCloudWatchLogsRoleArnException(CodedError):
    pass


class InvalidSnsTopicNameException(CodedError):
    pass


class KmsException(CodedError):
    pass


class KmsKeyNotFoundException(CodedError):
    pass


class S3BucketDoesNotExistException(CodedError):
    pass


class TrailAlreadyExistsException(CodedError):
    pass


class TrailNotFoundException(CodedError):
    pass
