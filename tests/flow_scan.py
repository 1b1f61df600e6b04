"""Scan a few files written for a flow test, as ``iacsim plan`` does (no configuration, no cache)."""

from __future__ import annotations

from pathlib import Path

from iacsim.config import parse_config
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.data import Report


def scan_files(root: Path, files: dict[str, str]) -> Report:
    """Write ``files`` (name → text) under ``root`` and scan it; the report of the one world."""
    for name, text in files.items():
        (root / name).write_text(text)
    report, _world, _loaded = scan([root], LoadOptions(config=parse_config(None, "test"), use_cache=False), "none")
    return report
