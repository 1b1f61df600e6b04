"""Numeric functions.

https://developer.hashicorp.com/terraform/language/functions (Numeric Functions).
Arithmetic is decimal (see :mod:`iacsim.load.hcl.convert`).
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR
from typing import Any

from iacsim.load.hcl.convert import EvalError, from_decimal, to_decimal, to_number, to_string
from iacsim.load.hcl.functions.registry import function


def _num(value: Any) -> int | float:
    if value is None:
        raise EvalError("argument must not be null")
    return to_number(value, "argument")


@function("abs")
def abs_(value: Any) -> int | float:
    return from_decimal(abs(to_decimal(_num(value))))


@function("ceil")
def ceil(value: Any) -> int:
    return int(to_decimal(_num(value)).to_integral_value(rounding=ROUND_CEILING))


@function("floor")
def floor(value: Any) -> int:
    return int(to_decimal(_num(value)).to_integral_value(rounding=ROUND_FLOOR))


@function("max")
def max_(*values: Any) -> int | float:
    if not values:
        raise EvalError("at least one argument is required")
    return max((_num(v) for v in values), key=to_decimal)


@function("min")
def min_(*values: Any) -> int | float:
    if not values:
        raise EvalError("at least one argument is required")
    return min((_num(v) for v in values), key=to_decimal)


@function("signum")
def signum(value: Any) -> int:
    d = to_decimal(_num(value))
    return 0 if d == 0 else (1 if d > 0 else -1)


@function("pow")
def pow_(base: Any, exponent: Any) -> int | float:
    b, e = _num(base), _num(exponent)
    if isinstance(b, int) and isinstance(e, int) and e >= 0:
        return int(b**e)
    return from_decimal(to_decimal(math.pow(b, e)))


@function("log")
def log(value: Any, base: Any) -> int | float:
    return from_decimal(to_decimal(math.log(_num(value), _num(base))))


@function("parseint")
def parseint(value: Any, base: Any) -> int:
    b = _num(base)
    if isinstance(b, float) or not 2 <= b <= 62:
        raise EvalError("base must be a whole number between 2 and 62")
    text = to_string(value)
    try:
        if b > 36:
            raise ValueError
        return int(text, b)
    except ValueError:
        raise EvalError(f"cannot parse {text!r} as a base {b} integer") from None
