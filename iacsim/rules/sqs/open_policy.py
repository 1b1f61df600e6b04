from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.messaging import SqsQueue, SqsQueuePolicy
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.sns.open_policy import open_statements


class QueuePolicyOpenToEveryone(Rule):
    """A queue policy allows any principal (``"*"``) without a condition that limits who.

    What it does:
        Reads the queue's access policy (``aws_sqs_queue.policy``, ``aws_sqs_queue_policy``,
        ``AWS::SQS::QueuePolicy``): an Allow statement with ``"Principal": "*"`` (or ``{"AWS": "*"}``) and no
        ``aws:SourceArn``, ``aws:SourceAccount``, ``aws:PrincipalOrgID`` or similar condition.
    Why it matters:
        Anyone in any AWS account can send to (or receive and delete from, depending on the actions) the queue.
        The SQS security best practices say to make sure queues are not publicly accessible.
    Example:
        { "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "<queue ARN>" }
    Fix:
        Name the principal (``"Service": "sns.amazonaws.com"``, an account or role ARN), or add
        ``ArnEquals aws:SourceArn`` / ``StringEquals aws:SourceAccount``.
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
    """

    id = "SQS201"
    name = "queue-policy-open-to-everyone"
    summary = "Queue policy allows any principal without a limiting condition"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        holders: list[SqsQueue | SqsQueuePolicy] = [*ctx.world.of_type(SqsQueue), *ctx.world.of_type(SqsQueuePolicy)]
        for obj in holders:
            for sid in open_statements(obj.policy):
                yield Hit(obj, f"queue policy statement {sid} allows Principal \"*\" with no condition limiting "
                               "the source account or resource",
                          fix=fix_for(obj, 'add condition { test = "ArnEquals", variable = "aws:SourceArn", '
                                           'values = [<producer ARN>] } (or name the sending principal)',
                                      'add Condition: {ArnEquals: {"aws:SourceArn": <producer ARN>}} '
                                      '(or name the sending principal)'))
