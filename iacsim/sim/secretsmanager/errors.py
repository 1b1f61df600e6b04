"""Errors of the simulated Secrets Manager, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class DecryptionFailure(CodedError):
    pass


class EncryptionFailure(CodedError):
    pass


class InvalidRequestException(CodedError):
    pass


class PublicPolicyException(CodedError):
    pass


class ResourceExistsException(CodedError):
    pass
