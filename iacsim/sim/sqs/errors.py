"""Errors of the simulated SQS, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

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
