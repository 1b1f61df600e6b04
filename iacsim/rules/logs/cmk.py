"""Log groups encrypted with CloudWatch Logs' own key rather than a customer managed key (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.logs import LogGroup
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class LogGroupWithoutCustomerManagedKey(Rule):
    """A log group is not encrypted with a customer managed KMS key (checked when ``.iacsim.yml`` asks for it).

    What it does:
        With customer managed keys required for ``logs`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags log groups without
        ``kms_key_id``/``KmsKeyId``. Log data is always encrypted at rest — CloudWatch Logs encrypts it with its
        own keys — so there is no "not encrypted" rule: this one is about who controls the key. A log group
        with a key passes here; whether CloudWatch Logs may use that key is the replay's (LOG101), and this
        rule fails too when the replay fails on the key, naming the flow.
    Why it matters:
        With a customer managed key, the key policy decides who can read the log data (and revoking it makes
        the data unreadable), and every use is in CloudTrail; CloudWatch Logs' own keys give none of that.
        Peers: Checkov CKV_AWS_158, Trivy AVD-AWS-0017.
    Example:
        resource "aws_cloudwatch_log_group" "app" { name = "/app/api" }   # no kms_key_id
    Fix:
        ``kms_key_id = aws_kms_key.logs.arn`` (an ARN; the key policy must admit ``logs.<region>.amazonaws.com``).
    References:
        https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#kms_keys
    """

    id = "LOG202"
    name = "log-group-without-customer-managed-key"
    summary = "Log group not encrypted with a customer managed KMS key (opt-in)"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_158", "AVD-AWS-0017")
    customer_managed_key_service: ClassVar[str] = "logs"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for group in ctx.world.of_type(LogGroup):
            problem = customer_key_problem(ctx, group, group.kms_key, "CloudWatch Logs' own key", "CloudWatch Logs")
            if problem is not None:
                yield Hit(group, f"log group: {problem}", attr="kms_key",
                          fix=fix_for(group, "kms_key_id = aws_kms_key.<logs key>.arn", "KmsKeyId: !GetAtt <Key>.Arn"))
