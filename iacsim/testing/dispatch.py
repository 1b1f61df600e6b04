"""The hook that answers botocore calls from the simulated cloud.

botocore emits ``before-call.<service>.<Operation>`` after it has validated the parameters against the
service model and serialized the request; a handler that returns ``(http_response, parsed)`` is the
response, and no request is sent (botocore's ``Stubber`` works this way). botocore then runs its
``after-call`` handlers and, for a status >= 300, raises ``client.exceptions.from_code(code)`` — its own
``ClientError`` subclass. So the hook answers at ``before-call``, and botocore keeps validating, parsing
and raising as it does against AWS.

Every client's event emitter is a *copy* of its session's, taken when the client is made, so a handler
registered on a session later never reaches a client that already exists. While a mock is active,
``BaseClient._make_api_call`` — the one path every client, paginator, waiter and resource call takes — is
wrapped to register the handlers on the calling client's own emitter before the call (once per emitter):
clients made before the context, inside it, in any thread or from any ``boto3.Session`` are answered alike.
The handlers answer only while a mock is active; the outermost exit restores ``_make_api_call`` and
removes them. The wrapper also keeps a converted copy of the caller's parameters: botocore's
``before-parameter-build`` handlers rewrite some in place for the wire (S3's SSE-C key, EC2's user data) and
the service-specific ones run before any handler registered on the general event, so the parameters cannot
be taken from an event. Events: https://docs.aws.amazon.com/botocore/latest/topics/events.html
"""

from __future__ import annotations

import functools
import threading
import uuid
import weakref
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Protocol

from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.client import BaseClient
from botocore.model import OperationModel

from iacsim.sim import ClientError as SimClientError
from iacsim.sim import ParamValidationError as SimParamValidationError
from iacsim.sim import UnsupportedOperationError, UnsupportedParameterError, audit
from iacsim.sim.cloud import service_spec
from iacsim.sim.principal import Caller
from iacsim.testing import shapes
from iacsim.testing.errors import NotSimulated

if TYPE_CHECKING:
    from iacsim.sim import Cloud
    from iacsim.testing.identity import Identity


class Target(Protocol):
    """What the hook answers from: the innermost active mock."""

    region: str

    @property
    def cloud(self) -> Cloud: ...

    @property
    def identity(self) -> Identity: ...


_requests: ContextVar[tuple[dict[str, Any], ...]] = ContextVar("iacsim_testing_requests", default=())
"""Parameters of the calls in progress in this thread, innermost last, as the simulator takes them."""
_UNIQUE = "iacsim.testing."

_lock = threading.RLock()
_active: list[Target] = []
_original: Any = None
_emitters: weakref.WeakSet[Any] = weakref.WeakSet()


def current() -> Target | None:
    """The innermost active mock, or ``None``."""
    stack = _active
    return stack[-1] if stack else None


def activate(target: Target) -> None:
    """Answer every botocore call from ``target`` until :func:`deactivate`."""
    global _original
    with _lock:
        if not _active:
            _original = BaseClient._make_api_call
            BaseClient._make_api_call = _wrap(_original)
        _active.append(target)


