"""Small helpers for rules reading model values that may be Unknown."""

from __future__ import annotations

from typing import Any, TypeVar

from iacsim.values import Unknown

T = TypeVar("T")


def known(value: Any) -> bool:
    """True when the value is statically known (not an Unknown, not None)."""
    return value is not None and not isinstance(value, Unknown)


def is_true(value: Any) -> bool:
    """True only for a known ``True``: an Unknown setting never triggers a rule."""
    return value is True


def text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
