"""Errors of the simulated KMS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class AlreadyExistsException(CodedError):
    pass


class DisabledException(CodedError):
    pass


class DryRunOperationException(CodedError, status=412):
    pass


class ExpiredImportTokenException(CodedError):
    pass


class IncorrectKeyException(CodedError):
    pass


class IncorrectKeyMaterialException(CodedError):
    pass


class InvalidArnException(CodedError):
    pass


class InvalidCiphertextException(CodedError):
    pass


class InvalidGrantTokenException(CodedError):
    pass


class InvalidImportTokenException(CodedError):
    pass


class InvalidKeyUsageException(CodedError):
    pass


class InvalidMarkerException(CodedError):
    pass


class KMSInvalidMacException(CodedError):
    pass


class KMSInvalidSignatureException(CodedError):
    pass


class LimitExceededException(CodedError):
    pass


class NotAuthorizedException(CodedError):
    pass


class NotFoundException(CodedError):
    pass


class TagException(CodedError):
    pass


class UnsupportedOperationException(CodedError):
    pass
