"""Compare a scan with a baseline revision: ``iacsim plan --base REF``.

The baseline is a directory or a git revision of the repository holding the
scanned paths; the same paths are scanned there with the same options and the
two reports compared (:func:`iacsim.report.diff.compare`). This is pipeline
work, not command-line work: the CLI only passes ``--base`` through.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from iacsim.cost.usage import Usage
from iacsim.errors import IacsimUserError
from iacsim.load import LoadOptions
from iacsim.load.gitref import GitRefError, export_revision, repo_top
from iacsim.pipeline import scan
from iacsim.report.data import Report
from iacsim.report.diff import compare


class BaseRefError(IacsimUserError):
    """The ``--base`` baseline cannot be scanned; the message starts with ``--base REF:``."""


def compare_with_base(head: Report, base: str, paths: list[Path], options: LoadOptions, fail_on: str,
                      usage: Usage | None) -> dict[str, Any]:
    """Scan the same paths in the baseline (a directory or a git revision) and compare ``head`` with it."""
    cwd = Path.cwd().resolve()
    with tempfile.TemporaryDirectory(prefix="iacsim-base-") as tmp:
        if Path(base).is_dir():
            anchor, base_root = cwd, Path(base).resolve()
        else:
            try:
                anchor = repo_top(paths[0].resolve())
                export_revision(anchor, base, Path(tmp))
            except GitRefError as exc:
                raise BaseRefError(
                    f"--base {base}: neither a directory nor a readable git revision ({exc})") from exc
            base_root = Path(tmp)
        base_paths = []
        for p in paths:
            try:
                rel = p.resolve().relative_to(anchor)
            except ValueError as exc:
                raise BaseRefError(f"--base {base}: {p} is not inside {anchor}") from exc
            if (base_root / rel).exists():
                base_paths.append(base_root / rel)
        if base_paths:
            base_report = scan(base_paths, options, fail_on, None, usage)[0]
        else:
            base_report = Report(root=str(base_root), summary={}, cost={})
        return compare(head, base_report, base)
