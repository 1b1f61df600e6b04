"""Errors of the simulated SQS, one class per AWS error code (as moto names them).

Raising a class instead of ``AwsError("Code", ...)`` lets code and tests catch one error by name;
the ``ClientError`` a caller sees is unchanged (same code, message and HTTP status). Errors that
several services share are in :mod:`iacsim.sim.errors`.
"""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class InvalidAddress(CodedError):
    pass


class InvalidAttributeName(CodedError):
    pass


class InvalidAttributeValue(CodedError):
    pass


class QueueAlreadyExists(CodedError):
    pass


class QueueDoesNotExist(CodedError, code="AWS.SimpleQueueService.NonExistentQueue"):
    pass
