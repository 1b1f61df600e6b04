"""Variable type constraints: ``string``, ``list(object({a = string, b = optional(number, 2)}))``…

Values given to a variable are converted to its type the way Terraform's
automatic conversion does where that is simple and safe
(https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types):
numbers and bools to strings, numeric strings to numbers, ``"true"``/``"false"``
to bools, sets of strings deduplicated and sorted, object attributes filled from
``optional(type, default)`` defaults and extra attributes dropped. A value that
cannot be converted is kept as given (Terraform would reject the configuration;
the loader is not a validator).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from iacsim.load.hcl import Expr, FunctionCall, Literal, ObjectExpr, TemplateExpr, TupleExpr, Variable
from iacsim.load.hcl.convert import PartialObject, TfSet
from iacsim.values import Unknown


@dataclass(frozen=True)
class TypeSpec:
    kind: str
    """``string number bool any list set map tuple object``."""
    elem: TypeSpec | None = None
    fields: tuple[tuple[str, TypeSpec, bool, Any], ...] = ()
    """Object attributes: (name, type, optional, default)."""
    items: tuple[TypeSpec, ...] = ()
    """Tuple element types."""


ANY = TypeSpec("any")


def _literal_default(expr: Expr) -> Any:
    from iacsim.load.hcl import EvalContext, evaluate

    return evaluate(expr, EvalContext(variables={}))


def parse_type(expr: Expr | None) -> TypeSpec:
    """A type constraint expression → :class:`TypeSpec` (unrecognised → ``any``)."""
    if expr is None:
        return ANY
    if isinstance(expr, TemplateExpr) and len(expr.parts) == 1:
        return parse_type(expr.parts[0])
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        # JSON syntax before the parser learnt to read types as expressions: "list(string)".
        from iacsim.load.hcl import parse_expression

        try:
            return parse_type(parse_expression(expr.value))
        except Exception:
            return ANY
    if isinstance(expr, Variable):
        return TypeSpec(expr.name) if expr.name in ("string", "number", "bool", "any") else ANY
    if isinstance(expr, FunctionCall):
        name, args = expr.name, expr.args
        if name in ("list", "set", "map") and len(args) == 1:
            return TypeSpec(name, elem=parse_type(args[0]))
        if name == "tuple" and len(args) == 1 and isinstance(args[0], TupleExpr):
            return TypeSpec("tuple", items=tuple(parse_type(a) for a in args[0].items))
        if name == "object" and len(args) == 1 and isinstance(args[0], ObjectExpr):
            fields = []
            for item in args[0].items:
                key = item.key.value if isinstance(item.key, Literal) else None
                if not isinstance(key, str):
                    continue
                value = item.value
                if isinstance(value, FunctionCall) and value.name == "optional" and value.args:
                    default = _literal_default(value.args[1]) if len(value.args) > 1 else None
                    fields.append((key, parse_type(value.args[0]), True, default))
                else:
                    fields.append((key, parse_type(value), False, None))
            return TypeSpec("object", fields=tuple(fields))
    return ANY


def _number(value: str) -> int | float | None:
    try:
        f = float(value)
    except ValueError:
        return None
    if math.isnan(f) or math.isinf(f):
        return None
    return int(f) if f.is_integer() else f


def to_terraform_string(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def convert(value: Any, spec: TypeSpec) -> Any:
    """Convert ``value`` to ``spec`` where Terraform would; Unknown and null pass through."""
    if value is None or isinstance(value, Unknown) or spec.kind == "any":
        return value
    kind = spec.kind
    if kind == "string":
        return to_terraform_string(value)
    if kind == "number":
        if isinstance(value, str):
            n = _number(value.strip())
            return value if n is None else n
        return value
    if kind == "bool":
        if isinstance(value, str) and value in ("true", "false"):
            return value == "true"
        return value
    if kind in ("list", "set"):
        if not isinstance(value, list | tuple):
            return value
        elem = spec.elem or ANY
        items = [convert(v, elem) for v in value]
        if kind == "set":
            unique: list[Any] = []
            for item in items:
                if item not in unique:
                    unique.append(item)
            if all(isinstance(i, str) for i in unique):
                unique.sort()  # Terraform orders sets of strings lexically
            return TfSet(unique)
        return items
    if kind == "map":
        if not isinstance(value, dict):
            return value
        elem = spec.elem or ANY
        return {k: convert(v, elem) for k, v in value.items()}
    if kind == "tuple":
        if not isinstance(value, list | tuple) or len(value) != len(spec.items):
            return value
        return [convert(v, t) for v, t in zip(value, spec.items, strict=True)]
    if kind == "object":
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for name, ftype, optional, default in spec.fields:
            if name in value and value[name] is not None:
                out[name] = convert(value[name], ftype)
            elif isinstance(value, PartialObject) and name not in value:
                out[name] = value.missing(name)  # a resource's attribute known after apply
            elif optional:
                out[name] = convert(default, ftype)
            elif name in value:
                out[name] = None
            else:
                return value  # missing required attribute: Terraform error; keep what was given
        return out
    return value


def needs_hcl_parsing(spec: TypeSpec) -> bool:
    """``--var k=v`` values are raw strings only for primitive types; others are HCL expressions."""
    return spec.kind not in ("string", "number", "bool", "any")
