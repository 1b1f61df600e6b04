"""Errors of the simulated Parameter Store, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class HierarchyLevelLimitExceededException(CodedError):
    pass


class HierarchyTypeMismatchException(CodedError):
    pass


class IncompatiblePolicyException(CodedError):
    pass


class InvalidAllowedPatternException(CodedError):
    pass


class InvalidKeyId(CodedError):
    pass


class InvalidNextToken(CodedError):
    pass


class InvalidPolicyAttributeException(CodedError):
    pass


class InvalidPolicyTypeException(CodedError):
    pass


class ParameterAlreadyExists(CodedError):
    pass


class ParameterLimitExceeded(CodedError):
    pass


class ParameterMaxVersionLimitExceeded(CodedError):
    pass


class ParameterNotFound(CodedError):
    pass


class ParameterPatternMismatchException(CodedError):
    pass


class ParameterVersionLabelLimitExceeded(CodedError):
    pass


class ParameterVersionNotFound(CodedError):
    pass


class PoliciesLimitExceededException(CodedError):
    pass
