"""Files the command line writes (``-o``, ``--report``, ``--audit-log``, ``--create-baseline``).

Each is checked *before* the scan, so a typo in a directory costs the user a one-line error (exit code 2)
instead of a traceback after minutes of scanning; a write that still fails (permissions, a full disk)
becomes the same kind of error. Nothing is created that the user did not ask for: a missing directory is
reported, never made.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from iacsim.errors import IacsimUserError


class OutputPathError(IacsimUserError):
    """An output file cannot be written where the user asked."""


def check_writable(option: str, path: Path) -> None:
    """Raise :class:`OutputPathError` when ``path`` (given with ``option``) cannot be a file we write."""
    if path.is_dir():
        raise OutputPathError(f"{option} {path}: is a directory; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise OutputPathError(f"{option} {path}: directory {parent} does not exist (create it first)")
    if not parent.is_dir():
        raise OutputPathError(f"{option} {path}: {parent} is not a directory")


def check_all(outputs: Iterable[tuple[str, Path | None]]) -> None:
    for option, path in outputs:
        if path is not None:
            check_writable(option, path)


def write_text(option: str, path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8; an OS error is a user error naming the option and the file."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputPathError(f"{option} {path}: cannot write: {exc.strerror or exc}") from exc
