"""Collection functions: lists, maps and sets.

https://developer.hashicorp.com/terraform/language/functions (Collection Functions).
Sets are plain lists here, kept distinct and in Terraform's set order.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from iacsim.load.hcl.convert import (
    DECIMAL_CONTEXT,
    EvalError,
    PartialObject,
    TfSet,
    from_decimal,
    make_set,
    sorted_object,
    tf_equal,
    to_bool,
    to_decimal,
    to_list,
    to_map,
    to_number,
    to_string,
    type_name,
    unify_primitives,
)
from iacsim.load.hcl.functions.registry import function
from iacsim.values import Unknown, first_unknown

MAX_RANGE = 1024
"""Terraform refuses ranges longer than this."""


def _seq(value: Any, what: str) -> list[Any]:
    if isinstance(value, Mapping) or not isinstance(value, list | tuple):
        raise EvalError(f"{what} must be a list, got {type_name(value)}")
    return list(value)


def _ordered(value: Any, what: str) -> list[Any]:
    """A list or tuple, not a set: functions that use positions reject sets, as Terraform does."""
    if isinstance(value, TfSet):
        raise EvalError(f"{what} must be a list, not a set; convert it with tolist()")
    return _seq(value, what)


@function("length", unknown_ok=True)
def length(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple | Mapping):
        return len(value)
    raise EvalError(
        f"argument must be a string, a collection type, or a structural type, got {type_name(value)}"
    )


@function("concat", unknown_ok=True)
def concat(*lists: Any) -> Any:
    if not lists:
        raise EvalError("at least one argument is required")
    out: list[Any] = []
    for i, lst in enumerate(lists):
        if isinstance(lst, Unknown):
            return lst
        out.extend(_ordered(lst, f"argument {i + 1}"))
    return out


@function("merge", unknown_ok=True)
def merge(*maps: Any) -> Any:
    out: dict[str, Any] = {}
    partial: PartialObject | None = None
    for i, m in enumerate(maps):
        if isinstance(m, Unknown):
            return m
        if m is None:
            continue
        if not isinstance(m, Mapping):
            raise EvalError(f"arguments must be maps or objects, argument {i + 1} is {type_name(m)}")
        if isinstance(m, PartialObject):
            partial = m  # a resource object: the attributes it does not list exist after apply
        out.update(m)
    merged = sorted_object(out)
    return PartialObject(merged, partial.ref) if partial is not None else merged


@function("flatten", unknown_ok=True)
def flatten(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    out: list[Any] = []

    def walk(items: list[Any]) -> Unknown | None:
        for item in items:
            if isinstance(item, Unknown):
                return item  # its length is unknown, so the result's is too
            if isinstance(item, list | tuple):
                found = walk(list(item))
                if found is not None:
                    return found
            else:
                out.append(item)
        return None

    unknown = walk(_seq(value, "argument"))
    return unknown if unknown is not None else out


@function("distinct")
def distinct(value: Any) -> list[Any]:
    out: list[Any] = []
    # The argument is a list: a tuple of mixed primitives is first unified (all strings).
    for item in unify_primitives(_seq(value, "argument"), "distinct"):
        if not any(tf_equal(item, o) is True for o in out):
            out.append(item)
    return out


@function("compact")
def compact(value: Any) -> list[str]:
    return [to_string(v) for v in _seq(value, "argument") if v is not None and v != ""]


@function("keys", unknown_ok=True)
def keys(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return sorted(to_map(value, "keys() argument"))


@function("values", unknown_ok=True)
def values(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    m = to_map(value, "values() argument")
    return [m[k] for k in sorted(m)]


@function("lookup", unknown_ok=True)
def lookup(mapping: Any, key: Any, *default: Any) -> Any:
    for v in (mapping, key):
        if isinstance(v, Unknown):
            return v
    if len(default) > 1:
        raise EvalError("lookup() takes at most three arguments")
    m = to_map(mapping, "the first argument")
    name = to_string(key, "the key")
    if name in m:
        return m[name]
    if default:
        return default[0]
    raise EvalError(f'lookup failed to find key "{name}"')


@function("element", unknown_ok=True)
def element(lst: Any, index: Any) -> Any:
    for v in (lst, index):
        if isinstance(v, Unknown):
            return v
    items = _ordered(lst, "the first argument")
    idx = to_number(index, "the index")
    if isinstance(idx, float):
        raise EvalError("the index must be a whole number")
    if not items:
        raise EvalError("cannot use element function with an empty list")
    if idx < 0:
        raise EvalError("cannot use element function with a negative index")
    return items[idx % len(items)]


@function("contains", unknown_ok=True)
def contains(lst: Any, value: Any) -> Any:
    if isinstance(lst, Unknown):
        return lst
    pending: Unknown | None = None
    for item in _seq(lst, "the first argument"):
        eq = tf_equal(item, value)
        if eq is True:
            return True
        if isinstance(eq, Unknown):
            pending = pending or eq
    return pending if pending is not None else False


@function("zipmap", unknown_ok=True)
def zipmap(key_list: Any, value_list: Any) -> Any:
    for v in (key_list, value_list):
        if isinstance(v, Unknown):
            return v
    ks = _seq(key_list, "the keys")
    vs = _seq(value_list, "the values")
    if len(ks) != len(vs):
        raise EvalError(f"number of keys ({len(ks)}) does not match number of values ({len(vs)})")
    unknown = first_unknown(ks)
    if unknown is not None:
        return unknown
    return sorted_object({to_string(k, "a key"): v for k, v in zip(ks, vs, strict=True)})


@function("coalesce", unknown_ok=True)
def coalesce(*args: Any) -> Any:
    if not args:
        raise EvalError("at least one argument is required")
    unified = unify_primitives(list(args), "coalesce")
    for v in unified:
        if isinstance(v, Unknown):
            return v
        if v is not None and v != "":
            return v
    raise EvalError("no non-null, non-empty-string arguments")


@function("coalescelist", unknown_ok=True)
def coalescelist(*args: Any) -> Any:
    if not args:
        raise EvalError("at least one argument is required")
    for v in args:
        if isinstance(v, Unknown):
            return v
        if v is None:
            continue
        if len(_ordered(v, "each argument")) > 0:
            return list(v)
    raise EvalError("no non-null arguments")


@function("one", unknown_ok=True)
def one(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if value is None:
        raise EvalError("argument must not be null")
    items = _seq(value, "argument")
    if len(items) > 1:
        raise EvalError(
            f"must be a list, set, or tuple value with either zero or one elements, got {len(items)}"
        )
    return items[0] if items else None


@function("range")
def range_(*args: Any) -> list[int | float]:
    nums = [to_decimal(to_number(a, "range() arguments")) for a in args]
    if len(nums) == 1:
        start, limit = Decimal(0), nums[0]
        step = Decimal(1) if limit >= 0 else Decimal(-1)
    elif len(nums) == 2:
        start, limit = nums
        step = Decimal(1) if limit >= start else Decimal(-1)
    elif len(nums) == 3:
        start, limit, step = nums
    else:
        raise EvalError("must have one, two, or three arguments")
    if step == 0:
        raise EvalError("step must not be zero")
    if (step > 0 and limit < start) or (step < 0 and limit > start):
        raise EvalError("the step must be positive when start < limit and negative when start > limit")
    out: list[int | float] = []
    value = start
    while (step > 0 and value < limit) or (step < 0 and value > limit):
        if len(out) >= MAX_RANGE:
            raise EvalError(f"more than {MAX_RANGE} values were generated")
        out.append(from_decimal(value))
        value = DECIMAL_CONTEXT.add(value, step)
    return out


@function("sort")
def sort(value: Any) -> list[str]:
    items = _seq(value, "argument")
    if any(v is None for v in items):
        raise EvalError("given list element must not be null")
    return sorted(to_string(v) for v in items)


@function("reverse")
def reverse(value: Any) -> list[Any]:
    return list(reversed(_seq(value, "argument")))


@function("slice", unknown_ok=True)
def slice_(lst: Any, start: Any, end: Any) -> Any:
    for v in (lst, start, end):
        if isinstance(v, Unknown):
            return v
    items = _ordered(lst, "the first argument")
    s, e = to_number(start, "start index"), to_number(end, "end index")
    if isinstance(s, float) or isinstance(e, float):
        raise EvalError("indices must be whole numbers")
    if s < 0:
        raise EvalError("start index must not be less than zero")
    if e > len(items):
        raise EvalError("end index must not be greater than the length of the list")
    if s > e:
        raise EvalError("start index must not be greater than end index")
    return items[s:e]


@function("setunion")
def setunion(*sets: Any) -> Any:
    return make_set([v for s in sets for v in _seq(s, "each argument")], "setunion")


@function("setintersection")
def setintersection(first: Any, *rest: Any) -> Any:
    base = make_set(_seq(first, "each argument"), "setintersection")
    if isinstance(base, Unknown):
        return base
    others = [_seq(r, "each argument") for r in rest]
    return TfSet(v for v in base if all(any(tf_equal(v, o) is True for o in other) for other in others))


@function("setsubtract")
def setsubtract(a: Any, b: Any) -> Any:
    base = make_set(_seq(a, "the first argument"), "setsubtract")
    if isinstance(base, Unknown):
        return base
    other = _seq(b, "the second argument")
    return TfSet(v for v in base if not any(tf_equal(v, o) is True for o in other))


@function("setproduct")
def setproduct(*sets: Any) -> list[list[Any]]:
    if len(sets) < 2:
        raise EvalError("at least two arguments are required")
    product: list[list[Any]] = [[]]
    for s in sets:
        product = [[*p, v] for p in product for v in _seq(s, "each argument")]
    # All sets in, a set out; any list in, a list out.
    return TfSet(product) if all(isinstance(s, TfSet) for s in sets) else product


@function("chunklist")
def chunklist(value: Any, size: Any) -> list[list[Any]]:
    items = _seq(value, "the first argument")
    n = to_number(size, "the chunk size")
    if isinstance(n, float) or n < 0:
        raise EvalError("the size argument must be a positive whole number")
    if n == 0:
        return [items]
    return [items[i : i + n] for i in range(0, len(items), n)]


@function("index")
def index(lst: Any, value: Any) -> int:
    for i, item in enumerate(_ordered(lst, "the first argument")):
        if tf_equal(item, value) is True:
            return i
    raise EvalError("item not found")


@function("sum")
def sum_(value: Any) -> int | float:
    items = _seq(value, "argument")
    if not items:
        raise EvalError("cannot sum an empty list")
    total = Decimal(0)
    for v in items:
        if v is None:
            raise EvalError("argument must be list, set, or tuple of number values; found null")
        total = DECIMAL_CONTEXT.add(total, to_decimal(to_number(v, "each element")))
    return from_decimal(total)


@function("alltrue", unknown_ok=True)
def alltrue(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    pending: Unknown | None = None
    for v in _seq(value, "argument"):
        if isinstance(v, Unknown):
            pending = pending or v
        elif v is None or not to_bool(v, "each element"):
            return False
    return pending if pending is not None else True


@function("anytrue", unknown_ok=True)
def anytrue(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    pending: Unknown | None = None
    for v in _seq(value, "argument"):
        if isinstance(v, Unknown):
            pending = pending or v
        elif v is not None and to_bool(v, "each element"):
            return True
    return pending if pending is not None else False


@function("transpose")
def transpose(value: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    m = to_map(value, "argument")
    for key in sorted(m):
        for v in to_list(m[key], "each value"):
            out.setdefault(to_string(v), []).append(key)
    return sorted_object(out)


@function("matchkeys")
def matchkeys(values_list: Any, keys_list: Any, searchset: Any) -> list[Any]:
    vs, ks, search = _seq(values_list, "values"), _seq(keys_list, "keys"), _seq(searchset, "searchset")
    if len(vs) != len(ks):
        raise EvalError("length of keys and values should be equal")
    return [v for v, k in zip(vs, ks, strict=True) if any(tf_equal(k, s) is True for s in search)]
