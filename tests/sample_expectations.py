"""Compute and compare the expected results of every sample (samples/expected.yml).

``python tests/sample_expectations.py --write`` (``make snapshots``) regenerates the
file from a scan; review the diff before committing it.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected.yml"
# The imported-key samples take their key material at apply time (TF_VAR_...); any base64 stands in.
VARS = (("payments_key_material", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="),)


def world_of_file(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2])


SCAN_DATE = "2026-11-28T00:00:00Z"
"""The samples' expectations hold on this date (their imported key material expires in 2027)."""


@contextmanager
def at_scan_date() -> Iterator[None]:
    """Scans inside see ``IACSIM_NOW`` = :data:`SCAN_DATE`; the previous value is restored after."""
    previous = os.environ.get("IACSIM_NOW")
    os.environ["IACSIM_NOW"] = SCAN_DATE
    try:
        yield
    finally:  # other tests in this process compute dates from the real today
        if previous is None:
            del os.environ["IACSIM_NOW"]
        else:
            os.environ["IACSIM_NOW"] = previous


def current() -> dict[str, Any]:
    with at_scan_date():
        return _scan()


def _scan() -> dict[str, Any]:
    from iacsim.config import load_config
    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    options = LoadOptions(config=load_config(SAMPLES / ".iacsim.yml"), use_cache=False, vars=VARS)
    report, _, _ = scan([SAMPLES], options, "none")
    worlds: dict[str, dict[str, Any]] = defaultdict(lambda: {"findings": [], "flows": {}})
    for f in report.findings:
        if f.category in ("apply-error", "broken-flow", "security", "parse-error"):
            worlds[world_of_file(f.file)]["findings"].append(f"{f.rule_id} {f.resource}")
    for fl in report.flows:
        world = fl.name.split("]")[0].lstrip("[")
        key = f"{fl.kind} {fl.verdict}"
        worlds[world]["flows"][key] = worlds[world]["flows"].get(key, 0) + 1
    return {w: {"findings": sorted(v["findings"]), "flows": dict(sorted(v["flows"].items()))}
            for w, v in sorted(worlds.items())}


if __name__ == "__main__":
    if "--write" in sys.argv:
        EXPECTED.write_text("# Expected results of every sample world, checked by tests/test_samples_expected.py.\n"
                            "# Regenerate with `make snapshots` and review the diff.\n"
                            + yaml.safe_dump(current(), sort_keys=True, width=200))
        print(f"wrote {EXPECTED}")
    else:
        print(yaml.safe_dump(current(), sort_keys=True, width=200))
