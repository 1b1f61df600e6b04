"""The error :mod:`iacsim.testing` raises for a call the simulator cannot answer.

``NotSimulated`` is deliberately **not** a ``botocore.exceptions.ClientError``: application code commonly
catches ``ClientError`` and carries on (``except ClientError: create the parameter``), so an unimplemented
service, operation or parameter raised as one could turn into a silent fake success — the thing the
interception must never do. As a ``NotImplementedError`` (like the simulator's own
``UnsupportedOperationError``) it escapes ``except ClientError`` and ``except BotoCoreError`` and fails the
test, naming what is missing. Importing this module needs neither boto3 nor botocore.
"""

from __future__ import annotations


class NotSimulated(NotImplementedError):
    """A boto3 call reached a service, operation or parameter the iacsim simulator does not implement."""

    def __init__(self, service: str, operation: str, what: str) -> None:
        super().__init__(
            f"{service}.{operation} ({what}) is not simulated by iacsim: the call was not made. "
            f"`python -m iacsim.testing.operations` lists what is."
        )
        self.service = service
        self.operation = operation
        self.what = what
