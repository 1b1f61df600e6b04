"""Terraform's value rules on plain Python values: conversions, equality, number text.

Values are JSON-like (``str``, ``int``, ``float``, ``bool``, ``None``, ``list``,
``dict``) plus :class:`~iacsim.values.Unknown`. Terraform numbers are arbitrary
precision decimals; we keep integral numbers as ``int`` and do arithmetic in
:class:`~decimal.Decimal` so ``0.1 + 0.2`` is ``0.3`` as in Terraform.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from iacsim.values import Unknown

DECIMAL_CONTEXT = decimal.Context(prec=60, Emax=999999, Emin=-999999)


class EvalError(Exception):
    """An expression Terraform itself would reject (wrong type, bad index, function error).

    :func:`iacsim.load.hcl.evaluate` turns it into an ``Unknown`` carrying the
    message; ``try()`` and ``can()`` catch it to pick a fallback.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class PartialObject(dict[str, Any]):
    """An object whose unlisted attributes are unknown rather than absent.

    Resources are the typical case: ``aws_kms_key.this.arn`` may not be in the
    configuration yet exists after apply. Reading a missing attribute yields
    ``Unknown("known after apply", ref=<ref>.<name>)`` instead of an error.
    """

    def __init__(self, items: Mapping[str, Any] | None = None, ref: str | None = None) -> None:
        super().__init__(items or {})
        self.ref = ref

    def __reduce__(self) -> Any:
        return (PartialObject, (dict(self), self.ref))

    def missing(self, name: str) -> Unknown:
        ref = f"{self.ref}.{name}" if self.ref else name
        return Unknown("known after apply", ref)


class TfSet(list[Any]):
    """A Terraform set: a list (distinct, in set order) that remembers it is a set.

    It behaves as a list everywhere (JSON, equality, length) except where
    Terraform treats sets differently: ``for k, v in a_set`` gives the element
    as ``k`` too, and a set cannot be indexed.
    """

    def __reduce__(self) -> Any:
        return (TfSet, (list(self),))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def type_name(value: Any) -> str:
    """The Terraform type family of a value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "tuple"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Unknown):
        return "unknown"
    return type(value).__name__


def to_decimal(value: int | float) -> Decimal:
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def from_decimal(value: Decimal) -> int | float:
    """int when integral (Terraform prints ``10/2`` as ``5``), else float."""
    if not value.is_finite():
        raise EvalError("the result is not a finite number")
    if value.is_zero() and value.is_signed():
        return -0.0  # Terraform keeps the sign of zero: jsonencode(-0) is "-0"
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def format_number(value: int | float) -> str:
    """Number → string the way Terraform renders it: no exponent, no trailing ``.0``."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise EvalError("cannot convert a non-finite number to string")
    if value == 0:
        return "-0" if str(value).startswith("-") else "0"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_number(text: str) -> int | float:
    """Terraform's string → number conversion."""
    stripped = text.strip()
    if stripped != text or not stripped or "_" in stripped:  # Decimal would accept "1_000"; Terraform does not
        raise EvalError(f"cannot convert {text!r} to number: a number is required")
    try:
        value = Decimal(stripped)
    except decimal.InvalidOperation:
        raise EvalError(f"cannot convert {text!r} to number: a number is required") from None
    if not value.is_finite() or stripped.lower().startswith(("nan", "inf", "+inf", "-inf", "-nan", "+nan")):
        raise EvalError(f"cannot convert {text!r} to number: a number is required")
    return from_decimal(value)


def to_number(value: Any, what: str = "value") -> int | float:
    if is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        return parse_number(value)
    raise EvalError(f"a number is required for {what}, got {type_name(value)}")


def to_string(value: Any, what: str = "value") -> str:
    """Primitive → string (templates, ``tostring``, string parameters)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    if value is None:
        raise EvalError(f"{what} is null; a string is required")
    raise EvalError(f"a string is required for {what}, got {type_name(value)}")


def to_bool(value: Any, what: str = "value") -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    if value is None:
        raise EvalError(f"{what} is null; a bool is required")
    raise EvalError(f"a bool is required for {what}, got {type_name(value)}")


def to_list(value: Any, what: str = "value") -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    raise EvalError(f"a list is required for {what}, got {type_name(value)}")


def to_map(value: Any, what: str = "value") -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    raise EvalError(f"a map is required for {what}, got {type_name(value)}")


def tf_equal(a: Any, b: Any) -> bool | Unknown:
    """Terraform ``==``: no conversion between types (``1 == "1"`` is false)."""
    if isinstance(a, Unknown):
        return a
    if isinstance(b, Unknown):
        return b
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return to_decimal(a) == to_decimal(b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return False
        return _all_equal(zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            return False
        return _all_equal((a[k], b[k]) for k in a)
    return False


def _all_equal(pairs: Any) -> bool | Unknown:
    pending: Unknown | None = None
    for x, y in pairs:
        eq = tf_equal(x, y)
        if isinstance(eq, Unknown):
            pending = pending or eq
        elif not eq:
            return False
    return pending if pending is not None else True


def sorted_object(items: Mapping[str, Any]) -> dict[str, Any]:
    """Terraform orders object and map attributes lexically by key."""
    return {k: items[k] for k in sorted(items)}


def unify_primitives(values: list[Any], what: str) -> list[Any]:
    """Make a list's elements one type, as ``tolist``/``toset``/``tomap`` do.

    Mixed strings, numbers and bools all become strings; nulls and unknowns
    stay; collections must all be of one kind.
    """
    kinds = {type_name(v) for v in values if v is not None and not isinstance(v, Unknown)}
    if len(kinds) <= 1:
        return values
    if kinds <= {"string", "number", "bool"}:
        if kinds == {"number", "bool"}:
            raise EvalError(f"{what}: all elements must have the same type (number and bool mixed)")
        return [v if v is None or isinstance(v, Unknown) else to_string(v) for v in values]
    if kinds <= {"tuple"} or kinds <= {"object"}:
        return values
    raise EvalError(f"{what}: all elements must have the same type, got {', '.join(sorted(kinds))}")


def set_sort_key(value: Any) -> tuple[int, Any]:
    """Sets print strings lexically and numbers numerically, as Terraform does."""
    if isinstance(value, bool):
        return (0, value)
    if is_number(value):
        return (1, to_decimal(value))
    if isinstance(value, str):
        return (2, value)
    return (3, repr(value))


def make_set(values: list[Any], what: str = "toset") -> list[Any] | Unknown:
    """Distinct elements in Terraform's set order; a set containing an unknown is unknown."""
    values = unify_primitives(values, what)
    out: list[Any] = []
    for v in values:
        if isinstance(v, Unknown):
            return v
        if v is None:
            raise EvalError(f"{what}: sets cannot contain null values")
        if not any(tf_equal(v, o) is True for o in out):
            out.append(v)
    try:
        return TfSet(sorted(out, key=set_sort_key))
    except TypeError:
        return TfSet(out)
