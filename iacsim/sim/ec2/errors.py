"""Errors of the simulated EC2, one class per AWS error code (see :mod:`iacsim.sim.errors`)."""

from __future__ import annotations

from iacsim.sim.errors import CodedError


class AuthFailure(CodedError):
    pass


class InvalidAMIAttributeItemValue(CodedError):
    pass


class InvalidAmiIdNotFound(CodedError, code="InvalidAMIID.NotFound"):
    pass


class InvalidAmiNameDuplicate(CodedError, code="InvalidAMIName.Duplicate"):
    pass


class InvalidBlockDeviceMapping(CodedError):
    pass


class InvalidInstanceIdNotFound(CodedError, code="InvalidInstanceID.NotFound"):
    pass


class InvalidParameterDependency(CodedError):
    pass


class InvalidSnapshotNotFound(CodedError, code="InvalidSnapshot.NotFound"):
    pass


class InvalidVolumeNotFound(CodedError, code="InvalidVolume.NotFound"):
    pass


class UnauthorizedOperation(CodedError):
    pass
