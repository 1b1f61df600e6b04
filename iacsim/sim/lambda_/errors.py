"""Errors of the simulated Lambda, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class InvalidParameterValueException(CodedError):
    pass


class ResourceConflictException(CodedError, status=409):
    pass
