from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.base import Policy
from iacsim.model.messaging import SnsTopic, SnsTopicPolicy
from iacsim.rules._policy import ACCOUNT_LIMITING_KEYS, as_list, aws_principals, condition_keys, statements
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for

_SUBSCRIPTION_ACTIONS = frozenset({"sns:subscribe", "sns:receive"})
"""Actions ``sns:Endpoint`` (the endpoint being subscribed) confines: a subscription can only go where it names."""


def open_statements(policy: Policy | None) -> Iterator[str]:
    """Sids of Allow statements whose principal is ``"*"`` with no condition limiting accounts or sources.

    ``sns:Endpoint`` limits who can be subscribed, so it closes a statement that grants only subscription
    actions (SNS's "allow subscriptions only to specific endpoints" use case); it limits nothing else.
    """
    for stmt in statements(policy):
        if stmt.get("Effect") != "Allow" or "*" not in aws_principals(stmt):
            continue
        keys = condition_keys(stmt)
        if keys & (ACCOUNT_LIMITING_KEYS | {"aws:sourceowner"}):
            continue
        actions = {a.lower() for a in as_list(stmt.get("Action")) if isinstance(a, str)}
        if "sns:endpoint" in keys and actions and actions <= _SUBSCRIPTION_ACTIONS:
            continue
        yield str(stmt.get("Sid") or "(no Sid)")


class TopicPolicyOpenToEveryone(Rule):
    """A topic policy allows any principal (``"*"``) without a condition that limits who.

    What it does:
        Reads the topic's access policy (``aws_sns_topic.policy``, ``aws_sns_topic_policy``,
        ``AWS::SNS::TopicPolicy``): an Allow statement with ``"Principal": "*"`` (or ``{"AWS": "*"}``) and no
        ``aws:SourceArn``, ``aws:SourceAccount``, ``AWS:SourceOwner``, ``aws:PrincipalOrgID`` or similar condition.
        A statement granting only ``sns:Subscribe``/``sns:Receive`` and confined by ``sns:Endpoint`` (only the
        endpoints it names can be subscribed) is not open.
    Why it matters:
        Anyone in any AWS account can publish to (or subscribe to, depending on the actions) the topic. AWS's own
        default topic policy confines ``"*"`` with ``AWS:SourceOwner``; the SNS security best practices say to
        avoid publicly accessible topics.
    Example:
        { "Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "<topic ARN>" }
    Fix:
        Name the service or account principal, or add ``"Condition": {"StringEquals": {"aws:SourceAccount":
        "<account>"}}`` / ``ArnLike aws:SourceArn``.
    References:
        https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html
        https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
    """

    id = "SNS201"
    name = "topic-policy-open-to-everyone"
    summary = "Topic policy allows any principal without a limiting condition"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        holders: list[SnsTopic | SnsTopicPolicy] = [*ctx.world.of_type(SnsTopic), *ctx.world.of_type(SnsTopicPolicy)]
        for obj in holders:
            for sid in open_statements(obj.policy):
                yield Hit(obj, f"topic policy statement {sid} allows Principal \"*\" with no condition limiting "
                               "the source account or resource",
                          fix=fix_for(obj, 'add condition { test = "StringEquals", variable = "aws:SourceAccount", '
                                           'values = ["<account id>"] } (or name the publishing principal)',
                                      'add Condition: {StringEquals: {"aws:SourceAccount": !Ref AWS::AccountId}} '
                                      '(or name the publishing principal)'))
