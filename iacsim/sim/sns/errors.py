"""Errors of the simulated SNS, one class per AWS error code (as moto names them).

Raising a class instead of ``AwsError("Code", ...)`` lets code and tests catch one error by name;
the ``ClientError`` a caller sees is unchanged (same code, message and HTTP status). Errors that
several services share are in :mod:`iacsim.sim.errors`.
"""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class AuthorizationError(CodedError):
    pass


class NotFound(CodedError, status=404):
    pass
