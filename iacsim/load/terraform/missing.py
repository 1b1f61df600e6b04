"""Which inputs without value a ``count``/``for_each`` depends on, so its notice says what to supply.

A ``for_each`` over ``local.parameter_write`` that is unknown because a module is not downloaded *and* because
the root variable it iterates has no value should name both, each with its option (``terraform init``,
``--var parameter_write=…``): the resources it would create — and the flows they carry — are missing from the
replay, and the notice is the only trace of them (issue 13: missing information is never silence).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from iacsim.load.hcl import Expr
from iacsim.load.hcl.references import references
from iacsim.values import Unknown, how_to_supply, unknown_because

MAX_NAMED = 4
"""At most this many inputs are named (the notice stays one line)."""


def missing_inputs(expr: Expr, node: Callable[[str], Any], local_expr: Callable[[str], Expr | None]) -> list[str]:
    """``variable x has no value: give it with --var x=…`` for each suppliable input ``expr`` reads without a
    value, through ``local.*`` values (``node`` evaluates ``var.x``/``module.m``; ``local_expr`` gives a local's
    expression)."""
    found: dict[str, None] = {}
    seen: set[str] = set()

    def walk(e: Expr) -> None:
        for traversal in references(e):
            if len(found) >= MAX_NAMED or len(traversal) < 2 or not isinstance(traversal[1], str):
                continue
            root, name = traversal[0], traversal[1]
            key = f"{root}.{name}"
            if root == "local" and key not in seen:
                seen.add(key)
                inner = local_expr(name)
                if inner is not None:
                    walk(inner)
            elif root in ("var", "module"):
                value = node(key)
                if root == "module" and isinstance(value, Mapping) and len(traversal) > 2:
                    value = value.get(traversal[2])
                if isinstance(value, Unknown) and how_to_supply(value) is not None:
                    found.setdefault(unknown_because(value).strip()[1:-1], None)

    walk(expr)
    return list(found)
