"""Turning simulated calls into trace steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacsim.report.data import FlowStep, Verdict
from iacsim.sim import ClientError

DENIALS = ("AccessDenied", "AccessDeniedException", "KMS.AccessDeniedException")


def call_step(principal: str, action: str, resource: str, call: Callable[[], Any],
              ok_reason: str) -> tuple[FlowStep, Any]:
    """Run one simulated call; the step says allowed, denied (authorization) or error (anything else)."""
    try:
        out = call()
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        decision = "denied" if code in DENIALS else "error"
        return FlowStep(principal, action, resource, decision, f"{code}: {exc.response['Error']['Message']}"), None
    return FlowStep(principal, action, resource, "allowed", ok_reason), out


def verdict(steps: list[FlowStep] | tuple[FlowStep, ...]) -> Verdict:
    if any(s.decision in ("denied", "error") for s in steps):
        return "fail"
    if any(s.decision == "unknown" for s in steps):
        return "unknown"
    return "pass"


def root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"
