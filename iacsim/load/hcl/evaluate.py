"""Evaluate AST expressions with Terraform's semantics.

Unknown is a value (docs/architecture.md §4): an unresolvable name, a computed attribute, an
expression Terraform would reject — all give an :class:`~iacsim.values.Unknown`
carrying the reason. Any operation on an Unknown yields that Unknown; nothing
here turns one into the text ``${...}`` and nothing here crashes on one.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from iacsim.load.budget import BudgetExceeded, Meter, current_or_new
from iacsim.load.hcl.ast import (
    BinaryOp,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Literal,
    ObjectExpr,
    Splat,
    SplatItem,
    TemplateExpr,
    TemplateFor,
    TemplateIf,
    TupleExpr,
    UnaryOp,
    Variable,
)
from iacsim.load.hcl.bounds import check_call
from iacsim.load.hcl.convert import (
    DECIMAL_CONTEXT,
    EvalError,
    PartialObject,
    TfSet,
    from_decimal,
    sorted_object,
    tf_equal,
    to_bool,
    to_decimal,
    to_number,
    to_string,
    type_name,
)
from iacsim.load.hcl.functions import FUNCTIONS, Function, builtin_name
from iacsim.load.partial_json import partially_known_text
from iacsim.values import Unknown, first_unknown


@dataclass(frozen=True)
class EvalContext:
    """What an expression can see.

    ``variables`` maps root names (``var``, ``local``, ``module``, ``data``,
    ``count``, ``each``, ``path``, ``terraform``, ``self``, resource types…) to
    values. Values may be lazy: anything callable met while traversing is
    called with no arguments and replaced by its result, and mappings are only
    read with ``in`` and ``[]``, so a custom Mapping can resolve ``local.x`` on
    demand (and detect cycles).
    """

    variables: Mapping[str, Any] = field(default_factory=dict)
    base_dir: Path | None = None
    """Directory relative ``file()``/``templatefile()`` paths resolve against (``path.module``)."""
    root_dir: Path | None = None
    """The scanned root: files outside it are never read (result: Unknown)."""
    functions: Mapping[str, Function] = field(default_factory=lambda: FUNCTIONS)

    def with_names(self, **names: Any) -> EvalContext:
        """A context where ``names`` are added to (or shadow) the root names."""
        return self.with_variables(names)

    def with_variables(self, names: Mapping[str, Any]) -> EvalContext:
        return replace(self, variables=ChainMap(dict(names), self.variables))  # type: ignore[arg-type]


def evaluate(expr: Expr, ctx: EvalContext) -> Any:
    """The value of ``expr``: str/int/float/bool/None/list/dict, or an Unknown (possibly nested).

    An exceeded budget (:mod:`iacsim.load.budget`) is recorded on the meter, for the
    loader to report with the file, and the value is unknown.
    """
    evaluator = Evaluator(ctx)
    try:
        return evaluator.eval(expr)
    except BudgetExceeded as exc:
        line = exc.line if exc.line is not None else expr.line
        evaluator.meter.record(exc.message, line)
        return Unknown(f"{exc.message} (line {line})", traversal_text(expr))
    except EvalError as exc:
        line = exc.line if exc.line is not None else expr.line
        return Unknown(f"{exc.message} (line {line})", traversal_text(expr))
    except RecursionError:
        return Unknown(f"expression nested too deeply (line {expr.line})")


def evaluate_strict(expr: Expr, ctx: EvalContext) -> Any:
    """Like :func:`evaluate` but raises :class:`EvalError` where Terraform would report an error."""
    return Evaluator(ctx).eval(expr)


def force(value: Any) -> Any:
    """Resolve a lazy value (a zero-argument callable) to what it stands for."""
    while callable(value) and not isinstance(value, Mapping | list | str | type):
        value = value()
    return value


def materialize(value: Any) -> Any:
    """Deep-resolve lazy values so callers only ever see plain values."""
    value = force(value)
    if isinstance(value, PartialObject):
        return PartialObject({k: materialize(v) for k, v in value.items()}, value.ref)
    if isinstance(value, Mapping):
        return {k: materialize(value[k]) for k in value}
    if isinstance(value, TfSet):
        return TfSet(materialize(v) for v in value)
    if isinstance(value, list | tuple):
        return [materialize(v) for v in value]
    return value


def traversal_text(expr: Expr) -> str | None:
    """``aws_kms_key.this[0].arn`` for a pure traversal expression, else None."""
    if isinstance(expr, Variable):
        return expr.name
    if isinstance(expr, GetAttr):
        base = traversal_text(expr.source)
        return f"{base}.{expr.name}" if base else None
    if isinstance(expr, Index) and isinstance(expr.key, Literal):
        base = traversal_text(expr.source)
        if base is None:
            return None
        key = expr.key.value
        return f"{base}[{key}]" if isinstance(key, int) else f'{base}["{key}"]'
    return None


def iterate(collection: Any, what: str) -> Iterator[tuple[Any, Any]]:
    """(key, value) pairs the way ``for`` sees them: list index or map key (sorted)."""
    if isinstance(collection, TfSet):
        for value in collection:
            yield value, force(value)  # a set element is its own key
    elif isinstance(collection, list | tuple):
        yield from enumerate(collection)
    elif isinstance(collection, Mapping):
        for key in sorted(collection):
            yield key, force(collection[key])
    elif collection is None:
        raise EvalError(f"cannot iterate over a null value in {what}")
    else:
        raise EvalError(f"{what} needs a list, set, map or object, got {type_name(collection)}")


_NO_ITEM: Any = object()


class Evaluator:
    """One evaluation scope; ``for`` expressions and splats create child scopes."""

    def __init__(
        self, ctx: EvalContext, names: Mapping[str, Any] | None = None, item: Any = _NO_ITEM,
        meter: Meter | None = None,
    ) -> None:
        self.ctx = ctx
        self.meter = meter or current_or_new()
        self.names: Mapping[str, Any] = names if names is not None else ctx.variables
        self.item = item
        """The current element inside a splat's ``each`` expression."""

    def child(self, names: Mapping[str, Any] | None = None, item: Any = _NO_ITEM) -> Evaluator:
        scope = ChainMap(dict(names), self.names) if names else self.names  # type: ignore[arg-type]
        return Evaluator(self.ctx, scope, item if item is not _NO_ITEM else self.item, self.meter)

    # -- dispatch ------------------------------------------------------------

    def eval(self, expr: Expr) -> Any:
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            raise EvalError(f"cannot evaluate {type(expr).__name__}", expr.line)
        self.meter.step()
        try:
            return handler(self, expr)
        except BudgetExceeded as exc:
            if exc.line is None:
                exc.line = expr.line  # the innermost expression: where the report should point
            raise

    # -- traversals ----------------------------------------------------------

    def traverse(self, expr: Expr) -> Any:
        """Like :meth:`eval` but leaves lazy values inside the result unresolved."""
        if isinstance(expr, Variable):
            if expr.name in self.names:
                return force(self.names[expr.name])
            return Unknown(f'unknown name "{expr.name}"', expr.name)
        if isinstance(expr, SplatItem):
            if self.item is _NO_ITEM:
                raise EvalError("splat element used outside a splat", expr.line)
            return self.item
        if isinstance(expr, GetAttr):
            return self.get_attr(self.traverse(expr.source), expr.name, expr)
        if isinstance(expr, Index):
            source = self.traverse(expr.source)
            return self.index(source, self.eval(expr.key), expr)
        return self.eval(expr)

    def eval_traversal(self, expr: Expr) -> Any:
        return materialize(self.traverse(expr))

    def get_attr(self, obj: Any, name: str, expr: Expr) -> Any:
        if isinstance(obj, Unknown):
            return obj
        if obj is None:
            raise EvalError(f'attempt to get attribute "{name}" from a null value', expr.line)
        if isinstance(obj, Mapping):
            if name in obj:
                return force(obj[name])
            if isinstance(obj, PartialObject):
                return obj.missing(name)
            raise EvalError(f'unsupported attribute "{name}"', expr.line)
        raise EvalError(f'cannot get attribute "{name}" of a {type_name(obj)} value', expr.line)

    def index(self, obj: Any, key: Any, expr: Expr) -> Any:
        if isinstance(obj, Unknown):
            return obj
        if isinstance(key, Unknown):
            return key
        if obj is None:
            raise EvalError("cannot index a null value", expr.line)
        if key is None:
            raise EvalError("cannot use a null value as an index", expr.line)
        if isinstance(obj, TfSet):
            raise EvalError("elements of a set are not indexable; convert it with tolist() first", expr.line)
        if isinstance(obj, list | tuple):
            num = to_number(key, "an index")
            if isinstance(num, float) or num < 0 or num >= len(obj):
                raise EvalError(f"index {to_string(num)} is out of range for a list of {len(obj)}", expr.line)
            return force(obj[num])
        if isinstance(obj, Mapping):
            name = to_string(key, "a map key")
            if name in obj:
                return force(obj[name])
            if isinstance(obj, PartialObject):
                return obj.missing(name)
            raise EvalError(f'the map has no element for key "{name}"', expr.line)
        raise EvalError(f"cannot index a {type_name(obj)} value", expr.line)

    # -- handlers -------------------------------------------------------------

    def literal(self, expr: Literal) -> Any:
        return expr.value

    def tuple_(self, expr: TupleExpr) -> list[Any]:
        return [self.eval(i) for i in expr.items]

    def object_(self, expr: ObjectExpr) -> Any:
        out: dict[str, Any] = {}
        for item in expr.items:
            key = self.eval(item.key)
            if isinstance(key, Unknown):
                return key
            if key is None:
                raise EvalError("object key is null", item.line)
            out[to_string(key, "an object key")] = self.eval(item.value)
        return sorted_object(out)

    def template(self, expr: TemplateExpr) -> Any:
        pieces: list[str] = []
        size = 0
        unknowns: list[Unknown] = []
        values: list[str | Unknown] = []
        for part in expr.parts:
            value = self.eval(part)
            if isinstance(value, Unknown):
                unknowns.append(value)
                values.append(value)
                pieces.append(_template_text(value))
                continue
            if value is None:
                raise EvalError("a null value cannot be interpolated into a string template", part.line)
            if isinstance(value, list | tuple | Mapping):
                raise EvalError(f"cannot include a {type_name(value)} value in a string template", part.line)
            unknown = first_unknown(value)
            if unknown is not None:
                return unknown
            pieces.append(to_string(value))
            values.append(pieces[-1])
            size += len(pieces[-1])
            self.meter.check_string(size, "a string template")
        if unknowns:
            result = _unknown_template(unknowns, pieces, len(expr.parts))
            # JSON written as a template (a heredoc policy) keeps what is known of it (Unknown.partial).
            partial = partially_known_text(values)
            return result if partial is None else replace(result, partial=partial)
        return "".join(pieces)

    def template_if(self, expr: TemplateIf) -> Any:
        cond = self.eval(expr.cond)
        if isinstance(cond, Unknown):
            return cond
        if to_bool(cond, "the %{if} condition"):
            return self.template(expr.then)
        return self.template(expr.else_) if expr.else_ is not None else ""

    def template_for(self, expr: TemplateFor) -> Any:
        coll = self.eval(expr.collection)
        if isinstance(coll, Unknown):
            return coll
        pieces: list[str] = []
        size = 0
        for key, value in iterate(coll, "%{for}"):
            names = {expr.value_var: value}
            if expr.key_var:
                names[expr.key_var] = key
            text = self.child(names).template(expr.body)
            if isinstance(text, Unknown):
                return text
            pieces.append(text)
            size += len(text)
            self.meter.check_string(size, "a %{for} template")
        return "".join(pieces)

    def splat(self, expr: Splat) -> Any:
        source = self.eval(expr.source)
        if isinstance(source, Unknown):
            return source
        if source is None:
            return []
        items = source if isinstance(source, list | tuple) else [source]
        return [materialize(self.child(item=force(v)).traverse(expr.each)) for v in items]

    def function_call(self, expr: FunctionCall) -> Any:
        fn = self.ctx.functions.get(builtin_name(expr.name))
        if fn is None:
            if expr.name.startswith("provider::"):
                return Unknown(f"provider function {expr.name}() is not evaluated statically", expr.name)
            # Terraform rejects the configuration; the loader reports it (PARSE004) with file and line.
            raise EvalError(f'call to unknown function "{expr.name}"', expr.line)
        if fn.lazy:
            if expr.expand_final:
                raise EvalError(f"{expr.name}() does not accept an expanded argument", expr.line)
            return fn.impl(expr.args, self)
        args = [self.eval(a) for a in expr.args]
        if expr.expand_final and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if isinstance(last, Mapping) or not isinstance(last, list | tuple):
                raise EvalError(
                    f"the expanded argument of {expr.name}() must be a list, got {type_name(last)}"
                )
            args.extend(last)
        if not fn.unknown_ok:
            for a in args:
                unknown = first_unknown(a)
                if unknown is not None:
                    return _not_the_same_string(unknown)
        check_call(self.meter, fn.name, args)
        self.meter.line = expr.line  # where a refused file() path is reported
        result = call_function(fn, args, self.ctx, expr.line)
        self.meter.check_value(result, f"the result of {fn.name}()")
        return result

    def conditional(self, expr: Conditional) -> Any:
        cond = self.eval(expr.cond)
        if isinstance(cond, Unknown):
            return _not_the_same_string(cond)
        chosen, other = (expr.then, expr.else_) if to_bool(cond, "the condition") else (expr.else_, expr.then)
        value = self.eval(chosen)
        # Terraform gives both results one type: `true ? 1 : "a"` is "1". We
        # unify only against a literal other branch, to avoid evaluating (and
        # resolving the references of) a branch that is not taken.
        if (
            isinstance(other, Literal)
            and isinstance(other.value, str)
            and isinstance(value, bool | int | float)
        ):
            return to_string(value)
        return value

    def unary(self, expr: UnaryOp) -> Any:
        value = self.eval(expr.operand)
        if isinstance(value, Unknown):
            return value
        if expr.op == "!":
            return not to_bool(value, "the operand of !")
        return from_decimal(to_decimal(to_number(value, "the operand of -")).copy_negate())

    def binary(self, expr: BinaryOp) -> Any:
        left = self.eval(expr.left)
        right = self.eval(expr.right)
        op = expr.op
        if op in ("&&", "||"):
            return _logic(op, left, right)
        if op == "==" or op == "!=":
            eq = tf_equal(left, right)
            if isinstance(eq, Unknown):
                return eq
            return eq if op == "==" else not eq
        for side in (left, right):
            if isinstance(side, Unknown):
                return side
        a = to_decimal(to_number(left, f"the left operand of {op}"))
        b = to_decimal(to_number(right, f"the right operand of {op}"))
        return _ARITHMETIC[op](a, b, expr.line)

    def for_expr(self, expr: ForExpr) -> Any:
        coll = self.eval(expr.collection)
        if isinstance(coll, Unknown):
            return coll
        items: list[Any] = []
        grouped: dict[str, Any] = {}
        for key, value in iterate(coll, "a for expression"):
            names = {expr.value_var: value}
            if expr.key_var:
                names[expr.key_var] = key
            scope = self.child(names)
            if expr.cond is not None:
                keep = scope.eval(expr.cond)
                if isinstance(keep, Unknown):
                    return keep
                if not to_bool(keep, "the for expression's if clause"):
                    continue
            if expr.key_expr is None:
                items.append(scope.eval(expr.value_expr))
                self.meter.check_collection(len(items), "a for expression")
                continue
            k = scope.eval(expr.key_expr)
            if isinstance(k, Unknown):
                return k
            if k is None:
                raise EvalError("a for expression produced a null object key", expr.line)
            name = to_string(k, "an object key")
            v = scope.eval(expr.value_expr)
            self.meter.check_collection(len(grouped) + 1, "a for expression")
            if expr.grouping:
                grouped.setdefault(name, []).append(v)
            elif name in grouped:
                raise EvalError(
                    f'duplicate object key "{name}" in for expression (use "..." to group)', expr.line
                )
            else:
                grouped[name] = v
        if expr.key_expr is None:
            return items
        return sorted_object(grouped)


