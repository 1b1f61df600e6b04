"""Errors of the simulated SNS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class AuthorizationError(CodedError):
    pass


class NotFound(CodedError, status=404):
    pass
