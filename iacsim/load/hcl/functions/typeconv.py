"""Type conversion functions and the error-catching ``try``/``can``.

https://developer.hashicorp.com/terraform/language/functions (Type Conversion Functions).
``try`` and ``can`` are lazy: they evaluate their own arguments so an error in
one is caught instead of failing the whole expression. An argument that is
wholly unknown makes the result unknown, as in Terraform (it cannot tell yet
whether that argument would fail).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from iacsim.load.hcl.ast import Expr
from iacsim.load.hcl.convert import (
    EvalError,
    is_number,
    make_set,
    parse_number,
    sorted_object,
    to_bool,
    to_string,
    type_name,
    unify_primitives,
)
from iacsim.load.hcl.functions.registry import function
from iacsim.values import Unknown

if TYPE_CHECKING:
    from iacsim.load.hcl.evaluate import Evaluator


@function("tostring")
def tostring(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple | Mapping):
        raise EvalError(f"cannot convert {type_name(value)} to string")
    return to_string(value)


@function("tonumber")
def tonumber(value: Any) -> int | float | None:
    if value is None:
        return None
    if is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        return parse_number(value)
    raise EvalError(f"cannot convert {type_name(value)} to number")


@function("tobool")
def tobool(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool) or value in ("true", "false"):
        return to_bool(value)
    raise EvalError(f"cannot convert {type_name(value)} to bool")


@function("tolist", unknown_ok=True)
def tolist(value: Any) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    if isinstance(value, Mapping) or not isinstance(value, list | tuple):
        raise EvalError(f"cannot convert {type_name(value)} to list")
    return list(unify_primitives(list(value), "tolist"))


@function("toset")
def toset(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Mapping) or not isinstance(value, list | tuple):
        raise EvalError(f"cannot convert {type_name(value)} to set")
    return make_set(list(value))


@function("tomap", unknown_ok=True)
def tomap(value: Any) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    if not isinstance(value, Mapping):
        raise EvalError(f"cannot convert {type_name(value)} to map")
    keys = sorted(value)
    unified = unify_primitives([value[k] for k in keys], "tomap")
    return sorted_object(dict(zip(keys, unified, strict=True)))


@function("sensitive", unknown_ok=True)
def sensitive(value: Any) -> Any:
    # iacsim does not track sensitivity; secret values never reach output anyway.
    return value


@function("nonsensitive", unknown_ok=True)
def nonsensitive(value: Any) -> Any:
    return value


@function("issensitive", unknown_ok=True)
def issensitive(value: Any) -> Any:
    return Unknown("sensitivity is not tracked statically")


@function("try", lazy=True)
def try_(args: tuple[Expr, ...], ev: Evaluator) -> Any:
    if not args:
        raise EvalError("at least one argument is required")
    errors: list[str] = []
    for arg in args:
        try:
            return ev.eval(arg)
        except EvalError as exc:
            errors.append(exc.message)
    raise EvalError("no expression succeeded: " + "; ".join(errors))


@function("can", lazy=True)
def can(args: tuple[Expr, ...], ev: Evaluator) -> Any:
    if len(args) != 1:
        raise EvalError("exactly one argument is required")
    try:
        value = ev.eval(args[0])
    except EvalError:
        return False
    if isinstance(value, Unknown):
        return value
    return True


@function("ephemeralasnull", unknown_ok=True)
def ephemeralasnull(value: Any) -> Any:
    # Ephemeral values never reach iacsim's model; the value itself is what the configuration means.
    return value
