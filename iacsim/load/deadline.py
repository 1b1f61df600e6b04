"""The scan's wall-clock deadline (``--timeout``) and what it left unfinished.

A scan must never hang silently. The CLI sets a deadline around the scan with
:func:`limit`; long loops (files, root modules, worlds, flows, evaluation steps)
ask :func:`expired` and, once it is, skip their remaining work and name it with
:func:`skip`. The scan then still builds a report, which lists every skipped part
as a ``scan-timeout`` finding, and the CLI exits 2.

Process-global on purpose: the deadline is one per scan, the scan runs in one
thread, and worker processes get their own time limits (see ``load/isolate.py``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

TIMEOUT_CODE = "scan-timeout"
"""Diagnostic code of work the deadline cut off (rule PARSE013)."""

_state: dict[str, float | None] = {"at": None, "seconds": None}
_skipped: list[tuple[str, str]] = []


@contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    """Run the body with a deadline ``seconds`` from now (None: no deadline)."""
    saved = dict(_state), list(_skipped)
    _state["at"] = time.monotonic() + seconds if seconds is not None else None
    _state["seconds"] = seconds
    _skipped.clear()
    try:
        yield
    finally:
        _state.update(saved[0])
        _skipped[:] = saved[1]


def expired() -> bool:
    at = _state["at"]
    return at is not None and time.monotonic() >= at


def remaining() -> float | None:
    """Seconds left before the deadline (None: no deadline)."""
    at = _state["at"]
    return None if at is None else max(0.0, at - time.monotonic())


def seconds() -> float | None:
    return _state["seconds"]


def skip(where: str, what: str) -> None:
    """Record that ``what`` (at file ``where``) was not finished because the scan timed out."""
    if (where, what) not in _skipped:
        _skipped.append((where, what))


def skipped() -> list[tuple[str, str]]:
    """(file, what) for every part the deadline cut off, in the order they were skipped."""
    return list(_skipped)


def timed_out() -> bool:
    return expired() or bool(_skipped)
