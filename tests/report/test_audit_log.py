"""``iacsim plan --audit-log``: the replayed calls as CloudTrail records, linked from the flow steps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from iacsim.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "terraform"
OWNER, TARGET = "111122223333", "444455556666"


def _plan(sample: str | Path, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    monkeypatch.setenv("IACSIM_NOW", "2026-11-28T09:00:00Z")
    tmp_path.mkdir(parents=True, exist_ok=True)
    report, log = tmp_path / "report.json", tmp_path / "audit.jsonl"
    result = CliRunner().invoke(main, ["plan", str(SAMPLES / sample), "--format", "json", "-o", str(report),
                                       "--audit-log", str(log), "--fail-on", "none", "--no-cache"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(report.read_text()), [json.loads(line) for line in log.read_text().splitlines()]


def test_a_cross_account_launch_is_recorded_in_both_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, events = _plan("ami-sharing", tmp_path, monkeypatch)
    launch = [e for e in events if e["iacsimFlow"]["kind"] == "ami-sharing"]
    # The target account's EC2 re-encrypts the shared snapshot with the owner's key: the owner's trail and the
    # target's trail each get a ReEncrypt record, with their own eventID and one sharedEventID.
    reencrypt = [e for e in launch if e["eventName"] == "ReEncrypt"]
    assert sorted(e["recipientAccountId"] for e in reencrypt) == [OWNER, TARGET]
    assert len({e["sharedEventID"] for e in reencrypt}) == 1
    assert len({e["eventID"] for e in reencrypt}) == 2
    for event in reencrypt:
        assert event["userIdentity"]["accountId"] == TARGET
        assert event["userIdentity"]["invokedBy"] == "ec2.amazonaws.com"
        assert event["eventSource"] == "kms.amazonaws.com"
        assert event["eventTime"] == "2026-11-28T09:00:00Z"
    # Calls that stay in one account are delivered once, without a sharedEventID.
    run = [e for e in launch if e["eventName"] == "RunInstances"]
    assert [e["recipientAccountId"] for e in run] == [TARGET] and "sharedEventID" not in run[0]


def test_every_step_names_records_of_the_log_and_ids_are_stable(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    report, events = _plan("ssm-parameters", tmp_path, monkeypatch)
    ids = {e["eventID"] for e in events}
    assert len(ids) == len(events)
    linked = [i for flow in report["flows"] for step in flow["steps"] for i in step.get("events", [])]
    assert linked and set(linked) <= ids
    put = next(s for f in report["flows"] for s in f["steps"] if s["action"] == "ssm:PutParameter")
    assert {e["eventName"] for e in events if e["eventID"] in put["events"]} >= {"PutParameter"}
    again, again_events = _plan("ssm-parameters", tmp_path / "again", monkeypatch)
    assert again["flows"] == report["flows"] and again_events == events


SECRET = "Tr0ub4dor&3-not-for-logs"


def test_the_log_never_holds_secret_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "main.tf").write_text(f"""
provider "aws" {{
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}}
resource "aws_kms_key" "params" {{
  enable_key_rotation = true
}}
resource "aws_ssm_parameter" "db_password" {{
  name   = "/prod/db/password"
  type   = "SecureString"
  value  = "{SECRET}"
  key_id = aws_kms_key.params.arn
}}
""")
    _, events = _plan(code, tmp_path / "out", monkeypatch)
    assert any(e["eventName"] == "PutParameter" for e in events)
    text = json.dumps(events)
    assert SECRET not in text and "iacsim-simulated-value" not in text
    put = next(e for e in events if e["eventName"] == "PutParameter")
    assert put["requestParameters"]["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS"


def test_every_replayed_call_step_of_the_samples_links_to_its_records(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps that are real API calls name their records; only S3 replication's internal authorization checks,
    steps that could not be replayed (unknown) and repeats of a resource created earlier have none."""
    for sample in ("ssm-parameters", "ami-sharing-broken", "audit-logging", "app-secrets", "notifications"):
        report, events = _plan(sample, tmp_path / sample, monkeypatch)
        ids = {e["eventID"] for e in events}
        for flow in report["flows"]:
            for step in flow["steps"]:
                if step["decision"] == "unknown" or "earlier scenario" in step["reason"]:
                    continue
                if step["action"] == "ec2:RunInstances" and step["decision"] == "error":
                    continue  # the instance terminating is a state the launch trace reports, not a call
                assert step["events"], (sample, flow["name"], step["action"])
                assert set(step["events"]) <= ids
