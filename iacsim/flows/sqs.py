"""SQS in the messaging replay: creating a queue (key, access policy, dead-letter queue), a producer service's
SendMessage to it, and the consumers of every encrypted queue.

SQS calls ``kms:GenerateDataKey`` as the producer service (context ``aws:sqs:arn``: the key policy must name
it — SQS "Key management"). Consumers: a message is placed by the owner account, then every role or user in
the scan allowed ``sqs:ReceiveMessage`` receives it (``kms:Decrypt`` as the consumer via SQS); messages moved
from encrypted source queues to this dead-letter queue keep their source queue's key (SQS "Configure KMS
permissions for consumers")."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import SqsClient, client, client_for
from iacsim.flows.messaging_model import Target, effective_policy, find_queue
from iacsim.flows.messaging_replay import PLACEHOLDER, Created, MessagingReplay, TargetService
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import policy_text
from iacsim.flows.steps import call_step, intends, root, verdict
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.messaging import SqsQueue
from iacsim.rules.sqs.flow import (
    ManagedQueueKeyWithServiceProducer,
    QueueConsumerCannotDecrypt,
    QueueKeyRejectsProducer,
    QueuePolicyRejectsProducer,
    S3CannotValidateQueue,
)
from iacsim.sim import Caller, Cloud, Principal


def _create(cloud: Cloud, target: Target, name: str, attributes: dict[str, str]) -> partial[dict[str, Any]]:
    sqs = client(cloud, SqsClient, region=target.region, account=target.account)
    return partial(sqs.create_queue, QueueName=name, Attributes=attributes)


def _send(cloud: Cloud, region: str, caller: Caller, handle: str, fifo: dict[str, Any]) -> partial[dict[str, Any]]:
    sqs = client_for(cloud, SqsClient, region, caller)
    return partial(sqs.send_message, QueueUrl=handle, MessageBody=PLACEHOLDER, **fifo)


def _redrive(ctx: FlowContext, seeded: SeededCloud, target: Target) -> dict[str, str]:
    """The queue's dead-letter queue, when it is in the scan."""
    if isinstance(target, SqsQueue) and target.dead_letter_target is not None:
        dead = find_queue(ctx.world, target.dead_letter_target, target.account, target.region)
        dead_arn = seeded.values.get(dead.address, {}).get("arn") if dead is not None else None
        if isinstance(dead_arn, str):
            return {"RedrivePolicy": json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": 5})}
    return {}


QUEUES = TargetService(
    kind="queue", service="sqs", create_action="sqs:CreateQueue", deliver_action="sqs:SendMessage",
    fifo_attribute="FifoQueue", find=find_queue, handle="QueueUrl", create=_create, deliver=_send,
    extra_attributes=_redrive, policy_rule=QueuePolicyRejectsProducer, key_rule=QueueKeyRejectsProducer,
    managed_rule=ManagedQueueKeyWithServiceProducer, s3_rule=S3CannotValidateQueue)
"""Queues, as producers reach them."""


def consumers(r: MessagingReplay, queue: SqsQueue, principals: list[IamRole | IamUser]) -> FlowOutcome | None:
    """Every principal allowed to receive from ``queue`` receives (and decrypts) a placed message; None when
    the queue holds no encrypted messages or nobody may receive them."""
    seeded, world = r.seeded, r.world
    arn = seeded.values.get(queue.address, {}).get("arn")
    if not isinstance(arn, str):
        return None
    # Encrypted queues whose dead-letter queue this is: their failed messages move here still sealed under
    # their own key (SQS "Configure KMS permissions for consumers").
    sources = [q for q in world.of_type(SqsQueue) if q.kms_master_key_id is not None
               and q.dead_letter_target is not None
               and find_queue(world, q.dead_letter_target, q.account, q.region) is queue]
    if queue.kms_master_key_id is None and not sources:
        return None
    text = policy_text(effective_policy(world, queue), seeded)
    document = json.loads(text) if isinstance(text, str) else None
    allowed = []
    for principal in principals:
        if intends(seeded.cloud, Caller(Principal.parse(str(principal.arn))), "sqs:ReceiveMessage", arn,
                   resource_account=queue.account, resource_policy=document,
                   resource_policy_name="queue policy", region=queue.region):
            allowed.append(principal)
    if not allowed:
        return None
    title = f"consumers of {queue.address}"
    made = r.create(QUEUES, queue)
    steps = [made.step]
    if made.handle is None:
        return FlowOutcome(FlowResult(r.kind, title, verdict(steps), tuple(steps)))
    owner = root(queue.account)
    keys = [made.key] if made.key else []
    placed: list[tuple[SqsQueue, Created]] = [(queue, made)] if queue.kms_master_key_id is not None else []
    for source in sources:
        source_made = r.create(QUEUES, source)
        steps.append(source_made.step)
        if source_made.handle is None:
            return FlowOutcome(FlowResult(r.kind, title, verdict(steps), tuple(steps)))
        placed.append((source, source_made))
        if source_made.key:
            keys.append(source_made.key)
    for target, target_made in placed:
        assert target_made.handle is not None
        sqs = client(seeded.cloud, SqsClient, region=target.region, account=target.account)
        fifo: dict[str, Any] = {"MessageGroupId": "iacsim"} if target.fifo is True else {}
        target_arn = seeded.values.get(target.address, {}).get("arn", target.address)
        put, _ = call_step(owner, "sqs:SendMessage", target_arn,
                           partial(sqs.send_message, QueueUrl=target_made.handle, MessageBody=PLACEHOLDER, **fifo),
                           f"a message placed by the owner account (assumed producer: {owner})")
        if put.decision != "allowed":
            steps.append(FlowStep(put.principal, put.action, put.resource, "unknown",
                                  f"could not place a message to replay the consumers: {put.reason}"))
            return FlowOutcome(FlowResult(r.kind, title, verdict(steps), tuple(steps)))
        steps.append(put)
        if target is not queue:
            moved = sqs.move_to_dead_letter_queue(QueueUrl=target_made.handle)
            steps.append(FlowStep(f"sqs.{target.region}.amazonaws.com", "redrive to the dead-letter queue", arn,
                                  "allowed", f"{moved} message(s) of {target.address} moved after maxReceiveCount "
                                             f"receives, still encrypted under {target_made.key}"))
    failures: list[FlowFailure] = []
    via = f"sqs.{queue.region}.amazonaws.com"
    for consumer in allowed:
        reader = client(seeded.cloud, SqsClient, region=queue.region, principal=str(consumer.arn))
        read, out = call_step(str(consumer.arn), "sqs:ReceiveMessage", arn,
                              partial(reader.receive_message, QueueUrl=made.handle, MaxNumberOfMessages=10),
                              f"received and decrypted through SQS (kms:Decrypt on {', '.join(keys)} via {via})")
        bodies = [m["Body"] for m in (out or {}).get("Messages", [])]
        # Earlier scenarios may have left messages in the queue: every message must decrypt to the placeholder.
        if out is not None and (len(bodies) < len(placed) or any(b != PLACEHOLDER for b in bodies)):
            read = FlowStep(read.principal, read.action, read.resource, "error", "the decrypted messages differ",
                            events=read.events)
        steps.append(read)
        if read.decision != "allowed":
            moved_from = f" (including messages moved from {', '.join(q.address for q in sources)}, which keep " \
                         "their source queue's key)" if sources else ""
            failures.append(FlowFailure(
                QueueConsumerCannotDecrypt, queue,
                f"{consumer.address} may call sqs:ReceiveMessage on {queue.address} but cannot decrypt its "
                f"messages{moved_from}: {read.reason}",
                fix=f"allow kms:Decrypt on {' and '.join(keys)} for {consumer.arn}"))
    return FlowOutcome(FlowResult(r.kind, title, verdict(steps), tuple(steps)), tuple(failures))
