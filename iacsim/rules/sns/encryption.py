"""SNS topics: encrypted at rest, and with a customer managed key its publishers can use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.messaging import SnsTopic
from iacsim.rules._encryption import key_kind, key_label, written
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.flow_links import key_failing_flows, see_flows


class TopicNotEncrypted(Rule):
    """An SNS topic is not encrypted at rest.

    What it does:
        Flags topics without ``kms_master_key_id`` / ``KmsMasterKeyId``. SNS has no default encryption: a topic
        without a key stores its messages unencrypted until they are delivered.
    Why it matters:
        Messages often carry what the publishers know (alarms with resource details, application events with
        customer data); server-side encryption keeps them encrypted on SNS's disks.
    Example:
        resource "aws_sns_topic" "alerts" { name = "alerts" }
    Fix:
        ``kms_master_key_id`` naming a customer managed key whose key policy lets the topic's AWS service
        publishers (CloudWatch, EventBridge, S3…) use it — ``alias/aws/sns`` is enough only when every publisher
        is an IAM principal of the account (see SNS103).
    References:
        https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
        https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    """

    id = "SNS210"
    name = "topic-not-encrypted"
    summary = "An SNS topic is not encrypted at rest"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_26", "AVD-AWS-0095")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for topic in ctx.world.of_type(SnsTopic):
            if topic.kms_master_key_id is None:
                yield Hit(topic, "the topic has no KMS key, so SNS stores its messages unencrypted",
                          fix=fix_for(topic, "kms_master_key_id = aws_kms_key.<key>.arn",
                                      "KmsMasterKeyId: !Ref <key>"))


class TopicWithoutCustomerManagedKey(Rule):
    """An SNS topic is not encrypted with a customer managed key its publishers can use.

    What it does:
        Runs only for ``encryption: {customer_managed_key: [sns]}`` in ``.iacsim.yml``. Flags topics encrypted
        with ``alias/aws/sns`` (the AWS managed key, which SNS creates on first use — naming it is not an error)
        and topics whose customer managed key the replayed publishers cannot use: the topic's service-encryption
        flow fails on the key (the finding names the flow). An unencrypted topic is SNS210's.
    Why it matters:
        A team that requires customer managed keys wants the key policy to decide who reads the messages; a key
        its publishers cannot use is not that — every publish fails (a broken flow, SNS101/SNS102), so the topic
        protects nothing and delivers nothing.
    Example:
        resource "aws_sns_topic" "alerts" { kms_master_key_id = "alias/aws/sns" }
    Fix:
        A customer managed key whose key policy allows the topic's publishers ``kms:GenerateDataKey*`` and
        ``kms:Decrypt`` (AWS service publishers by their service principal, scoped by ``aws:SourceArn``).
    References:
        https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "SNS211"
    name = "topic-without-customer-managed-key"
    summary = "An SNS topic is not encrypted with a customer managed key its publishers can use"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("AVD-AWS-0136",)
    customer_managed_key_service: ClassVar[str | None] = "sns"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for topic in ctx.world.of_type(SnsTopic):
            ref = topic.kms_master_key_id
            kind = key_kind(ctx.world, ref, topic)
            fix = fix_for(topic, "kms_master_key_id = <customer managed key its publishers may use>",
                          "KmsMasterKeyId: <customer managed key its publishers may use>")
            if kind == "aws-managed" and ref is not None:
                yield Hit(topic, f"the topic is encrypted with {written(ref)}, the AWS managed key, not a customer "
                                 "managed key", fix=fix, attr="kms_master_key_id")
            elif kind == "customer" and ref is not None:
                failing = key_failing_flows(ctx, topic.address)
                if failing:
                    key = key_label(ctx.world, ref, topic)
                    yield Hit(topic, f"the topic is encrypted with the customer managed key {key}, but its "
                                     f"publishers cannot use it{see_flows(failing)}", fix=fix, attr="kms_master_key_id")
