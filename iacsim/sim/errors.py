"""Errors raised by the simulated AWS clients, shaped like botocore's.

Service code raises an :class:`AwsError`: one class per AWS error code, as moto
does (``raise NotFoundException("Key 'x' does not exist")``), defined in the
service's ``errors.py`` or, when several services answer with the code, here.
The client layer turns it into :class:`ClientError` carrying the operation
name, exactly the shape ``botocore.exceptions.ClientError`` has, so code
written against boto3 (``e.response["Error"]["Code"]``, ``e.operation_name``)
works unchanged.

Error messages never contain secret values (plaintext, key material,
SecureString values): callers build messages from identifiers only.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AwsError(Exception):
    """An AWS service error raised inside a simulated service.

    ``code`` is the AWS error code (``NotFoundException``,
    ``InvalidCiphertextException``...), ``status`` the HTTP status AWS returns.
    Raise a :class:`CodedError` subclass; ``AwsError`` itself is for codes only
    known at run time (use :func:`aws_error` to get the class when there is one).
    """

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


_BY_CODE: dict[str, type[CodedError]] = {}


class CodedError(AwsError):
    """An :class:`AwsError` whose class is the AWS error code, so callers catch it by name.

    The code is the class name, or ``code=`` when the AWS code is not a Python name
    (``class InvalidAmiIdNotFound(CodedError, code="InvalidAMIID.NotFound")``); ``status=`` is the
    HTTP status AWS usually answers with, and a raise site that answers differently passes its own.
    Each code has exactly one class, so :func:`aws_error` can find it.
    """

    error_code: ClassVar[str] = ""
    default_status: ClassVar[int] = 400

    def __init_subclass__(cls, *, code: str | None = None, status: int = 400, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.error_code = code or cls.__name__
        cls.default_status = status
        existing = _BY_CODE.get(cls.error_code)
        if existing is not None and _qualified(existing) != _qualified(cls):  # a module reload is no duplicate
            raise TypeError(f"AWS error code {cls.error_code!r} already has the class {_qualified(existing)}")
        _BY_CODE[cls.error_code] = cls

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(self.error_code, message, self.default_status if status is None else status)


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def aws_error(code: str, message: str, status: int | None = None) -> AwsError:
    """The error for a code known only at run time (a rule's :class:`~iacsim.aws.violation.Violation`,
    KMS's code relayed by another service): an instance of the code's class when one is defined."""
    found = _BY_CODE.get(code)
    if found is not None:
        return found(message, status)
    return AwsError(code, message, 400 if status is None else status)


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


class Undecidable(Exception):
    """The call's outcome depends on something the scan does not know, so the simulator will not guess.

    Not an AWS error: AWS would decide, but the simulated cloud lacks the information (an identity policy
    of a type iacsim does not translate, a managed policy whose document is not known, a key policy
    statement naming an ARN known only after apply). ``reason`` names what is missing and, where there
    is one, how to supply it. Flows turn it into an ``unknown`` step; nothing turns it into a deny.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermissionsUnknown(Undecidable):
    """Undecidable because the caller's own permission set is incomplete (policies the scan does not have),
    as opposed to a value in a known policy that is only known after apply."""


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


# -- codes that several simulated services answer with --------------------------------------------------


class AccessDenied(CodedError, status=403):
    pass


class AccessDeniedException(CodedError):
    pass


class InternalError(CodedError):
    pass


class InvalidParameter(CodedError):
    pass


class InvalidParameterCombination(CodedError):
    pass


class InvalidParameterException(CodedError):
    pass


class InvalidParameterValue(CodedError):
    pass


class KMSAccessDeniedException(CodedError):
    pass


class KMSDisabledException(CodedError):
    pass


class KMSInvalidStateException(CodedError):
    pass


class KMSNotFoundException(CodedError):
    pass


class KmsAccessDenied(CodedError, code="KMS.AccessDeniedException"):
    pass


class KmsDisabled(CodedError, code="KMS.DisabledException"):
    pass


class KmsInvalidKeyUsage(CodedError, code="KMS.InvalidKeyUsageException"):
    pass


class KmsInvalidState(CodedError, code="KMS.InvalidStateException"):
    pass


class KmsNotFound(CodedError, code="KMS.NotFoundException"):
    pass


class MalformedPolicyDocumentException(CodedError):
    pass


class MissingParameter(CodedError):
    pass


class ResourceNotFoundException(CodedError):
    pass


class ValidationException(CodedError):
    pass
