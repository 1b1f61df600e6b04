"""Errors raised by the simulated AWS clients, shaped like botocore's.

Service code raises :class:`AwsError` (an AWS error code plus message); the
client layer turns it into :class:`ClientError` carrying the operation name,
exactly the shape ``botocore.exceptions.ClientError`` has, so code written
against boto3 (``e.response["Error"]["Code"]``, ``e.operation_name``) works
unchanged.

Error messages never contain secret values (plaintext, key material,
SecureString values): callers build messages from identifiers only.
"""

from __future__ import annotations

from typing import Any


class AwsError(Exception):
    """An AWS service error raised inside a simulated service.

    ``code`` is the AWS error code (``NotFoundException``,
    ``InvalidCiphertextException``...), ``status`` the HTTP status AWS returns.
    """

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


class ClientError(Exception):
    """Same shape as ``botocore.exceptions.ClientError``.

    ``response`` is ``{"Error": {"Code", "Message"}, "ResponseMetadata":
    {"HTTPStatusCode"}}`` and ``operation_name`` the API operation
    (``"Decrypt"``); ``str(e)`` reads like botocore's message.
    """

    def __init__(self, error_response: dict[str, Any], operation_name: str) -> None:
        error = error_response.get("Error", {})
        code = error.get("Code", "Unknown")
        message = error.get("Message", "Unknown")
        super().__init__(f"An error occurred ({code}) when calling the {operation_name} operation: {message}")
        self.response: dict[str, Any] = error_response
        self.operation_name = operation_name

    @classmethod
    def from_aws_error(cls, error: AwsError, operation_name: str) -> ClientError:
        return cls(
            {
                "Error": {"Code": error.code, "Message": error.message},
                "ResponseMetadata": {"HTTPStatusCode": error.status},
            },
            operation_name,
        )


class UnsupportedParameterError(NotImplementedError):
    """A boto3 parameter the simulator does not implement.

    Raised instead of silently ignoring the parameter, so a test never passes
    because the simulator skipped part of the request.
    """

    def __init__(self, service: str, operation: str, parameters: list[str]) -> None:
        names = ", ".join(parameters)
        super().__init__(f"{service}.{operation}: parameter(s) {names} not supported by the iacsim simulator")
        self.service = service
        self.operation = operation
        self.parameters = parameters


class UnsupportedOperationError(NotImplementedError):
    """A boto3 operation the simulator does not implement."""

    def __init__(self, service: str, method: str) -> None:
        super().__init__(f"{service}.{method} is not implemented by the iacsim simulator")
        self.service = service
        self.method = method


class ParamValidationError(ValueError):
    """Like botocore's ParamValidationError: a missing required parameter, or
    positional arguments (boto3 operations take keyword arguments only)."""
