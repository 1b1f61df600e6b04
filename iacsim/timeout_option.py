"""``iacsim plan --timeout``: the whole scan under a deadline, never a silent hang.

A decorator rather than code inside the command, so the command reads as before: it
adds the option, runs the command under :func:`iacsim.load.deadline.limit` and, if
the deadline cut anything off, turns the command's exit into code 2 with one line on
stderr (``error: scan timed out after …; partial report written to …``). The report
itself lists what was not finished (PARSE013 findings).

Long loops stop cooperatively at the deadline. Code that cannot be interrupted that
way (one regular expression that backtracks for hours) is caught by a watchdog thread
a grace period later, which ends the process with code 2 and a line saying no report
was written: a pipeline never waits forever.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from iacsim.load import deadline

DEFAULT_TIMEOUT = 600.0
EXIT_TIMEOUT = 2


def _grace(seconds: float) -> float:
    return max(5.0, seconds * 0.1)


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """End the process (exit 2) if the body is still running ``seconds`` plus a grace period from now."""
    def stop() -> None:
        sys.stderr.write(f"error: scan timed out after {seconds:g} s and did not stop within "
                         f"{_grace(seconds):g} s more; no report written\n")
        sys.stderr.flush()
        os._exit(EXIT_TIMEOUT)

    timer = threading.Timer(seconds + _grace(seconds), stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _written(kwargs: dict[str, Any]) -> list[Path]:
    out: list[Path] = [kwargs["output"]] if kwargs.get("output") else []
    out += [path for _fmt, path in kwargs.get("extra_reports") or ()]
    return out


def with_timeout(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--timeout SECONDS`` to a click command that scans."""

    @click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT,
                  show_default=True, metavar="SECONDS",
                  help="Stop the scan after SECONDS: write a partial report saying what was not finished, exit 2.")
    @functools.wraps(command)
    def run(*args: Any, timeout: float, **kwargs: Any) -> Any:
        with deadline.limit(timeout), watchdog(timeout):
            try:
                return command(*args, **kwargs)
            except SystemExit as exc:
                if not deadline.timed_out() or exc.code == EXIT_TIMEOUT:
                    raise
                written = _written(kwargs)
                where = f"partial report written to {', '.join(map(str, written))}" if written else \
                    "the partial report lists what was not finished"
                click.echo(f"error: scan timed out after {timeout:g} s; {where}", err=True)
                sys.exit(EXIT_TIMEOUT)

    return run
