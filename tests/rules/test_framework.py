"""The rules framework of issue 17: peer check ids, the customer-managed-key switch, links to flow verdicts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pytest

from iacsim.config import parse_config
from iacsim.findings import FlowResult, FlowStep
from iacsim.model import World
from iacsim.rules.base import Hit, Rule, RuleContext
from iacsim.rules.emit import rule_enabled
from iacsim.rules.flow_links import flows_of, key_failing_flows, see_flows


class _CmkRule(Rule):
    """Test rule."""

    id = "TST210"
    name = "test"
    summary = "test"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_27", "AVD-AWS-0096")
    customer_managed_key_service: ClassVar[str | None] = "sqs"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        return iter(())


def test_peers_are_validated() -> None:
    _CmkRule.validate()

    class Bad(_CmkRule):
        peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_27", "tfsec-aws-sqs-1")

    with pytest.raises(TypeError, match="peers"):
        Bad.validate()


def test_customer_managed_key_rule_is_off_unless_its_service_is_listed() -> None:
    assert not rule_enabled(_CmkRule, parse_config(None, "c"))
    assert not rule_enabled(_CmkRule, parse_config({"encryption": {"customer_managed_key": ["sns"]}}, "c"))
    assert rule_enabled(_CmkRule, parse_config({"encryption": {"customer_managed_key": ["sqs"]}}, "c"))
    assert not rule_enabled(_CmkRule, parse_config({"encryption": {"customer_managed_key": ["sqs"]},
                                                    "rules": {"TST210": {"enabled": False}}}, "c"))


def _flow(name: str, verdict: str, step: FlowStep) -> FlowResult:
    return FlowResult("service-encryption", name, verdict, (step,))  # type: ignore[arg-type]


def test_flow_links_match_the_address_as_a_word_and_key_failures_only() -> None:
    key_denied = FlowStep("sns.amazonaws.com", "sqs:SendMessage", "arn:aws:sqs:us-east-1:1:q", "denied",
                          "KMS.AccessDeniedException: …", error_code="KMS.AccessDeniedException")
    policy_denied = FlowStep("sns.amazonaws.com", "sqs:SendMessage", "arn:aws:sqs:us-east-1:1:q", "denied",
                             "AccessDenied", error_code="AccessDenied")
    flows = (_flow("SNS subscription aws_sns_topic_subscription.s → queue aws_sqs_queue.q", "fail", key_denied),
             _flow("EventBridge rule target aws_cloudwatch_event_target.t → queue aws_sqs_queue.q", "fail",
                   policy_denied),
             _flow("consumers of aws_sqs_queue.q_dlq", "fail", key_denied))
    ctx = RuleContext(World(), parse_config(None, "c"), flows)
    assert [f.name for f in flows_of(ctx, "aws_sqs_queue.q")] == [flows[0].name, flows[1].name]
    failing = key_failing_flows(ctx, "aws_sqs_queue.q")
    assert failing == (flows[0],)
    assert see_flows(failing) == f" (see flow `{flows[0].name}`)"
    assert see_flows(()) == ""
