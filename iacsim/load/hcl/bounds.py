"""How big a Terraform function's result will be, known *before* calling it.

Most functions build results no bigger than their arguments, so checking each
result after the call (see ``call_function``) bounds them. A few multiply:
``setproduct`` of three 1,000-element lists is a billion tuples, ``join`` of a
list holding one long string many times is gigabytes, ``format("%999999999d")``
and ``indent`` pad, ``replace`` with an empty search string inserts everywhere.
Those would exhaust memory before any check after the call could run, so their
result size is estimated here from the arguments and checked against the budget
first. Functions are named, not imported: this table adds no dependency to the
function modules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

from iacsim.load.budget import Meter

Kind = Literal["collection", "string"]

_WIDTHS = re.compile(r"%(?:\[\d+\])?[-+# 0]*(\d*)(?:\.(\d*))?")


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | Mapping | set | frozenset) else 0


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str) else len(str(value)) if isinstance(value, int | float) else 0


def _setproduct(args: list[Any]) -> int:
    return math.prod(_len(a) for a in args)


def _range(args: list[Any]) -> int:
    nums = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
    if len(nums) != len(args) or not 1 <= len(nums) <= 3:
        return 0  # range() itself reports bad arguments
    start, limit, step = (0, nums[0], 1) if len(nums) == 1 else (nums[0], nums[1], 1) if len(nums) == 2 \
        else (nums[0], nums[1], nums[2])
    if len(nums) < 3 and limit < start:
        step = -1
    if step == 0 or math.isinf(limit) or math.isnan(limit):
        return 0
    return max(0, math.ceil((limit - start) / step))


def _join(args: list[Any]) -> int:
    if not args:
        return 0
    sep = _text_len(args[0])
    items = [v for lst in args[1:] if isinstance(lst, list | tuple) for v in lst]
    return sum(_text_len(v) for v in items) + sep * max(0, len(items) - 1)


def _format(args: list[Any]) -> int:
    fmt = args[0] if args and isinstance(args[0], str) else ""
    pads = sum(int(w or 0) + int(p or 0) for w, p in _WIDTHS.findall(fmt))
    return len(fmt) + pads + sum(_text_len(a) for a in args[1:])


def _formatlist(args: list[Any]) -> int:
    rows = max((_len(a) for a in args[1:] if isinstance(a, list | tuple)), default=1)
    return rows * max(1, _format([args[0] if args else "", *(a for a in args[1:] if not isinstance(a, list))]))


def _indent(args: list[Any]) -> int:
    if len(args) != 2 or not isinstance(args[1], str):
        return 0
    spaces = args[0] if isinstance(args[0], int) else 0
    return len(args[1]) + spaces * args[1].count("\n")


def _replace(args: list[Any]) -> int:
    if len(args) != 3 or not all(isinstance(a, str) for a in args):
        return 0
    text, old, new = args
    hits = len(text) + 1 if old == "" else text.count(old) if not (old.startswith("/") and len(old) > 1) \
        else len(text) + 1
    return len(text) + hits * len(new)


ESTIMATES: dict[str, tuple[Kind, Callable[[list[Any]], int]]] = {
    "setproduct": ("collection", _setproduct),
    "range": ("collection", _range),
    "formatlist": ("collection", lambda args: max((_len(a) for a in args[1:]), default=1)),
    "join": ("string", _join),
    "format": ("string", _format),
    "indent": ("string", _indent),
    "replace": ("string", _replace),
}
"""Function name → (what its result is, estimated size of the result from the arguments)."""

_TEXT_SIZE = {"formatlist": _formatlist}
"""Functions whose result is a collection of strings: the total text is checked too."""


def check_call(meter: Meter, name: str, args: list[Any]) -> None:
    """Raise :class:`~iacsim.load.budget.BudgetExceeded` if ``name(*args)`` would be too big to build."""
    estimate = ESTIMATES.get(name)
    if estimate is None:
        return
    kind, size = estimate
    what = f"{name}()"
    if kind == "collection":
        meter.check_collection(size(args), what)
    else:
        meter.check_string(size(args), what)
    text = _TEXT_SIZE.get(name)
    if text is not None:
        meter.check_string(text(args), what)
