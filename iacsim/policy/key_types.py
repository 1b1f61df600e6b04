"""Which condition operators compare which condition key types, shared by evaluation and validation.

IAM User Guide, "IAM JSON policy elements: Condition operators"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html): "The
condition operator that you can use in a policy depends on the condition key you choose", with each key's type in
"AWS global condition context keys" (:mod:`iacsim.aws.global_condition_keys`) or the service reference
(:mod:`iacsim.aws.service_reference`). ARN keys accept string operators and string keys ARN operators; an
``ArrayOf…`` key takes its element type's operators. The page does not say how AWS evaluates an operator on a key
of another type (Access Analyzer only warns, "Type mismatch"), so the evaluator answers ``unknown`` for one
(:func:`mismatch`).
"""

from __future__ import annotations

import functools

from iacsim.aws import service_reference as ref
from iacsim.aws.global_condition_keys import global_key_type

OPERATOR_TYPES: dict[str, frozenset[str]] = {
    "string": frozenset({"String", "ArrayOfString", "ARN", "ArrayOfARN"}),
    "arn": frozenset({"ARN", "ArrayOfARN", "String", "ArrayOfString"}),
    "numeric": frozenset({"Numeric", "ArrayOfNumeric", "Long", "Integer"}),
    "date": frozenset({"Date", "ArrayOfDate"}),
    "bool": frozenset({"Bool", "Boolean", "ArrayOfBool"}),
    "ipaddress": frozenset({"IPAddress", "ArrayOfIPAddress"}),
    "binary": frozenset({"Binary", "ArrayOfBinary"}),
}
"""Condition operator family → the key types it compares meaningfully."""

OPERATOR_FAMILIES: dict[str, str] = {
    **{op.lower(): "string" for op in ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
                                       "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike")},
    **{op.lower(): "numeric" for op in ("NumericEquals", "NumericNotEquals", "NumericLessThan",
                                        "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals")},
    **{op.lower(): "date" for op in ("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
                                     "DateGreaterThan", "DateGreaterThanEquals")},
    "bool": "bool", "binaryequals": "binary", "ipaddress": "ipaddress", "notipaddress": "ipaddress",
    **{op.lower(): "arn" for op in ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")},
    "null": "null",
}
"""Base operator (lower case, without ``ForAnyValue:``/``ForAllValues:`` and ``IfExists``) → its family."""


@functools.lru_cache(maxsize=4096)
def key_type(key: str) -> str | None:
    """The documented type of condition key ``key`` (global first, then the service reference); None if unlisted."""
    found = global_key_type(key)
    if found is not None:
        return found
    service_key = ref.condition_key(key)
    return service_key.type if service_key is not None else None


@functools.lru_cache(maxsize=4096)
def mismatch(base_operator: str, key: str) -> str | None:
    """Why ``base_operator`` does not compare ``key``'s type (``DateLessThan`` on a String key), or None."""
    family = OPERATOR_FAMILIES.get(base_operator.lower())
    if family is None or family == "null":
        return None
    found = key_type(key)
    if found is None or found in OPERATOR_TYPES[family]:
        return None
    return f"compares {key} as {family}, but the key is of type {found}"
