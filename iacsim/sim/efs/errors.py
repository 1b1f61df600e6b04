"""Errors of the simulated EFS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class BadRequest(CodedError):
    pass


class FileSystemAlreadyExists(CodedError, status=409):
    pass


class FileSystemNotFound(CodedError, status=404):
    pass
