"""Condition operators, compiled once per policy.

IAM User Guide, "IAM JSON policy elements: Condition operators"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
and "Conditions with multiple context keys or values"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):

* operators AND together, keys under one operator AND together, values of one key OR together
  (NOR for negated operators);
* a key absent from the request makes a positive operator false and a negated one
  (``StringNotEquals``, ``ArnNotLike``, ``NotIpAddress``...) true, except for ``...IfExists``
  (absent key: true) and ``Null``;
* ``ForAnyValue:`` is true when at least one request value matches (false when the key is absent
  or empty); ``ForAllValues:`` is true when every request value matches (true when the key is
  absent or empty — the documented reason to pair it with a ``Null`` check);
* condition key names are case-insensitive; values follow the operator (``StringEquals`` is
  case-sensitive, ``StringEqualsIgnoreCase`` is not, ``Bool`` compares ``true``/``false``);
* an operator on a key of another type than it compares (``DateLessThan`` on the String ``aws:username``,
  per :mod:`iacsim.policy.key_types`) is undocumented: the condition is decided where the key is absent and
  ``unknown`` where it is present;
* ``ForAllValues``/``ForAnyValue`` on a single-valued key treat its one value as a set of one ("Single-valued vs.
  multivalued context keys": do not use them there, they "can lead to overly permissive policies").
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from iacsim.policy.errors import PolicyError
from iacsim.policy.key_types import mismatch
from iacsim.policy.unknowns import UNDOCUMENTED, decode_unknown
from iacsim.policy.variables import has_variables, substitute
from iacsim.policy.wildcards import arn_matcher, glob_match, unmark
from iacsim.values import Unknown

Context = Mapping[str, tuple[str, ...]]
SetQualifier = Literal["", "ForAnyValue", "ForAllValues"]

# A comparison of one request value with one (compiled) policy value.
Compare = Callable[[str, Any], bool]
# Turns a policy value (after variable substitution) into what Compare expects; raises ValueError.
Prepare = Callable[[str], Any]


def _identity(value: str) -> str:
    return value


def _lower(value: str) -> str:
    return value.lower()


def _number(value: str) -> float:
    return float(value)


def _date(value: str) -> float:
    """Seconds since the epoch; AWS accepts ISO 8601 dates/times and epoch seconds."""
    text = value.strip()
    if text.lstrip("-").isdigit():
        return float(text)
    parsed = datetime.fromisoformat(text.replace("z", "Z"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _network(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(value.strip(), strict=False)


def _binary(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _bool(value: str) -> str:
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise ValueError(f"{value!r} is not true or false")
    return lowered


def _cmp_number(op: Callable[[float, float], bool]) -> Compare:
    def compare(actual: str, expected: Any) -> bool:
        try:
            return op(float(actual), expected)
        except ValueError:
            return False
    return compare


def _cmp_date(op: Callable[[float, float], bool]) -> Compare:
    def compare(actual: str, expected: Any) -> bool:
        try:
            return op(_date(actual), expected)
        except ValueError:
            return False
    return compare


def _cmp_ip(actual: str, expected: Any) -> bool:
    try:
        address = ipaddress.ip_address(actual.strip())
    except ValueError:
        return False
    return address.version == expected.version and address in expected


def _cmp_binary(actual: str, expected: Any) -> bool:
    try:
        return bool(base64.b64decode(actual, validate=True) == expected)
    except (binascii.Error, ValueError):
        return False


def _cmp_arn(actual: str, expected: Any) -> bool:
    return bool(arn_matcher(expected)(actual))


@dataclass(frozen=True)
class OperatorSpec:
    name: str
    compare: Compare
    prepare: Prepare
    negated: bool
    variables: bool
    """Whether policy variables are substituted in this operator's values (String, ARN, Bool)."""


def _spec(name: str, compare: Compare, prepare: Prepare, negated: bool = False,
          variables: bool = False) -> OperatorSpec:
    return OperatorSpec(name, compare, prepare, negated, variables)


def _eq(actual: str, expected: Any) -> bool:
    return bool(actual == expected)


def _eq_ignore_case(actual: str, expected: Any) -> bool:
    return bool(actual.lower() == expected)


def _like(actual: str, expected: Any) -> bool:
    return glob_match(expected, actual)


