"""SQS queues: encrypted at rest (SSE-SQS or SSE-KMS), and with a customer managed key its producers can use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.messaging import SqsQueue
from iacsim.rules._encryption import key_kind, key_label, written
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.flow_links import key_failing_flows, see_flows


class QueueNotEncrypted(Rule):
    """An SQS queue turns server-side encryption off.

    What it does:
        Flags queues with ``sqs_managed_sse_enabled = false`` / ``SqsManagedSseEnabled: false`` and no KMS key.
        A queue that says nothing is not reported: SQS encrypts every new queue created over HTTPS with SSE-SQS
        by default, and Terraform and CloudFormation create queues over HTTPS. (Checkov ``CKV_AWS_27`` and Trivy
        ``AVD-AWS-0096`` also flag a queue that says nothing; iacsim does not, as AWS encrypts it.)
    Why it matters:
        Messages wait in the queue until consumed, up to the retention period; without SSE they are stored
        unencrypted.
    Example:
        resource "aws_sqs_queue" "jobs" { sqs_managed_sse_enabled = false }
    Fix:
        Remove ``sqs_managed_sse_enabled = false`` (SSE-SQS, no key policy to manage) or name a KMS key.
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
        https://aws.amazon.com/blogs/compute/announcing-server-side-encryption-with-amazon-simple-queue-service-managed-encryption-keys-sse-sqs-by-default/
    """

    id = "SQS210"
    name = "queue-not-encrypted"
    summary = "An SQS queue turns server-side encryption off"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_27", "AVD-AWS-0096")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for queue in ctx.world.of_type(SqsQueue):
            if queue.sqs_managed_sse is False and queue.kms_master_key_id is None:
                yield Hit(queue, "the queue turns SSE-SQS off and names no KMS key, so SQS stores its messages "
                                 "unencrypted", attr="sqs_managed_sse",
                          fix=fix_for(queue, "remove sqs_managed_sse_enabled = false (or set kms_master_key_id)",
                                      "remove SqsManagedSseEnabled: false (or set KmsMasterKeyId)"))


class QueueWithoutCustomerManagedKey(Rule):
    """An SQS queue is not encrypted with a customer managed key its producers can use.

    What it does:
        Runs only for ``encryption: {customer_managed_key: [sqs]}`` in ``.iacsim.yml``. Flags queues encrypted
        with SSE-SQS (written, or the default of a queue that names no key), with ``alias/aws/sqs`` (the AWS
        managed key, which SQS creates on first use — naming it is not an error), and queues whose customer
        managed key the replayed producers cannot use: the queue's service-encryption flow fails on the key
        (the finding names the flow). A queue with SSE off is SQS210's.
    Why it matters:
        A team that requires customer managed keys wants the key policy to decide who reads the messages. SSE-SQS
        keys belong to SQS; ``aws/sqs`` admits every principal of the account through SQS. And a customer managed
        key the producers cannot use is not a pass: every send fails (SQS101–SQS104), so the queue protects
        nothing and receives nothing.
    Example:
        resource "aws_sqs_queue" "jobs" { kms_master_key_id = "alias/aws/sqs" }
    Fix:
        A customer managed key whose key policy allows the producers ``kms:GenerateDataKey`` and ``kms:Decrypt``
        (AWS service producers by their service principal, scoped by ``aws:SourceArn``) and the consumers
        ``kms:Decrypt``.
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "SQS211"
    name = "queue-without-customer-managed-key"
    summary = "An SQS queue is not encrypted with a customer managed key its producers can use"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV2_AWS_73", "AVD-AWS-0135")
    customer_managed_key_service: ClassVar[str | None] = "sqs"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for queue in ctx.world.of_type(SqsQueue):
            ref = queue.kms_master_key_id
            fix = fix_for(queue, "kms_master_key_id = <customer managed key its producers and consumers may use>",
                          "KmsMasterKeyId: <customer managed key its producers and consumers may use>")
            if ref is None:
                if queue.sqs_managed_sse is not False:
                    yield Hit(queue, "the queue is encrypted with SSE-SQS (keys SQS owns), not a customer managed key",
                              fix=fix)
                continue
            kind = key_kind(ctx.world, ref, queue)
            if kind == "aws-managed":
                yield Hit(queue, f"the queue is encrypted with {written(ref)}, the AWS managed key, not a customer "
                                 "managed key", fix=fix, attr="kms_master_key_id")
            elif kind == "customer":
                failing = key_failing_flows(ctx, queue.address)
                if failing:
                    key = key_label(ctx.world, ref, queue)
                    yield Hit(queue, f"the queue is encrypted with the customer managed key {key}, but its "
                                     f"producers cannot use it{see_flows(failing)}", fix=fix, attr="kms_master_key_id")
