"""Every sample world's JSON, SARIF and Markdown report is byte-identical to its snapshot in tests/snapshots/.

The snapshots guard refactors: any change to any report shows up here. Regenerate with
``python tests/sample_reports_snapshot.py --write`` (``make snapshots``) and review the diff.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from sample_reports_snapshot import FORMATS, SNAPSHOTS, render, snapshot_name, worlds


@functools.cache
def _rendered(world: Path) -> dict[str, str]:
    return render(world)


_CASES = [(world, snapshot_name(world, fmt)) for world in worlds() for fmt in FORMATS]


@pytest.mark.parametrize(
    ("world", "name"),
    [pytest.param(w, n, id=n) for w, n in _CASES])
def test_report_matches_snapshot(world: Path, name: str) -> None:
    path = SNAPSHOTS / name
    assert path.exists(), f"{name} missing: run `python tests/sample_reports_snapshot.py --write`"
    assert _rendered(world)[name] == path.read_text(encoding="utf-8"), (
        f"{name} differs: if the change is intended, run `python tests/sample_reports_snapshot.py --write`")


def test_no_stale_snapshots() -> None:
    assert sorted(p.name for p in SNAPSHOTS.iterdir()) == sorted(name for _, name in _CASES)
