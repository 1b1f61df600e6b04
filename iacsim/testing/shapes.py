"""Request and response values between botocore's shapes and the simulator's.

botocore's service model is the source of truth for shapes: the request a test makes is read through
the operation's input shape (what botocore accepts for a blob or a timestamp becomes what the simulator
takes), and the simulator's response is turned into exactly what botocore's parser would hand the caller
for the service's protocol: timestamps as ``datetime`` (epoch-second protocols parse to local time,
ISO 8601 ones to UTC, as botocore does), blobs as ``bytes``, a streaming payload as botocore's
``StreamingBody``, members the output shape lacks left out as a parser never yields them. What botocore's
``after-call`` handlers transform (IAM's URL-encoded policy documents) is handed over in its wire form.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from botocore.model import OperationModel, ServiceModel, Shape
from botocore.response import StreamingBody
from botocore.utils import parse_timestamp

EPOCH_PROTOCOLS = frozenset({"json", "rest-json", "smithy-rpc-v2-cbor"})
"""Protocols whose timestamps travel as epoch seconds (botocore parses them to local time)."""
POLICY_DOCUMENT = "policyDocumentType"
"""IAM's shape of URL-encoded policy documents (botocore.handlers.json_decode_policies)."""


def to_simulator(value: Any, shape: Shape | None) -> Any:
    """A request value as the simulator takes it: ``str`` blobs as UTF-8 bytes and file-like ones read
    (botocore accepts both), timestamps as aware datetimes. Values of the wrong type are passed on as they
    are: botocore's own validation rejects them before the call is answered."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        members = shape.members
        return {name: to_simulator(item, members.get(name)) for name, item in value.items()}
    if kind == "list" and isinstance(value, list | tuple):
        return [to_simulator(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, Mapping):
        return {key: to_simulator(item, shape.value) for key, item in value.items()}
    if kind == "blob":
        return _blob(value)
    if kind == "timestamp":
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return parse_timestamp(value)
    return value


def _blob(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytearray):
        return bytes(value)
    read = getattr(value, "read", None)
    if read is None:
        return value
    start = value.tell() if _seekable(value) else None
    data = read()
    if start is not None:
        value.seek(start)  # botocore serializes the same stream after us
    return data.encode("utf-8") if isinstance(data, str) else data


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def from_simulator(value: Any, shape: Shape | None, protocol: str) -> Any:
    """A simulator response value as botocore's parser returns it for ``protocol``."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, Mapping):
            return value
        members = shape.members
        return {
            name: from_simulator(item, members[name], protocol)
            for name, item in value.items()
            if name in members and item is not None
        }
    if kind == "list" and isinstance(value, list | tuple):
        return [from_simulator(item, shape.member, protocol) for item in value]
    if kind == "map" and isinstance(value, Mapping):
        return {key: from_simulator(item, shape.value, protocol)
                for key, item in value.items()}
    if kind == "timestamp":
        return _timestamp(value, protocol)
    if kind == "string" and (not isinstance(value, str) or shape.name == POLICY_DOCUMENT):
        return _wire_string(value, shape)
    if kind == "blob":
        data = _blob(value)
        if shape.serialization.get("streaming") and isinstance(data, bytes):
            return StreamingBody(io.BytesIO(data), len(data))
        return data
    return value


def _wire_string(value: Any, shape: Shape) -> Any:
    """A string as it travels: a document the simulator keeps parsed as its JSON text, and IAM's policy
    documents URL-encoded as IAM sends them (botocore's ``after-call.iam`` handler decodes them to a dict)."""
    text = value if isinstance(value, str) else json.dumps(value)
    return quote(text) if shape.name == POLICY_DOCUMENT else text


def _timestamp(value: Any, protocol: str) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        utc = aware.astimezone(UTC)
        wire: Any = (aware.timestamp() if protocol in EPOCH_PROTOCOLS
                     else utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond // 1000:03d}Z" if utc.microsecond else "Z"))
        return parse_timestamp(wire)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return parse_timestamp(value)
    return value


def response_metadata(request_id: str, status: int, date: datetime) -> dict[str, Any]:
    """``ResponseMetadata`` as botocore fills it from the HTTP response."""
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {
            "x-amzn-requestid": request_id,
            "date": date.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT"),
        },
        "RetryAttempts": 0,
    }


def success_status(operation: OperationModel) -> int:
    """The HTTP status the operation answers with (``responseCode`` in the model: 201, 204…; else 200)."""
    return int(operation.http.get("responseCode", 200))


_ERROR_STATUS: dict[tuple[str, str], dict[str, int]] = {}


def error_status(service: ServiceModel, code: str) -> int | None:
    """The HTTP status botocore's model gives the error ``code`` (``error.httpStatusCode``), if any."""
    key = (service.service_name, service.api_version)
    table = _ERROR_STATUS.get(key)
    if table is None:
        table = {}
        for shape in service.error_shapes:
            error = shape.metadata.get("error", {})
            if "httpStatusCode" in error:
                table[error.get("code", shape.name)] = int(error["httpStatusCode"])
        _ERROR_STATUS[key] = table
    return table.get(code)


def error_body(service: ServiceModel, code: str, message: str, status: int) -> dict[str, Any]:
    """The ``Error`` part of a parsed error response (query protocols also say who is at fault)."""
    error: dict[str, Any] = {"Code": code, "Message": message}
    if service.protocol == "query":
        error["Type"] = "Sender" if status < 500 else "Receiver"
    return error
