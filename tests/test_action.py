"""The GitHub Action's shell steps, run locally with a simulated GITHUB_* environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(
        PATH=f"{tmp_path / 'fakebin'}:{BIN}:{env.get('PATH', '')}",
        RUNNER_TEMP=str(tmp_path / "runner"),
        GITHUB_OUTPUT=str(tmp_path / "github_output"),
        GITHUB_STEP_SUMMARY=str(tmp_path / "step_summary.md"),
        GITHUB_REPOSITORY="acme/infra",
        IACSIM_CACHE_DIR=str(tmp_path / "cache"),
        ACTION_PATH=str(ROOT),
    )
    env.update(extra)
    (tmp_path / "runner").mkdir(exist_ok=True)
    (tmp_path / "fakebin").mkdir(exist_ok=True)
    return env


def _outputs(tmp_path: Path) -> dict[str, str]:
    lines = (tmp_path / "github_output").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_action_metadata_points_at_existing_scripts() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) >= {"path", "config", "fail-on", "format", "output", "sarif-upload", "comment",
                                     "version"}
    assert set(action["outputs"]) == {"verdict", "findings", "report-path", "audit-log-path"}
    for step in action["runs"]["steps"]:
        if "run" in step and "action/" in step["run"]:
            script = step["run"].split("/action/")[1].split('"')[0]
            assert (ROOT / "action" / script).is_file(), script


def test_scan_step_writes_reports_outputs_and_summary(tmp_path: Path) -> None:
    samples = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "action", samples)
    env = _env(tmp_path, INPUT_PATH=str(samples), INPUT_FAIL_ON="high", INPUT_FORMAT="text")
    proc = subprocess.run(["bash", str(ROOT / "action" / "scan.sh")], env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    out = _outputs(tmp_path)
    assert out["exit-code"] == "1"  # the fixture has a parse error
    assert out["verdict"] == "fail" and int(out["findings"]) >= 1
    html = Path(out["report-path"])
    assert html.is_file() and html.read_text().lstrip().startswith("<!DOCTYPE html>")
    sarif = json.loads(Path(out["sarif-path"]).read_text())
    assert any(r["ruleId"] == "PARSE001" for r in sarif["runs"][0]["results"])
    assert "iacsim: **FAIL**" in (tmp_path / "step_summary.md").read_text()
    audit = Path(out["audit-log-path"])
    assert audit.is_file()
    assert all(json.loads(line)["eventVersion"] == "1.08" for line in audit.read_text().splitlines())


@pytest.mark.parametrize("existing", [[], [{"id": 77, "body": "<!-- iacsim-report -->\nold"}]])
def test_comment_step_posts_or_updates_one_comment(tmp_path: Path, existing: list[dict]) -> None:
    env = _env(tmp_path, PR_NUMBER="12", COMMENT_FILE=str(tmp_path / "comment.md"), GH_TOKEN="t")
    (tmp_path / "comment.md").write_text("<!-- iacsim-report -->\n## report\n")
    log = tmp_path / "gh.log"
    gh = tmp_path / "fakebin" / "gh"
    ids = "\n".join(str(c["id"]) for c in existing)
    gh.write_text(f"""#!/usr/bin/env bash
echo "$@" >> {log}
if [[ "$*" == *"--jq"* ]]; then printf '%s' "{ids}"; fi
""")
    gh.chmod(0o755)
    proc = subprocess.run(["bash", str(ROOT / "action" / "comment.sh")], env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text().splitlines()
    if existing:
        assert "--method PATCH repos/acme/infra/issues/comments/77" in calls[-1]
    else:
        assert "--method POST repos/acme/infra/issues/12/comments" in calls[-1]
    assert f"body=@{tmp_path / 'comment.md'}" in calls[-1]
