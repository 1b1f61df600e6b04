"""A replay that crashes becomes ``unknown`` naming the exception's type and place, never its message (which can
carry input values, secrets included); failed steps carry the AWS error code as a field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacsim.config import Config, Expectation
from iacsim.flows.base import FlowContext, FlowOutcome
from iacsim.flows.ssm_secure_string import SsmSecureStringFlow
from iacsim.flows.unknown import internal_error
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.json_format import render_json

SECRET = "hunter2-do-not-print"
PARAMETER = '''provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_ssm_parameter" "p" {
  name  = "/app/token"
  type  = "SecureString"
  value = "x"
}
'''


def _boom(self: SsmSecureStringFlow, ctx: FlowContext) -> Iterator[FlowOutcome]:
    raise ValueError(f"password={SECRET}")
    yield  # pragma: no cover - makes this a generator like Flow.run


def test_a_crashing_flow_is_unknown_and_its_exception_text_never_reaches_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SsmSecureStringFlow, "run", _boom)
    (tmp_path / "main.tf").write_text(PARAMETER)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.kind == "ssm-secure-string"]
    assert flow.verdict == "unknown" and flow.name == "ssm-secure-string replay"
    reason = flow.steps[0].reason
    assert "could not replay" in reason and "ValueError" in reason
    assert "test_internal_errors.py:" in reason and "in _boom" in reason  # where: file, line and function
    assert SECRET not in render_json(report)


def test_an_expectation_that_crashes_is_unknown_without_the_exception_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"policy had {SECRET}")

    monkeypatch.setattr("iacsim.flows.expectation.authorize", refuse)
    (tmp_path / "main.tf").write_text(PARAMETER)
    config = Config(expect=(Expectation(principal="arn:aws:iam::111122223333:role/app", action="ssm:GetParameter",
                                        resource="aws_ssm_parameter.p", allowed=True),))
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.kind == "expectation"]
    assert flow.verdict == "unknown" and "RuntimeError" in flow.steps[0].reason
    assert SECRET not in render_json(report)


def test_internal_error_names_the_type_and_place_only() -> None:
    try:
        raise KeyError(SECRET)
    except KeyError as exc:
        outcome = internal_error("expectation", "x", "p", "a", "r", exc)
    (step,) = outcome.result.steps
    assert outcome.result.verdict == "unknown" and step.decision == "unknown"
    assert SECRET not in step.reason and "KeyError" in step.reason
    assert "test_internal_error_names_the_type_and_place_only" in step.reason


def test_failed_steps_carry_the_aws_error_code(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PARAMETER.replace('  value = "x"\n', '  value = "x"\n  key_id = '
                                                        'aws_kms_key.k.arn\n') + '''
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" },
                   Action = ["kms:Describe*", "kms:PutKeyPolicy"], Resource = "*" }]
  })
}
''')
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [fl for fl in report.flows if fl.kind == "ssm-secure-string"]
    (write,) = flow.steps
    assert write.decision == "denied" and write.error_code == "AccessDeniedException"
    (step,) = next(fl for fl in json.loads(render_json(report))["flows"] if fl["kind"] == "ssm-secure-string")["steps"]
    assert step["error_code"] == "AccessDeniedException"
