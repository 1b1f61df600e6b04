"""Encoding functions: JSON, base64, URL, CSV, YAML decoding.

``jsonencode`` must be byte-identical to Terraform's: a key policy written
with ``jsonencode`` is compared and hashed downstream. Terraform encodes with
Go's ``encoding/json``: object keys sorted, no spaces, ``<``, ``>``, ``&``,
U+2028 and U+2029 escaped as ``\\u003c``…, numbers in plain decimal notation.
https://developer.hashicorp.com/terraform/language/functions/jsonencode
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import urllib.parse
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml

from iacsim import safe_yaml
from iacsim.bounds import Limits
from iacsim.load.hcl.convert import (
    EvalError,
    format_number,
    from_decimal,
    is_number,
    sorted_object,
    to_string,
)
from iacsim.load.hcl.functions.registry import function
from iacsim.load.limits import LimitExceeded, check_json_depth
from iacsim.load.partial_json import partially_known
from iacsim.values import Unknown, iter_unknowns

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_string(s: str) -> str:
    """A JSON string literal exactly as Go's encoding/json writes it (HTML-safe)."""
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch < " ":
            out.append(f"\\u{ord(ch):04x}")
        elif "\ud800" <= ch <= "\udfff":
            out.append("\\ufffd")  # Go replaces invalid UTF-8 with U+FFFD
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_encode(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(json_encode(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json_string(k)}:{json_encode(value[k])}" for k in sorted(value)) + "}"
    if isinstance(value, Unknown):
        raise EvalError("cannot encode an unknown value")
    raise EvalError(f"cannot encode a {type(value).__name__} value as JSON")


@function("jsonencode", unknown_ok=True)
def jsonencode(value: Any) -> str | Unknown:
    """The JSON text; with unknown values inside, an Unknown that keeps what is known of the document (a
    key policy with one ARN known only after apply is still evaluated statement by statement) and, when every
    unknown part can be named, a template: the text with each unknown written ``${ref}`` in its place (so a
    policy naming ``arn:aws:s3:::${local.bucket}`` still says *which* bucket)."""
    unknowns = list(iter_unknowns(value))
    if not unknowns:
        return json_encode(value)
    first = unknowns[0]
    partial = None if isinstance(value, Unknown) else partially_known(value, json_encode)
    if any(u.template is None and not u.ref for u in unknowns):
        return Unknown(first.reason, first.ref, partial=partial)
    return Unknown(first.reason, first.ref, partial=partial, template=json_encode(_templated(value)))


def _templated(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value.template if value.template is not None else f"${{{value.ref}}}"
    if isinstance(value, list | tuple):
        return [_templated(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _templated(v) for k, v in value.items()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return from_decimal(value)
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if isinstance(value, dict):
        return sorted_object({k: _from_json(v) for k, v in value.items()})
    return value


def _reject_constant(name: str) -> Any:
    raise EvalError(f"invalid JSON value {name}")


@function("jsondecode")
def jsondecode(text: Any) -> Any:
    try:
        check_json_depth(to_string(text), Limits())  # json.loads and _from_json recurse per level
        raw = json.loads(
            to_string(text), parse_float=Decimal, parse_int=Decimal, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise EvalError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except LimitExceeded as exc:
        raise EvalError(exc.message) from None
    return _from_json(raw)


@function("base64encode")
def base64encode(text: Any) -> str:
    return base64.b64encode(to_string(text).encode("utf-8")).decode("ascii")


@function("base64decode")
def base64decode(text: Any) -> str:
    try:
        raw = base64.b64decode(to_string(text), validate=True)
    except binascii.Error:
        raise EvalError("failed to decode base64 data") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError("the result of decoding the provided string is not valid UTF-8") from None


@function("urlencode")
def urlencode(text: Any) -> str:
    # Go's url.QueryEscape: space becomes "+", unreserved characters stay.
    return urllib.parse.quote_plus(to_string(text), safe="-_.~")


@function("csvdecode")
def csvdecode(text: Any) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(to_string(text))))
    if not rows:
        raise EvalError("missing header line")
    header, *body = rows
    out = []
    for i, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise EvalError(f"line {i}: wrong number of fields")
        out.append(sorted_object(dict(zip(header, row, strict=True))))
    return out


def _from_yaml(value: Any) -> Any:
    if isinstance(value, dict):
        return sorted_object(
            {to_string(k) if not isinstance(k, str) else k: _from_yaml(v) for k, v in value.items()}
        )
    if isinstance(value, list):
        return [_from_yaml(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)  # timestamps and other YAML-only scalars become strings, as in Terraform


@function("yamldecode")
def yamldecode(text: Any) -> Any:
    try:
        # a safe loader builds only plain data (scanned files never construct objects), and a bounded
        # one refuses alias bombs and absurd nesting before _from_yaml walks the result
        return _from_yaml(safe_yaml.load(to_string(text)))
    except yaml.YAMLError as exc:
        raise EvalError(f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except LimitExceeded as exc:
        raise EvalError(exc.message) from None
