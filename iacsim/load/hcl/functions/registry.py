"""The function table: how a Terraform function is declared and registered.

Each ``functions/<topic>.py`` module registers its functions with
:func:`function`; :data:`FUNCTIONS` is filled by importing those modules
(see ``functions/__init__.py``), never by a hand-kept list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Function:
    """A Terraform function.

    By default ``impl(*values)`` receives evaluated arguments and is never
    called when an argument holds an Unknown anywhere inside it: the result is
    then that Unknown. Flags relax this:
    """

    name: str
    impl: Callable[..., Any]
    unknown_ok: bool = False
    """``impl`` handles Unknowns inside (or as) its arguments itself, e.g. ``length``
    of a list whose elements are unknown is still known."""
    lazy: bool = False
    """``impl(args: tuple[Expr, ...], evaluator)`` evaluates its own arguments
    (``try``, ``can`` must catch errors in them)."""
    needs_ctx: bool = False
    """``impl(ctx, *values)`` also receives the EvalContext (file access)."""


FUNCTIONS: dict[str, Function] = {}
"""Every registered Terraform function by name."""


def function(
    name: str, *, unknown_ok: bool = False, lazy: bool = False, needs_ctx: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``impl`` as Terraform function ``name``."""

    def register(impl: Callable[..., Any]) -> Callable[..., Any]:
        if name in FUNCTIONS:
            raise ValueError(f"function {name!r} registered twice")
        FUNCTIONS[name] = Function(name, impl, unknown_ok=unknown_ok, lazy=lazy, needs_ctx=needs_ctx)
        return impl

    return register


CORE_NAMESPACE = "core::"
"""Terraform 1.8+ also names every built-in function ``core::<name>`` (``core::max(1, 2)``)."""


def builtin_name(name: str) -> str:
    """The table name a call refers to: ``core::max`` and ``max`` are the same built-in function."""
    return name.removeprefix(CORE_NAMESPACE)


def is_known_function(name: str) -> bool:
    """True for a built-in (plain or ``core::``) and for any provider function (``provider::…``),
    which is evaluated as unknown rather than rejected."""
    return name.startswith("provider::") or builtin_name(name) in FUNCTIONS
