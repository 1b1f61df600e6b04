"""Errors of the simulated RDS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class DBClusterAlreadyExistsFault(CodedError):
    pass


class DBClusterNotFoundFault(CodedError, status=404):
    pass


class DBInstanceAlreadyExists(CodedError):
    pass


class DBInstanceNotFound(CodedError, status=404):
    pass


class DBSnapshotNotFound(CodedError, status=404):
    pass


class KMSKeyNotAccessibleFault(CodedError):
    pass
