"""Errors of the simulated IAM and STS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class DeleteConflict(CodedError, status=409):
    pass


class EntityAlreadyExists(CodedError, status=409):
    pass


class InvalidInput(CodedError):
    pass


class LimitExceeded(CodedError, status=409):
    pass


class MalformedPolicyDocument(CodedError):
    pass


class NoSuchEntity(CodedError, status=404):
    pass


class UnrecognizedClientException(CodedError):
    pass


class ValidationError(CodedError):
    pass


class UnmodifiableEntity(CodedError):
    """Service-linked roles are protected: only the service that depends on one may change or delete it."""
