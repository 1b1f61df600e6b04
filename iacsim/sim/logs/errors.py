"""Errors of the simulated CloudWatch Logs, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class ResourceAlreadyExistsException(CodedError):
    pass


class ServiceUnavailableException(CodedError, status=500):
    pass