_OPERATORS: dict[str, OperatorSpec] = {
    spec.name.lower(): spec
    for spec in (
        _spec("StringEquals", _eq, _identity, variables=True),
        _spec("StringNotEquals", _eq, _identity, negated=True, variables=True),
        _spec("StringEqualsIgnoreCase", _eq_ignore_case, _lower, variables=True),
        _spec("StringNotEqualsIgnoreCase", _eq_ignore_case, _lower, negated=True, variables=True),
        _spec("StringLike", _like, _identity, variables=True),
        _spec("StringNotLike", _like, _identity, negated=True, variables=True),
        _spec("NumericEquals", _cmp_number(lambda a, b: a == b), _number),
        _spec("NumericNotEquals", _cmp_number(lambda a, b: a == b), _number, negated=True),
        _spec("NumericLessThan", _cmp_number(lambda a, b: a < b), _number),
        _spec("NumericLessThanEquals", _cmp_number(lambda a, b: a <= b), _number),
        _spec("NumericGreaterThan", _cmp_number(lambda a, b: a > b), _number),
        _spec("NumericGreaterThanEquals", _cmp_number(lambda a, b: a >= b), _number),
        _spec("DateEquals", _cmp_date(lambda a, b: a == b), _date),
        _spec("DateNotEquals", _cmp_date(lambda a, b: a == b), _date, negated=True),
        _spec("DateLessThan", _cmp_date(lambda a, b: a < b), _date),
        _spec("DateLessThanEquals", _cmp_date(lambda a, b: a <= b), _date),
        _spec("DateGreaterThan", _cmp_date(lambda a, b: a > b), _date),
        _spec("DateGreaterThanEquals", _cmp_date(lambda a, b: a >= b), _date),
        _spec("Bool", _eq_ignore_case, _bool, variables=True),
        _spec("BinaryEquals", _cmp_binary, _binary),
        _spec("IpAddress", _cmp_ip, _network),
        _spec("NotIpAddress", _cmp_ip, _network, negated=True),
        _spec("ArnEquals", _cmp_arn, _identity, variables=True),
        _spec("ArnLike", _cmp_arn, _identity, variables=True),
        _spec("ArnNotEquals", _cmp_arn, _identity, negated=True, variables=True),
        _spec("ArnNotLike", _cmp_arn, _identity, negated=True, variables=True),
    )
}

OPERATOR_NAMES: tuple[str, ...] = (*sorted(s.name for s in _OPERATORS.values()), "Null")


def _policy_scalar(value: Any, location: str) -> str:
    """Condition values are strings in JSON; AWS also accepts JSON booleans and numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise PolicyError(location, f"condition value must be a string, number or boolean, not {type(value).__name__}")


@dataclass(frozen=True)
class Condition:
    """One (operator, key, values) triple of a statement's Condition block."""

    operator: str
    """As written in the policy (``ForAnyValue:StringLikeIfExists``)."""
    key: str
    """Condition key as written (``kms:ViaService``)."""
    key_lower: str
    values: tuple[str, ...]
    """Policy values as written (after JSON scalar normalization)."""
    prepared: tuple[Any, ...] | None
    """Policy values compiled for comparison; None when they contain variables."""
    spec: OperatorSpec | None
    """None for ``Null``."""
    qualifier: SetQualifier
    if_exists: bool
    unknown: Unknown | None = None
    """A value (or the key's values, the operator's body, the whole block) not known before apply;
    ``values`` are the known ones. Use :meth:`tri`, not :meth:`holds`."""

    def describe_part(self) -> str:
        """How a reason names this condition: ``condition StringEquals aws:SourceArn``."""
        if not self.key:
            return "condition" if self.operator == "Condition" else f"condition {self.operator}"
        return f"condition {self.operator} {self.key}"

    def tri(self, context: Context) -> bool | None:
        """:meth:`holds`, three-valued (None: depends on the unknown value)."""
        if self.unknown is None:
            return self.holds(context)
        if self.spec is None or not self.key:
            return None  # Null's one value, or a whole operator or block
        if not context.get(self.key_lower):
            return self.holds(context)  # an absent key decides without looking at the values
        if self.qualifier:
            return None
        known = self.holds(context)
        # Values OR together: one known value matching decides a positive operator (and a
        # negated one, NOR-ing them, false); otherwise the unknown value could still match.
        if self.spec.negated:
            return False if not known else None
        return True if known else None

    def holds(self, context: Context) -> bool:
        actual = context.get(self.key_lower)
        present = bool(actual)
        if self.spec is None:  # Null: "true" means the key must be absent.
            wanted_absent = self.values[0].lower() == "true"
            return (not present) == wanted_absent
        if not present:
            if self.if_exists:
                return True
            if self.qualifier == "ForAllValues":
                return True
            if self.qualifier == "ForAnyValue":
                return False
            return self.spec.negated
        assert actual is not None
        expected = self.prepared if self.prepared is not None else self._resolve(context)
        compare = self.spec.compare
        qualifier = self.qualifier
        negated = self.spec.negated
        if not qualifier:
            # The common case: single-valued key; any request value matching any policy value.
            hit = False
            for value in actual:
                for wanted in expected:
                    if compare(value, wanted):
                        hit = True
                        break
                if hit:
                    break
            return not hit if negated else hit
        matched = [any(compare(value, wanted) for wanted in expected) for value in actual]
        if negated:
            matched = [not m for m in matched]
        return all(matched) if qualifier == "ForAllValues" else any(matched)

    def _resolve(self, context: Context) -> tuple[Any, ...]:
        assert self.spec is not None
        resolved: list[Any] = []
        for value in self.values:
            text = substitute(value, context)
            if text is None:
                continue  # a variable without a value matches nothing
            if self.spec.compare is not _like and self.spec.compare is not _cmp_arn:
                text = unmark(text)
            try:
                resolved.append(self.spec.prepare(text))
            except ValueError:
                continue  # e.g. Bool with a substituted value that is not true/false: matches nothing
        return tuple(resolved)

    def describe_failure(self, context: Context) -> str:
        """Why this condition did not hold, in the words of the near-miss explanation."""
        actual = context.get(self.key_lower)
        expected = self.values[0] if len(self.values) == 1 else "[" + ", ".join(self.values) + "]"
        operator = "" if self.operator == "StringEquals" else f"{self.operator} "
        if not actual:
            return f"its condition {operator}{self.key}={expected} did not match: {self.key} is absent from the request"
        shown = actual[0] if len(actual) == 1 else "[" + ", ".join(actual) + "]"
        return f"its condition {operator}{self.key}={expected} did not match {shown}"


