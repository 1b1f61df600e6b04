"""Which names an expression refers to, for dependency graphs.

A traversal is a tuple of its steps: ``aws_kms_key.this[0].arn`` →
``("aws_kms_key", "this", 0, "arn")``. It stops at the first step that is not
static (``x[each.key]`` → ``("x",)``; the index's own references are listed
separately). Names bound by ``for`` expressions and template ``for``
directives are local, not references.
"""

from __future__ import annotations

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

Traversal = tuple[str | int, ...]


def references(expr: Expr) -> list[Traversal]:
    """Every traversal rooted at a name in ``expr``, in source order, without duplicates."""
    found: list[Traversal] = []
    _walk(expr, frozenset(), found)
    seen: set[Traversal] = set()
    unique = []
    for t in found:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


def _chain(expr: Expr, bound: frozenset[str], found: list[Traversal]) -> Traversal | None:
    """The static traversal ``expr`` spells, recording references in dynamic indexes on the way."""
    if isinstance(expr, Variable):
        return None if expr.name in bound else (expr.name,)
    if isinstance(expr, GetAttr):
        base = _chain(expr.source, bound, found)
        return (*base, expr.name) if base is not None else None
    if isinstance(expr, Index):
        base = _chain(expr.source, bound, found)
        key = expr.key
        if isinstance(key, Literal) and isinstance(key.value, int | str) and not isinstance(key.value, bool):
            return (*base, key.value) if base is not None else None
        _walk(key, bound, found)
        if base is not None:
            found.append(base)
        return None
    _walk(expr, bound, found)
    return None


def _walk(expr: Expr, bound: frozenset[str], found: list[Traversal]) -> None:
    if isinstance(expr, Variable | GetAttr | Index):
        chain = _chain(expr, bound, found)
        if chain is not None:
            found.append(chain)
    elif isinstance(expr, Splat):
        _walk(expr.source, bound, found)
        _walk_each(expr.each, bound, found)
    elif isinstance(expr, Literal | SplatItem):
        return
    elif isinstance(expr, TupleExpr):
        for item in expr.items:
            _walk(item, bound, found)
    elif isinstance(expr, ObjectExpr):
        for entry in expr.items:
            _walk(entry.key, bound, found)
            _walk(entry.value, bound, found)
    elif isinstance(expr, FunctionCall):
        for arg in expr.args:
            _walk(arg, bound, found)
    elif isinstance(expr, Conditional):
        for part in (expr.cond, expr.then, expr.else_):
            _walk(part, bound, found)
    elif isinstance(expr, BinaryOp):
        _walk(expr.left, bound, found)
        _walk(expr.right, bound, found)
    elif isinstance(expr, UnaryOp):
        _walk(expr.operand, bound, found)
    elif isinstance(expr, ForExpr):
        _walk(expr.collection, bound, found)
        inner = bound | {expr.value_var} | ({expr.key_var} if expr.key_var else set())
        optional: list[Expr | None] = [expr.key_expr, expr.value_expr, expr.cond]
        for clause in optional:
            if clause is not None:
                _walk(clause, inner, found)
    elif isinstance(expr, TemplateExpr):
        for p in expr.parts:
            _walk(p, bound, found)
    elif isinstance(expr, TemplateIf):
        _walk(expr.cond, bound, found)
        _walk(expr.then, bound, found)
        if expr.else_ is not None:
            _walk(expr.else_, bound, found)
    elif isinstance(expr, TemplateFor):
        _walk(expr.collection, bound, found)
        inner = bound | {expr.value_var} | ({expr.key_var} if expr.key_var else set())
        _walk(expr.body, inner, found)


def _walk_each(expr: Expr, bound: frozenset[str], found: list[Traversal]) -> None:
    """A splat's per-element steps refer to the element, not to names — except inside dynamic indexes."""
    if isinstance(expr, GetAttr):
        _walk_each(expr.source, bound, found)
    elif isinstance(expr, Index):
        _walk_each(expr.source, bound, found)
        _walk(expr.key, bound, found)
