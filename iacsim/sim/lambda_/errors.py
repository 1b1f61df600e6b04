"""Errors of the simulated Lambda, one class per AWS error code (as moto names them).

Raising a class instead of ``AwsError("Code", ...)`` lets code and tests catch one error by name;
the ``ClientError`` a caller sees is unchanged (same code, message and HTTP status). Errors that
several services share are in :mod:`iacsim.sim.errors`.
"""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class InvalidParameterValueException(CodedError):
    pass


class ResourceConflictException(CodedError, status=409):
    pass
