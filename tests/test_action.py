"""The GitHub Action: its metadata, its shell steps, and its whole workflow run by an act-style runner
(tests/action_runner.py) with a simulated GITHUB_* environment and fake ``gh`` and Python."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.action_runner import Run, fake_tools, gh_state, run_action

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
    assert set(action["outputs"]) == {"verdict", "findings", "report-path", "sarif-path", "audit-log-path"}
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


def test_third_party_actions_are_pinned_by_commit_sha_with_their_release() -> None:
    lines = [line.strip() for line in (ROOT / "action.yml").read_text().splitlines()]
    pins = [line for line in lines if line.startswith("uses:")]
    assert {p.split()[1].split("@")[0] for p in pins} == {"actions/setup-python", "actions/cache",
                                                          "github/codeql-action/upload-sarif"}
    for pin in pins:
        assert re.fullmatch(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", pin), pin


def _fixture_repo(tmp_path: Path) -> str:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "action", repo)
    return str(repo)


def _pull_request(head: str = "acme/infra") -> dict:
    return {"event_name": "pull_request", "event": {"pull_request": {"number": 12, "head": {"repo": {"full_name": head}}}}}


def _notices(run: Run) -> list[str]:
    return [line for line in run.log.splitlines() if line.startswith("::notice")]


def test_workflow_on_a_pull_request_installs_scans_uploads_comments_and_fails_on_the_verdict(tmp_path: Path) -> None:
    run = run_action(tmp_path, {"path": _fixture_repo(tmp_path), "comment": "ghs_comment"}, _pull_request())
    setup, pip_cache, parse_cache, upload = run.uses
    assert setup["with"] == {"python-version": "3.12", "update-environment": "false"}
    assert pip_cache["with"]["key"] == "iacsim-pip-Linux-py3.12-v1.0.0"
    assert parse_cache["with"]["path"] == str(tmp_path / "runner" / "iacsim-cache")
    # installed from the action's own checkout, into its own virtualenv
    assert (tmp_path / "pip.log").read_text().split()[-1] == str(ROOT)
    scan = run.steps["scan"]["outputs"]
    assert scan["exit-code"] == "1" and scan["verdict"] == "fail"
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"] == {"sarif_file": scan["sarif-path"], "category": "iacsim"}
    state = gh_state(tmp_path)
    assert [c["body"].splitlines()[0] for c in state["comments"]] == ["<!-- iacsim-report -->"]
    assert "iacsim: **FAIL**" in (tmp_path / "step_summary.md").read_text()
    assert not _notices(run)
    assert run.outcomes["Verdict"] == "failure" and run.failed  # the job fails on the findings, and only there


def test_second_push_updates_the_same_comment(tmp_path: Path) -> None:
    repo = _fixture_repo(tmp_path)
    run_action(tmp_path, {"path": repo, "comment": "ghs_comment"}, _pull_request())
    first = gh_state(tmp_path)["comments"]
    (Path(repo) / "broken.tf").unlink()  # the second push fixes the parse error
    run = run_action(tmp_path, {"path": repo, "comment": "ghs_comment"}, _pull_request())
    comments = gh_state(tmp_path)["comments"]
    assert len(comments) == 1 and comments[0]["id"] == first[0]["id"]
    assert comments[0]["body"] != first[0]["body"] and "updated comment" in run.log
    assert ["api", "--method", "PATCH", f"repos/acme/infra/issues/comments/{first[0]['id']}"] == \
        gh_state(tmp_path)["calls"][-1][:4]


def test_fork_pull_request_skips_upload_and_comment_with_a_notice(tmp_path: Path) -> None:
    run = run_action(tmp_path, {"path": _fixture_repo(tmp_path), "comment": "ghs_comment", "fail-on": "none"},
                     _pull_request(head="someone/infra"))
    assert [u["uses"].split("@")[0] for u in run.uses] == ["actions/setup-python", "actions/cache", "actions/cache"]
    assert not run.ran("Comment on the pull request")
    assert gh_state(tmp_path)["calls"] == []  # a read-only token is not even tried
    (notice,) = _notices(run)
    assert "fork someone/infra" in notice and "job summary" in notice
    assert "iacsim: **" in (tmp_path / "step_summary.md").read_text()  # the job summary is still written
    assert not run.failed  # --fail-on none: nothing the action skipped fails the job


def test_repository_without_code_scanning_skips_the_upload_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "gh-state.json").write_text(json.dumps({"comments": [], "code_scanning": False, "can_write": True,
                                                        "calls": []}))
    run = run_action(tmp_path, {"path": _fixture_repo(tmp_path), "comment": "ghs_comment", "fail-on": "none"},
                     _pull_request())
    assert not any("upload-sarif" in u["uses"] for u in run.uses)
    (notice,) = _notices(run)
    assert "Advanced Security must be enabled" in notice and "upload skipped" in notice
    assert len(gh_state(tmp_path)["comments"]) == 1  # the comment does not depend on code scanning
    assert not run.failed


def test_a_token_that_cannot_write_or_a_failed_upload_is_a_notice_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "gh-state.json").write_text(json.dumps({"comments": [], "code_scanning": True, "can_write": False,
                                                        "calls": []}))
    run = run_action(tmp_path, {"path": _fixture_repo(tmp_path), "comment": "ghs_comment", "fail-on": "none"},
                     _pull_request(), upload_fails=True)
    notices = _notices(run)
    assert any("SARIF upload to code scanning failed" in n for n in notices)
    assert any("cannot write the pull-request comment" in n and "HTTP 403" in n for n in notices)
    assert run.outcomes["Comment on the pull request"] == "success" and not run.failed


def test_push_event_uploads_sarif_without_a_comment(tmp_path: Path) -> None:
    run = run_action(tmp_path, {"path": _fixture_repo(tmp_path), "comment": "ghs_comment", "fail-on": "none"},
                     {"event_name": "push"})
    assert any("upload-sarif" in u["uses"] for u in run.uses)
    assert not run.ran("Comment on the pull request") and not run.failed


@pytest.mark.parametrize(("version", "source"), [
    ("1.2.0", "git+https://github.com/acme/iacsim@v1.2.0"),
    ("main", "git+https://github.com/acme/iacsim@main"),
    ("0123456789abcdef0123456789abcdef01234567",
     "git+https://github.com/acme/iacsim@0123456789abcdef0123456789abcdef01234567"),
])
def test_version_input_is_a_ref_or_release_of_the_actions_own_repository(tmp_path: Path, version: str,
                                                                           source: str) -> None:
    python = fake_tools(tmp_path / "fakebin", tmp_path / "gh-state.json")
    env = _env(tmp_path, PYTHON=str(python), INPUT_VERSION=version, ACTION_REPOSITORY="acme/iacsim",
               FAKE_PIP_LOG=str(tmp_path / "pip.log"), PYTHONPATH=str(ROOT))
    proc = subprocess.run(["bash", str(ROOT / "action" / "install.sh")], env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pip.log").read_text().split()[-1] == source
    assert _outputs(tmp_path)["bin"] == str(tmp_path / "runner" / "iacsim-venv" / "bin")
