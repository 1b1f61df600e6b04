"""Where a finding's file is, in the form each reader can follow.

Findings keep paths relative to the scanned root (so fingerprints and baselines do not change with the
directory a scan is started from). Readers need other forms: a terminal or CI log wants a path relative
to the current directory, so ``infra/modules/kms/main.tf:18`` is clickable in an editor and in the log;
GitHub code scanning wants SARIF locations relative to the repository root, whatever directory the
Action scanned
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#specifying-the-location-for-source-files).
The repository is found by looking for ``.git`` above the root; git itself is never run.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path


@functools.lru_cache(maxsize=64)
def repository_root(start: str) -> Path | None:
    """The git work tree holding ``start`` (a directory or a ``.git`` file of a worktree), or None."""
    here = Path(start).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _full(root: str, file: str) -> Path:
    return Path(os.path.normpath(Path(root) / file))


def shown_path(root: str, file: str, cwd: Path | None = None) -> str:
    """``file`` (relative to the scanned ``root``) relative to the current directory when it lies below it,
    else to the repository root, else as a relative path from the current directory."""
    if not root:
        return file
    full = _full(root, file)
    here = (cwd or Path.cwd()).resolve()
    try:
        return full.relative_to(here).as_posix()
    except ValueError:
        pass
    repo = repository_root(root)
    if repo is not None:
        try:
            return full.relative_to(repo).as_posix()
        except ValueError:
            pass
    return Path(os.path.relpath(full, here)).as_posix()


def source_root(root: str) -> Path:
    """The directory SARIF locations are relative to: the repository root, or the scanned root outside git."""
    if not root:
        return Path(".").resolve()
    return repository_root(root) or Path(root).resolve()


def repository_path(root: str, file: str) -> str:
    """``file`` relative to :func:`source_root` (``/`` separators)."""
    if not root:
        return file
    full = _full(root, file)
    try:
        return full.relative_to(source_root(root)).as_posix()
    except ValueError:
        return full.as_posix()