def call_function(fn: Function, args: list[Any], ctx: EvalContext, line: int) -> Any:
    """Run a function, turning the errors a bad argument causes into :class:`EvalError`."""
    try:
        return fn.impl(ctx, *args) if fn.needs_ctx else fn.impl(*args)
    except EvalError as exc:
        raise EvalError(f"{fn.name}(): {exc.message}", line) from None
    except (
        TypeError,
        ValueError,
        KeyError,
        IndexError,
        ZeroDivisionError,
        OverflowError,
        ArithmeticError,
    ) as exc:
        raise EvalError(f"{fn.name}(): {exc}", line) from None


def _logic(op: str, left: Any, right: Any) -> Any:
    # A known false makes && false (and a known true makes || true) even when
    # the other side is unknown, as cty does.
    decisive = op == "||"
    known = [v for v in (left, right) if not isinstance(v, Unknown)]
    for v in known:
        if to_bool(v, f"an operand of {op}") is decisive:
            return decisive
    for v in (left, right):
        if isinstance(v, Unknown):
            return v
    return not decisive


def _divide(a: Decimal, b: Decimal, line: int) -> int | float:
    if b == 0:
        raise EvalError("divide by zero", line)
    return from_decimal(DECIMAL_CONTEXT.divide(a, b))


def _modulo(a: Decimal, b: Decimal, line: int) -> int | float:
    if b == 0:
        raise EvalError("divide by zero", line)
    result = DECIMAL_CONTEXT.remainder(a, b)
    # Terraform's modulo never yields a negative zero (-2 % 2 is 0), unlike * and /.
    return 0 if result.is_zero() else from_decimal(result)


