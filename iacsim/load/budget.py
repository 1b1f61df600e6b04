"""Bounded evaluation: the meter that keeps one root module's (or template's) evaluation finite.

A scanner run on pull requests from strangers must not hang or exhaust memory on input
written to hurt it (``setproduct`` of three 1,000-element lists, a ``join`` that builds a
gigabyte, nested ``for`` over large ranges, ``count = 100000000``). The limits are the
:class:`~iacsim.config.Budgets` of the scan; the *meter* counts against them.

Evaluators find the active meter with :func:`current` (a context variable, so functions
deep in the HCL function table need no extra parameter), count a step per expression
node and check the size of values they build. Exceeding a limit raises
:class:`BudgetExceeded`; the evaluator turns it into an ``Unknown`` carrying the reason,
and the meter keeps one :class:`Overrun` per place so the loader can report a
``budget-exceeded`` finding naming file and line. Once the step budget is spent every
further expression is unknown at once, which is what bounds the rest of the root.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from iacsim.config import Budgets
from iacsim.load import deadline

BUDGET_CODE = "budget-exceeded"
"""Diagnostic code of an exceeded budget (rule PARSE011)."""

TIMED_OUT = "the scan timed out; later values are unknown"

_CLOCK_EVERY = 4096
"""Steps between two looks at the scan deadline (a clock read per step would cost more than the step)."""


class BudgetExceeded(Exception):
    """A limit was hit while evaluating; deliberately not an ``EvalError`` so ``try()`` cannot hide it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Overrun:
    """Where a budget was exceeded (the loader that knows the file reports it)."""

    line: int
    message: str
    kind: str | None = None
    """The diagnostic code when it is not a budget's (``outside-root`` for a refused ``file()`` path)."""

    @property
    def code(self) -> str:
        """``scan-timeout`` when the scan's deadline, not a budget, stopped evaluation."""
        if self.kind is not None:
            return self.kind
        return deadline.TIMEOUT_CODE if self.message == TIMED_OUT else BUDGET_CODE


@dataclass
class Meter:
    """Counts one evaluation unit (a root module, a template) against its budgets."""

    budgets: Budgets = field(default_factory=Budgets)
    steps: int = 0
    instances: int = 0
    overruns: list[Overrun] = field(default_factory=list)
    exhausted: str | None = None
    """Why every further expression is unknown (steps spent, scan timed out), once that happens."""
    line: int = 0
    """The line of the function call being evaluated (where a refused ``file()`` path is reported)."""
    _seen: set[tuple[int, str]] = field(default_factory=set)

    def step(self) -> None:
        """One expression node evaluated; raises once the step budget or the scan's time is spent."""
        self.steps += 1
        if self.exhausted is not None:
            raise BudgetExceeded(self.exhausted)
        if self.steps > self.budgets.max_steps:
            self.exhausted = (f"evaluation stopped after {self.budgets.max_steps:,} steps (budgets.max_steps); "
                              "later values are unknown")
            raise BudgetExceeded(self.exhausted)
        if self.steps % _CLOCK_EVERY == 0 and deadline.expired():
            self.exhausted = TIMED_OUT
            raise BudgetExceeded(self.exhausted)

    def check_collection(self, n: int, what: str) -> None:
        if n > self.budgets.max_collection:
            raise BudgetExceeded(f"{what} would have {n:,} elements, more than budgets.max_collection "
                                 f"({self.budgets.max_collection:,})")

    def check_string(self, n: int, what: str) -> None:
        if n > self.budgets.max_string:
            raise BudgetExceeded(f"{what} would be {n:,} characters long, more than budgets.max_string "
                                 f"({self.budgets.max_string:,})")

    def check_value(self, value: object, what: str) -> None:
        """A value just built: a string against ``max_string``, a collection against ``max_collection``."""
        if isinstance(value, str):
            self.check_string(len(value), what)
        elif isinstance(value, list | tuple | Mapping | set | frozenset):
            self.check_collection(len(value), what)

    def take_instances(self, n: int, what: str) -> None:
        """``n`` more count/for_each instances; raises when the root's total would pass ``max_instances``."""
        if self.instances + n > self.budgets.max_instances:
            raise BudgetExceeded(f"{what} would create {n:,} instances; with the {self.instances:,} before it "
                                 f"that is more than budgets.max_instances ({self.budgets.max_instances:,})")
        self.instances += n

    def record(self, message: str, line: int) -> None:
        """Remember an overrun once per (line, message): the same loop hits it once per iteration.

        Running out of steps (or time) is remembered once, where it happened: every later
        expression is unknown for the same reason and naming each would flood the report.
        """
        key = (0, message) if message == self.exhausted else (line, message)
        if key not in self._seen:
            self._seen.add(key)
            self._seen.add((line, message))
            self.overruns.append(Overrun(line, message))

    def refuse(self, message: str, code: str) -> None:
        """A function call the scan refused (a path outside the roots): reported at the call's line, once."""
        if (self.line, message) not in self._seen:
            self._seen.add((self.line, message))
            self.overruns.append(Overrun(self.line, message, code))

    def take_overruns(self) -> list[Overrun]:
        """Overruns recorded since the last call (the caller knows which file they belong to)."""
        out, self.overruns = self.overruns, []
        return out


_CURRENT: ContextVar[Meter | None] = ContextVar("iacsim_budget_meter", default=None)


def current() -> Meter | None:
    return _CURRENT.get()


def current_or_new() -> Meter:
    """The active meter, or a fresh one with default budgets (library callers evaluating one expression)."""
    return _CURRENT.get() or Meter()


@contextmanager
def metering(meter: Meter) -> Iterator[Meter]:
    """Evaluate the body against ``meter`` (one per root module or template)."""
    token = _CURRENT.set(meter)
    try:
        yield meter
    finally:
        _CURRENT.reset(token)
