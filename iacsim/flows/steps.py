"""Turning simulated calls into trace steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacsim.report.data import FlowStep, Verdict
from iacsim.sim import ClientError
from iacsim.sim.audit import capture

DENIALS = ("AccessDenied", "AccessDeniedException", "KMS.AccessDeniedException",
           # SNS: a topic policy denial and a KMS denial surfaced by Publish (sns-key-management "AWS KMS errors").
           "AuthorizationError", "KMSAccessDeniedException")


def call_step(principal: str, action: str, resource: str, call: Callable[[], Any],
              ok_reason: str) -> tuple[FlowStep, Any]:
    """Run one simulated call; the step says allowed, denied (authorization) or error (anything else).

    The step names the CloudTrail-shaped records the call made (its ``events``), so a report can link
    each step to the audit trail."""
    with capture() as recorded:
        try:
            out = call()
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            decision = "denied" if code in DENIALS else "error"
            return FlowStep(principal, action, resource, decision, f"{code}: {exc.response['Error']['Message']}",
                            events=_ids(recorded)), None
    return FlowStep(principal, action, resource, "allowed", ok_reason, events=_ids(recorded)), out


def _ids(events: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(e["eventID"] for e in events)


def verdict(steps: list[FlowStep] | tuple[FlowStep, ...]) -> Verdict:
    if any(s.decision in ("denied", "error") for s in steps):
        return "fail"
    if any(s.decision == "unknown" for s in steps):
        return "unknown"
    return "pass"


def root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"