def compile_condition_block(block: Any, location: str, variables_enabled: bool) -> tuple[Condition, ...]:
    """Validate and compile a statement's ``Condition`` element."""
    whole = decode_unknown(block)
    if whole is not None:
        return (Condition("Condition", "", "", (), (), None, "", False, whole),)
    if not isinstance(block, dict):
        raise PolicyError(location, "Condition must be an object of operator -> {key: value}")
    conditions: list[Condition] = []
    for operator, body in block.items():
        if not isinstance(operator, str):
            raise PolicyError(location, f"condition operator must be a string, not {operator!r}")
        qualifier, base, if_exists = _split_operator(operator, location)
        body_unknown = decode_unknown(body)
        if body_unknown is not None:
            conditions.append(Condition(operator, "", "", (), (), None, qualifier, if_exists, body_unknown))
            continue
        if not isinstance(body, dict) or not body:
            raise PolicyError(f"{location}.{operator}", "must be a non-empty object of condition key -> value(s)")
        spec = None if base == "null" else _OPERATORS[base]
        for key, raw in body.items():
            where = f"{location}.{operator}.{key}"
            raw_values = raw if isinstance(raw, list) else [raw]
            if not raw_values:
                raise PolicyError(where, "condition values must not be empty")
            unknowns = [u for u in map(decode_unknown, raw_values) if u is not None]
            unknown = decode_unknown(raw)
            if unknown is None and unknowns:
                unknown = unknowns[0]
            if unknown is not None:
                raw_values = [v for v in raw_values if decode_unknown(v) is None]
            values = tuple(_policy_scalar(v, where) for v in raw_values)
            if spec is None and unknown is not None:
                conditions.append(Condition(operator, str(key), str(key).lower(), (), (), None, qualifier,
                                            if_exists, unknown))
                continue
            if spec is None and (len(values) != 1 or values[0].lower() not in ("true", "false")):
                raise PolicyError(where, "Null takes the single value true or false")
            prepared: tuple[Any, ...] | None = None
            if spec is not None:
                uses_variables = variables_enabled and spec.variables and any(has_variables(v) for v in values)
                if not uses_variables:
                    try:
                        prepared = tuple(spec.prepare(v) for v in values)
                    except (ValueError, binascii.Error) as exc:
                        raise PolicyError(where, f"invalid value for {spec.name}: {exc}") from None
                why = mismatch(base, str(key)) if unknown is None else None
                if why is not None:
                    # Undocumented: decided only where the key is absent (the page's absence rule holds for
                    # every operator); where it is present the condition could go either way.
                    unknown = Unknown(f"{operator} {why}, and AWS's Condition operators page does not say how "
                                      f"it evaluates an operator on a key of another type", UNDOCUMENTED)
                    prepared = ()
            conditions.append(Condition(operator, str(key), str(key).lower(), values, prepared, spec,
                                        qualifier, if_exists, unknown))
    return tuple(conditions)


def _split_operator(operator: str, location: str) -> tuple[SetQualifier, str, bool]:
    text = operator
    qualifier: SetQualifier = ""
    prefix, sep, rest = text.partition(":")
    if sep:
        if prefix.lower() == "foranyvalue":
            qualifier = "ForAnyValue"
        elif prefix.lower() == "forallvalues":
            qualifier = "ForAllValues"
        else:
            raise PolicyError(location, f"unknown set operator '{prefix}' in '{operator}' "
                                        "(expected ForAnyValue or ForAllValues)")
        text = rest
    if_exists = False
    base = text.lower()
    if base not in _OPERATORS and base != "null" and base.endswith("ifexists"):
        base = base[: -len("ifexists")]
        if_exists = True
    if base not in _OPERATORS and base != "null":
        raise PolicyError(location, f"unknown operator '{operator}'")
    if base == "null" and (if_exists or qualifier):
        raise PolicyError(location, f"'{operator}': Null cannot take IfExists or a set operator")
    return qualifier, base, if_exists
