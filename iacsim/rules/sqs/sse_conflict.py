from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.messaging import SqsQueue
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class QueueTwoEncryptionTypes(Rule):
    """A queue asks for SSE-KMS (a KMS key) and SSE-SQS at the same time.

    What it does:
        Flags queues with both ``kms_master_key_id``/``KmsMasterKeyId`` and
        ``sqs_managed_sse_enabled = true``/``SqsManagedSseEnabled: true``.
    Why it matters:
        SQS rejects the request: "You can use one type of server-side encryption (SSE) at one time. You can either
        enable KMS SSE or SQS SSE." (the Terraform provider refuses the combination at plan time).
    Example:
        resource "aws_sqs_queue" "q" { kms_master_key_id = aws_kms_key.q.arn  sqs_managed_sse_enabled = true }
    Fix:
        Keep one: the KMS key (producers and consumers then need key permissions) or SSE-SQS.
    References:
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
    """

    id = "SQS001"
    name = "queue-two-encryption-types"
    summary = "Queue sets both a KMS key and SSE-SQS"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for queue in ctx.world.of_type(SqsQueue):
            if queue.kms_master_key_id is not None and queue.sqs_managed_sse is True:
                yield Hit(queue, "the queue sets a KMS key and SSE-SQS; SQS accepts one type of server-side "
                                 "encryption at a time",
                          fix=fix_for(queue, "remove sqs_managed_sse_enabled (or kms_master_key_id)",
                                      "remove SqsManagedSseEnabled (or KmsMasterKeyId)"))
