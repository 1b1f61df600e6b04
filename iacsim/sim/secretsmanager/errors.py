"""Errors of the simulated Secrets Manager, one class per AWS error code (as moto names them).

Raising a class instead of ``AwsError("Code", ...)`` lets code and tests catch one error by name;
the ``ClientError`` a caller sees is unchanged (same code, message and HTTP status). Errors that
several services share are in :mod:`iacsim.sim.errors`.
"""

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
