"""Linking a static rule's verdict to a replayed flow's: one helper, so every rule says it the same way.

A static rule sees what the code declares ("the queue is encrypted with a customer managed key"); the flows
see what AWS does with it ("SNS cannot use that key, so every delivery to the queue fails"). Judged the
iacsim way, a queue whose key its producers cannot use is not encrypted *usefully* with a customer managed
key: the rule does not pass when the service-encryption flow of that resource fails on the key, and its
message names the flow ("… (see flow `SNS subscription aws_sns_topic_subscription.orders → queue
aws_sqs_queue.orders`)"), so the reader finds the replay and its steps.

Flows run before rules (:func:`iacsim.pipeline.analyse`) and reach a rule as ``RuleContext.flows``. A flow
is *of* a resource when its name names the resource's address as a whole word (flow names are written
``<producer> → queue <address>``, ``consumers of <address>``, ``<address>: encryption``…); it *fails on the key* when a failing step is
a KMS call or a KMS error (``KMS.AccessDeniedException`` wrapped by SQS, ``kms:GenerateDataKey`` denied).
"""

from __future__ import annotations

import re

from iacsim.findings import FlowResult, FlowStep
from iacsim.rules.base import RuleContext


def flows_of(ctx: RuleContext, address: str, kind: str = "service-encryption") -> tuple[FlowResult, ...]:
    """The replayed flows of ``kind`` whose name names ``address`` (as a whole word)."""
    word = re.compile(rf"(?:^|[\s(]){re.escape(address)}(?=$|[\s:,)])")
    return tuple(f for f in ctx.flows if f.kind == kind and word.search(f.name))


_KEY_PARAMETER = re.compile(r"\((?:kmsKeyId|KMSKeyArn|KmsKeyId|initialization: kms:\w+)\)|SSE-KMS")
"""A service call made with the resource's key (``logs:CreateLogGroup (kmsKeyId)``, ``lambda:CreateFunction
(KMSKeyArn)``, ``s3:PutObject (log file, SSE-KMS)``): when it is denied, the service refused the key."""


def is_key_failure(step: FlowStep) -> bool:
    """A failing step caused by the key: a KMS call failing, a service call failing with KMS's error, or a
    service call made with the key being refused (CloudWatch Logs answers ``AccessDeniedException``)."""
    if step.decision not in ("denied", "error"):
        return False
    return (step.action.startswith("kms:") or (step.error_code or "").upper().startswith("KMS")
            or _KEY_PARAMETER.search(step.action) is not None)


def key_failing_flows(ctx: RuleContext, address: str,
                      kind: str = "service-encryption") -> tuple[FlowResult, ...]:
    """The flows of ``address`` that fail (verdict ``fail``) on its key."""
    return tuple(f for f in flows_of(ctx, address, kind)
                 if f.verdict == "fail" and any(is_key_failure(s) for s in f.steps))


def see_flows(flows: tuple[FlowResult, ...]) -> str:
    """`` (see flow `A`)`` / `` (see flows `A`, `B`)`` for a message; empty for no flow."""
    if not flows:
        return ""
    names = ", ".join(f"`{f.name}`" for f in flows)
    return f" (see flow{'s' if len(flows) > 1 else ''} {names})"
