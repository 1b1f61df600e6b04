"""Materialise a git revision's files for ``--base REF``, without running anything from the repository.

Blobs are read with ``git ls-tree`` and ``git cat-file --batch`` and written to a
temporary directory. Unlike ``git checkout``/``worktree``/``archive``, this
applies no smudge or text filters and triggers no hooks, so nothing the scanned
repository configures is executed (only the ``git`` binary itself runs).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from iacsim.load.discover import DOC_SUFFIXES, TF_SUFFIXES

# What a scan may read: IaC files, variable files, config and usage files, template files.
_WANTED_SUFFIXES = (*TF_SUFFIXES, *DOC_SUFFIXES, ".tfvars", ".tpl", ".tftpl", ".yml")
_SAFE_GIT = ["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "protocol.allow=never"]


class GitRefError(RuntimeError):
    """The base revision cannot be read (not a git repository, unknown ref)."""


def _git(repo: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    proc = subprocess.run([*_SAFE_GIT, "-C", str(repo), *args], input=input_bytes, capture_output=True,
                          env=env, check=False)
    if proc.returncode != 0:
        raise GitRefError(proc.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return proc.stdout


def repo_top(path: Path) -> Path:
    start = path if path.is_dir() else path.parent
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())


def export_revision(repo: Path, ref: str, dest: Path) -> int:
    """Write every scannable file of ``ref`` under ``dest``; returns how many."""
    _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", ref)
    entries: list[tuple[str, str]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000" and path.endswith(_WANTED_SUFFIXES):
            entries.append((sha, path))
    if not entries:
        return 0
    batch = _git(repo, "cat-file", "--batch", input_bytes="".join(f"{sha}\n" for sha, _ in entries).encode())
    pos = 0
    root = dest.resolve()
    for _sha, path in entries:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        content = batch[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1  # content is followed by a newline
        target = (dest / path).resolve()
        if root not in target.parents:
            continue  # never write outside the temporary directory
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(entries)
