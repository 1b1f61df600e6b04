"""Errors of the simulated ECS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class ClientException(CodedError):
    pass
