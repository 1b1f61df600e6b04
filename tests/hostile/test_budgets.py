"""Hostile Terraform/CloudFormation: the scan ends, the report is valid, the valid file beside it is fully
scanned, and the hostile file has its finding.

Memory ceiling: each scan allocates at most ``MEMORY_CEILING`` bytes of Python objects (tracemalloc peak),
whatever the input asks for (a billion-tuple setproduct, a 100 MB join). The step budget is lowered to
``STEPS`` in these tests so the nested-for case ends in well under a second; the defaults are the same
code path, just ~25x more work. Time is CPU time of the scan (tracemalloc on), so a loaded machine does not
make the limit flaky.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import evaluation_generators as gen

from iacsim.cli import main

MEMORY_CEILING = 256 * 1024 * 1024
STEPS = 20_000
TIME_LIMIT = 5.0


@pytest.fixture(scope="module", autouse=True)
def _warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One ordinary scan first: the lazy imports of the pipeline are not the hostile scan's cost."""
    root = tmp_path_factory.mktemp("warm")
    (root / "main.tf").write_text(gen.VALID_KEY)
    CliRunner().invoke(main, ["plan", str(root), "--no-cache", "--format", "json", "-o", str(root / "r.json")])


def _scan(root: Path, *extra: str) -> tuple[int, dict, float, int]:
    out = root / "report.json"
    tracemalloc.start()
    start = time.process_time()  # CPU time: the suite's other workers share the cores
    try:
        result = CliRunner().invoke(main, ["plan", str(root), "--no-cache", "--format", "json", "-o", str(out),
                                           *extra], catch_exceptions=False)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result.exit_code, json.loads(out.read_text()), time.process_time() - start, peak


def _setup(tmp_path: Path, make: Callable[[Path], str], budgets: str = "") -> tuple[Path, str]:
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "main.tf").write_text(gen.VALID_KEY)
    hostile = make(tmp_path / "bad")
    (tmp_path / ".iacsim.yml").write_text(f"budgets: {{max_steps: {STEPS}{budgets}}}\n")
    return tmp_path, f"bad/{hostile}"


CASES = [
    pytest.param(gen.huge_range, "PARSE011", "", id="range-1e9"),  # Terraform's own 1,024 cap, now a finding
    pytest.param(gen.huge_count, "PARSE011", "", id="count-100000000"),
    pytest.param(gen.setproduct_blowup, "PARSE011", "", id="setproduct"),
    pytest.param(gen.gigabyte_join, "PARSE011", "", id="gigabyte-join"),
    pytest.param(gen.nested_for, "PARSE011", "", id="nested-for"),
    pytest.param(gen.deep_module_chain, "PARSE011", ", max_module_depth: 8", id="deep-module-chain"),
    pytest.param(gen.self_calling_module, "PARSE002", "", id="self-calling-module"),
    pytest.param(gen.cfn_huge_join, "PARSE011", ", max_string: 100000", id="cfn-huge-join"),
]


@pytest.mark.parametrize(("make", "rule", "budgets"), CASES)
def test_hostile_input_is_bounded(tmp_path: Path, make: Callable[[Path], str], rule: str, budgets: str) -> None:
    root, _hostile = _setup(tmp_path, make, budgets)
    code, report, took, peak = _scan(root)
    assert code in (0, 1)
    assert took < TIME_LIMIT, f"took {took:.1f} s"
    assert peak < MEMORY_CEILING, f"peak {peak / 2**20:.0f} MiB"
    assert "good/main.tf" in report["summary"]["files"]
    assert "aws_kms_key.fine" in json.dumps(report["model"])
    assert not [f for f in report["findings"] if f["file"].startswith("good/") and f["rule_id"].startswith("PARSE")]
    hits = [f for f in report["findings"] if f["rule_id"] == rule and f["file"].startswith("bad/")]
    assert hits, [(f["rule_id"], f["file"], f["message"]) for f in report["findings"]]
    assert all(f["line"] >= 1 for f in hits)


def test_wildcard_policy_replay_is_bounded(tmp_path: Path) -> None:
    root, _hostile = _setup(tmp_path, gen.wildcard_policy)
    code, report, took, peak = _scan(root)
    assert code in (0, 1)
    assert took < TIME_LIMIT and peak < MEMORY_CEILING
    assert {"good/main.tf", "bad/main.tf"} <= set(report["summary"]["files"])


def test_budget_finding_names_line_and_value_is_unknown(tmp_path: Path) -> None:
    root, _ = _setup(tmp_path, gen.setproduct_blowup)
    _code, report, _took, _peak = _scan(root, "--fail-on", "none")
    hit = next(f for f in report["findings"] if f["rule_id"] == "PARSE011")
    assert (hit["file"], hit["line"]) == ("bad/main.tf", 3)
    assert "setproduct()" in hit["message"] and "max_collection" in hit["message"]


def test_generous_defaults_pass_ordinary_code(tmp_path: Path) -> None:
    """The passing case: nothing in ordinary code comes near a budget."""
    (tmp_path / "main.tf").write_text(
        gen.VALID_KEY + 'locals {\n  names = [for i in range(100) : format("q-%03d", i)]\n'
        '  pairs = setproduct(["a", "b"], local.names)\n}\n'
        'resource "aws_sqs_queue" "q" {\n  count = length(local.pairs)\n  name = join("-", local.pairs[count.index])\n}\n')
    code, report, _took, _peak = _scan(tmp_path, "--fail-on", "none")
    assert code == 0
    assert not [f for f in report["findings"] if f["rule_id"] in ("PARSE011", "PARSE012", "PARSE013")]
