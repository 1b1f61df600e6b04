"""Worker isolation and the scan timeout: a worker that overruns or dies costs its file only; --timeout ends the
scan with a partial report and exit code 2. Memory ceiling of a worker here: 256 MiB (RLIMIT_AS)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import evaluation_generators as gen

from iacsim.cli import main
from iacsim.load.isolate import Stopped, WorkerLimits, fork_available, run_isolated

pytestmark = pytest.mark.skipif(not fork_available(), reason="worker isolation needs fork")
LIMITS = WorkerLimits(timeout=1.0, memory_mb=256)


def _sleep(_arg: object) -> None:
    time.sleep(30)


def _hog(_arg: object) -> int:
    return len(bytearray(1024 * 1024 * 1024))


def _die(_arg: object) -> None:
    os._exit(3)


def _double(arg: int) -> int:
    return arg * 2


def test_worker_result_comes_back() -> None:
    assert run_isolated(_double, 21, LIMITS) == 42


@pytest.mark.parametrize(("fn", "why"), [(_sleep, "budgets.file_timeout"), (_hog, "out of memory"),
                                         (_die, "died (exit code 3)")])
def test_worker_that_overruns_or_dies_is_stopped(fn: object, why: str) -> None:
    start = time.monotonic()
    value = run_isolated(fn, None, LIMITS)  # type: ignore[arg-type]
    assert isinstance(value, Stopped) and why in value.reason
    assert time.monotonic() - start < 5


def test_big_file_parsed_in_worker_that_times_out_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iacsim.load import cache

    real = cache._parse_job

    def slow(job: tuple[str, str]) -> object:
        if job[1].endswith("big.tf"):
            time.sleep(30)
        return real(job)

    monkeypatch.setattr(cache, "_parse_job", slow)  # the forked worker inherits the patch
    (tmp_path / "big.tf").write_text("# padding\n" * 200 + gen.VALID_KEY.replace("fine", "big"))
    (tmp_path / "main.tf").write_text(gen.VALID_KEY)
    (tmp_path / ".iacsim.yml").write_text("budgets: {isolate_above_kb: 1, file_timeout: 1}\n")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["plan", str(tmp_path), "--no-cache", "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    report = json.loads(out.read_text())
    hit = [f for f in report["findings"] if f["rule_id"] == "PARSE012"]
    assert [f["file"] for f in hit] == ["big.tf"] and "file_timeout" in hit[0]["message"]
    assert "aws_kms_key.fine" in json.dumps(report["model"])


def test_scan_timeout_writes_partial_report_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    gen.nested_for(tmp_path / "bad")
    (tmp_path / ".iacsim.yml").write_text("budgets: {max_steps: 100000000}\n")
    out = tmp_path / "r.json"
    start = time.monotonic()
    result = CliRunner().invoke(main, ["plan", str(tmp_path), "--no-cache", "--format", "json", "-o", str(out),
                                       "--timeout", "1"])
    assert time.monotonic() - start < 5
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == f"error: scan timed out after 1 s; partial report written to {out}"
    report = json.loads(out.read_text())
    assert any(f["rule_id"] == "PARSE013" for f in report["findings"])


def test_flows_stop_at_the_deadline_and_say_what_was_not_replayed() -> None:
    """A world that runs past --timeout mid-way: the remaining flows are listed, not silently dropped."""
    from iacsim.config import Config
    from iacsim.flows.engine import run_flows
    from iacsim.load import deadline
    from iacsim.model import World

    with deadline.limit(0):
        results, findings = run_flows(World(), Config())
        skipped = deadline.skipped()
    assert results == [] and findings == []
    assert skipped and all(what.endswith("not replayed") for _where, what in skipped)