def deactivate(target: Target) -> None:
    """Stop answering from ``target``; the outermost one restores botocore."""
    global _original
    with _lock:
        _active.remove(target)
        if _active:
            return
        BaseClient._make_api_call = _original
        _original = None
        for events in list(_emitters):
            events.unregister("before-call", unique_id=_UNIQUE + "answer")
            events.unregister("before-endpoint-resolution", unique_id=_UNIQUE + "account")
        _emitters.clear()


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def _make_api_call(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        events = self.meta.events
        if events not in _emitters:
            with _lock:
                if events not in _emitters:
                    events.register_first("before-call", _answer, unique_id=_UNIQUE + "answer")
                    events.register_first("before-endpoint-resolution", _no_account_id,
                                          unique_id=_UNIQUE + "account")
                    _emitters.add(events)
        # The caller's parameters, copied before botocore's handlers change them in place for the wire
        # (S3's SSE-C key and body, EC2's user data, idempotency tokens); a call made while resolving this
        # one would stack its own.
        shape = self.meta.service_model.operation_model(operation_name).input_shape
        token = _requests.set((*_requests.get(), shapes.to_simulator(api_params, shape) if shape else {}))
        try:
            return original(self, operation_name, api_params)
        finally:
            _requests.reset(token)

    return _make_api_call


def _no_account_id(builtins: dict[str, Any], **_: Any) -> None:
    """Resolve endpoints without the account id, which would read (and maybe refresh) credentials."""
    if current() is not None and "AWS::Auth::AccountId" in builtins:
        builtins["AWS::Auth::AccountId"] = None


def _answer(model: OperationModel, context: dict[str, Any], request_signer: Any = None,
            **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
    target = current()
    if target is None:
        return None
    principal = target.identity.principal_for(_access_key(request_signer))
    region = context.get("client_region") or target.region
    requests = _requests.get()
    return answer(target, model, requests[-1] if requests else {}, region, principal)


def _access_key(signer: Any) -> str | None:
    """The access key id a client signs with, read without refreshing its credentials (a refresh of
    real ones could reach the network)."""
    credentials = getattr(signer, "_credentials", None)
    if credentials is None:
        return None
    attributes = vars(credentials)
    key = attributes.get("access_key", attributes.get("_access_key"))
    return key if isinstance(key, str) else None


def answer(target: Target, model: OperationModel, params: dict[str, Any], region: str,
           principal: str) -> tuple[AWSResponse, dict[str, Any]]:
    """Make the call on the simulated cloud as ``principal``; the response as botocore would parse it."""
    service_model = model.service_model
    service, operation = service_model.service_name, model.name
    method = _simulated_method(service, operation)
    cloud = target.cloud
    try:
        client = cloud.client_for(service, region, Caller(cloud.principal(principal=principal)))
    except ValueError as err:  # a Region the partition lacks: AWS has no endpoint there
        raise NotSimulated(service, operation, str(err)) from None
    with audit.capture() as records:
        try:
            result = getattr(client, method)(**params)
        except SimClientError as err:
            error = err.response["Error"]
            code, message = error["Code"], error["Message"]
            status = shapes.error_status(service_model, code) or err.response["ResponseMetadata"]["HTTPStatusCode"]
            request_id = _request_id(records)
            parsed = {"Error": shapes.error_body(service_model, code, message, status),
                      "ResponseMetadata": shapes.response_metadata(request_id, status, cloud.clock.now())}
            return AWSResponse(None, status, {"x-amzn-requestid": request_id}, None), parsed
        except UnsupportedParameterError as err:
            raise NotSimulated(service, operation, f"parameter(s) {', '.join(err.parameters)}") from None
        except UnsupportedOperationError:
            raise NotSimulated(service, operation, "operation") from None
        except SimParamValidationError as err:  # botocore accepted it: a form of the call the simulator lacks
            raise NotSimulated(service, operation, str(err)) from None
    request_id = _request_id(records)
    parsed = shapes.from_simulator(result, model.output_shape, service_model.protocol) if model.output_shape else {}
    status = shapes.success_status(model)
    parsed["ResponseMetadata"] = shapes.response_metadata(request_id, status, cloud.clock.now())
    if service == "sts" and operation == "AssumeRole":
        target.identity.bind(result["Credentials"]["AccessKeyId"], result["AssumedRoleUser"]["Arn"])
    return AWSResponse(None, status, {"x-amzn-requestid": request_id}, None), parsed


def _simulated_method(service: str, operation: str) -> str:
    """The simulated client's method for ``operation``, or :class:`NotSimulated`."""
    try:
        spec = service_spec(service)
    except NotImplementedError:
        raise NotSimulated(service, operation, "service") from None
    name: str = xform_name(operation)
    method = getattr(spec.client_class, name, None)
    if getattr(method, "operation_name", None) != operation:
        raise NotSimulated(service, operation, "operation")
    return name


def _request_id(records: list[dict[str, Any]]) -> str:
    """The call's CloudTrail ``requestID`` (its record is the last: nested calls record first)."""
    return str(records[-1]["requestID"]) if records else str(uuid.uuid4())