_ARITHMETIC: dict[str, Callable[[Decimal, Decimal, int], Any]] = {
    "+": lambda a, b, _: from_decimal(DECIMAL_CONTEXT.add(a, b)),
    "-": lambda a, b, _: from_decimal(DECIMAL_CONTEXT.subtract(a, b)),
    "*": lambda a, b, _: from_decimal(DECIMAL_CONTEXT.multiply(a, b)),
    "/": _divide,
    "%": _modulo,
    "<": lambda a, b, _: a < b,
    ">": lambda a, b, _: a > b,
    "<=": lambda a, b, _: a <= b,
    ">=": lambda a, b, _: a >= b,
}

_HANDLERS: dict[type, Callable[[Evaluator, Any], Any]] = {
    Literal: Evaluator.literal,
    Variable: Evaluator.eval_traversal,
    GetAttr: Evaluator.eval_traversal,
    Index: Evaluator.eval_traversal,
    SplatItem: Evaluator.eval_traversal,
    Splat: Evaluator.splat,
    TupleExpr: Evaluator.tuple_,
    ObjectExpr: Evaluator.object_,
    FunctionCall: Evaluator.function_call,
    Conditional: Evaluator.conditional,
    BinaryOp: lambda ev, expr: _not_the_same_string(Evaluator.binary(ev, expr)),
    UnaryOp: lambda ev, expr: _not_the_same_string(Evaluator.unary(ev, expr)),
    ForExpr: Evaluator.for_expr,
    TemplateExpr: Evaluator.template,
    TemplateIf: lambda ev, expr: _not_the_same_string(Evaluator.template_if(ev, expr)),
    TemplateFor: lambda ev, expr: _not_the_same_string(Evaluator.template_for(ev, expr)),
}


def _not_the_same_string(value: Any) -> Any:
    """A function or operator that meets an unknown argument answers with that Unknown; its result is not the
    argument's string (``upper(local.name)``, ``local.name == ""``), so it must not carry the template (a
    function that knows better, ``jsonencode``, builds its own)."""
    if isinstance(value, Unknown) and value.template is not None:
        return Unknown(value.reason, value.ref)
    return value


_NO_TEMPLATE = "\x00"
"""Marks a part that cannot be named (an unknown without a ref): the template then stays None."""


def _template_text(value: Unknown) -> str:
    if value.template is not None:
        return value.template
    return f"${{{value.ref}}}" if value.ref else _NO_TEMPLATE


def _unknown_template(unknowns: list[Unknown], pieces: list[str], parts: int) -> Unknown:
    """A string template with unknown parts: the first unknown (its reason and ref, as before), plus the
    template text that says *which* string it is (``replica-${random_pet.this.id}``)."""
    first = unknowns[0]
    text = "".join(pieces)
    if parts == 1 or _NO_TEMPLATE in text:
        return first
    return Unknown(first.reason, first.ref, template=text)
