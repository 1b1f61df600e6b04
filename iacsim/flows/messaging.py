"""``service-encryption`` for SNS and SQS: every AWS service the code wires to a topic or queue, and every
consumer of an encrypted queue, replayed on the seeded cloud.

One scenario per producer (:mod:`~iacsim.flows.messaging_producers`: S3 event notifications, SNS
subscriptions, CloudWatch alarms, EventBridge targets), delivering to a topic
(:mod:`~iacsim.flows.sns`) or a queue (:mod:`~iacsim.flows.sqs`), then one per
encrypted queue with consumers. Each topic or queue is created once, as the deploying account's root (the
deploying role is not in the model; the step says so), with its key and effective access policy
(:mod:`~iacsim.flows.messaging_replay`); what the model wires is found by :mod:`~iacsim.flows.messaging_model`.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.flows.base import Flow, FlowContext, FlowOutcome
from iacsim.flows.messaging_model import effective_policy, find_queue, find_topic, producers
from iacsim.flows.messaging_producers import deliver
from iacsim.flows.messaging_replay import PLACEHOLDER, MessagingReplay
from iacsim.flows.sns import TOPICS
from iacsim.flows.sqs import QUEUES, consumers
from iacsim.flows.steps import principals_in
from iacsim.model.messaging import SqsQueue

__all__ = ["PLACEHOLDER", "MessagingFlow", "effective_policy", "find_queue", "find_topic"]


class MessagingFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        wired = list(producers(ctx.world))
        encrypted_queues = list(ctx.world.of_type(SqsQueue))
        if not wired and not any(q.kms_master_key_id is not None for q in encrypted_queues):
            return
        seeded = ctx.new_cloud()
        replay = MessagingReplay(ctx, seeded, self.kind)
        for producer in wired:
            yield deliver(replay, TOPICS if producer.kind == "topic" else QUEUES, producer)
        principals = principals_in(ctx, seeded)
        for queue in encrypted_queues:
            outcome = consumers(replay, queue, principals)
            if outcome is not None:
                yield outcome
