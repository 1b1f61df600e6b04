"""Errors of the simulated DynamoDB, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class ResourceInUseException(CodedError):
    pass
