"""Glue between the loader's orchestration and the scan's limits (isolation, deadline).

Kept out of ``load/__init__.py`` so the orchestration reads as before: which files are
parsed in isolated workers, how one document is loaded under the deadline and the
worker limits, and how work the deadline cut off becomes findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacsim.config import Budgets
from iacsim.load import deadline
from iacsim.load.isolate import WORKER_CODE, Stopped, WorkerLimits, fork_available, run_isolated
from iacsim.load.resource import Diagnostic, LoadResult


def isolation_for(budgets: Budgets) -> tuple[WorkerLimits, int | None]:
    """The worker limits, and the file size (bytes) from which files are parsed in a worker (None: never)."""
    limits = WorkerLimits(budgets.file_timeout, budgets.file_memory_mb)
    return limits, (budgets.isolate_above_kb * 1024 if fork_available() else None)


def within_deadline(limits: WorkerLimits) -> WorkerLimits:
    """``limits`` with the timeout cut to what is left of the scan's deadline."""
    remaining = deadline.remaining()
    if remaining is not None and remaining < limits.timeout:
        return WorkerLimits(max(remaining, 0.1), limits.memory_mb)
    return limits


def load_document_bounded(load: Callable[[Any], LoadResult], job: tuple[str, str, Any],
                          limits: WorkerLimits | None) -> LoadResult:
    """``load(job)`` for one YAML/JSON document: skipped once the scan timed out, in a worker when ``limits``."""
    path, rel = job[0], job[1]
    if deadline.expired():
        deadline.skip(rel, "file not loaded")
        return LoadResult()
    if limits is None:
        return load(job)
    value = run_isolated(load, job, within_deadline(limits))
    if isinstance(value, Stopped):
        out = LoadResult()
        out.files.append(rel)
        out.diagnostics.append(Diagnostic(rel, 1, f"not scanned: {value.reason}", "error", WORKER_CODE))
        return out
    assert isinstance(value, LoadResult), path
    return value


def timed_out_diagnostics() -> list[Diagnostic]:
    """One ``scan-timeout`` finding per part the deadline cut off."""
    after = deadline.seconds()
    when = f" after {after:g} s" if after is not None else ""
    return [Diagnostic(where, 1, f"{what}: the scan timed out{when}", "error", deadline.TIMEOUT_CODE)
            for where, what in deadline.skipped()]


def unfinished(where: str, what: str) -> bool:
    """True (and ``what`` recorded as skipped) once the scan's deadline has passed."""
    if deadline.expired():
        deadline.skip(where, what)
        return True
    return False


__all__ = ["isolation_for", "load_document_bounded", "timed_out_diagnostics", "unfinished", "within_deadline"]
