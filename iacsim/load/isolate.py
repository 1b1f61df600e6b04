"""Run one file's parse in a worker process with a wall-clock limit and a memory ceiling.

A file written to hurt the scanner (or one that meets a parser bug) must cost that
file, not the scan: the worker that parses it is stopped when it overruns its time
(``budgets.file_timeout``) or its address space (``budgets.file_memory_mb``, set with
``RLIMIT_AS`` in the child), and a worker that dies is noticed. Either way the
caller gets a :class:`Stopped` naming why, reports it as a ``worker-failed`` finding
for that file, and goes on with every other file.

Starting a process costs a few milliseconds, so only files at least
``budgets.isolate_above_kb`` big are isolated (small files parse in less time than
a fork takes, and the evaluation budgets bound what they can do afterwards), and
the parallel pool that parses many small files falls back to this one-by-one path
only if one of its workers dies. Workers are forked (the child needs nothing
re-imported); where fork is unavailable the call runs in-process, unisolated.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

WORKER_CODE = "worker-failed"
"""Diagnostic code of a file whose worker was stopped or died (rule PARSE012)."""


@dataclass(frozen=True)
class WorkerLimits:
    timeout: float
    """Seconds of wall-clock time."""
    memory_mb: int
    """Address-space ceiling of the worker, MiB."""


@dataclass(frozen=True)
class Stopped:
    """The worker did not return a result."""

    reason: str


def _child(conn: Connection, fn: Callable[[Any], Any], arg: Any, memory_mb: int) -> None:
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # a lower hard limit already applies: keep it
    try:
        result: tuple[str, Any] = ("ok", fn(arg))
    except MemoryError:
        result = ("stopped", f"ran out of memory (over budgets.file_memory_mb, {memory_mb} MiB)")
    except RecursionError:
        result = ("stopped", "nested too deeply to parse")
    except Exception as exc:  # a parser bug: this file's problem, not the scan's
        result = ("stopped", f"internal error while parsing ({type(exc).__name__})")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("stopped", f"ran out of memory (over budgets.file_memory_mb, {memory_mb} MiB)"))
    finally:
        conn.close()


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_isolated(fn: Callable[[Any], Any], arg: Any, limits: WorkerLimits) -> Any:
    """``fn(arg)`` in a forked worker: its result, or :class:`Stopped` if the worker overran or died."""
    if not fork_available():
        return fn(arg)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_child, args=(child, fn, arg, limits.memory_mb), daemon=True)
    worker.start()
    child.close()
    try:
        if not parent.poll(limits.timeout):
            return Stopped(f"parsing took longer than budgets.file_timeout ({limits.timeout:g} s); stopped")
        try:
            status, value = parent.recv()
        except (EOFError, OSError):
            worker.join(1)
            return Stopped(_death(worker.exitcode))
        return value if status == "ok" else Stopped(str(value))
    finally:
        parent.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the parse worker died ({name})"
    return f"the parse worker died (exit code {exitcode})"


def file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
