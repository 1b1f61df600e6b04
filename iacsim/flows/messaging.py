"""``service-encryption`` for SNS and SQS: every AWS service the code wires to a topic or queue, and every
consumer of an encrypted queue, replayed on the seeded cloud.

Producers (one scenario each), as AWS documents who calls:

* S3 event notifications → topic/queue: ``s3.amazonaws.com`` with ``aws:SourceArn`` = the bucket ARN,
  ``aws:SourceAccount`` = the bucket owner (S3 "Granting permissions to publish event notification messages
  to a destination").
* SNS subscriptions with protocol ``sqs``: ``sns.amazonaws.com`` with ``aws:SourceArn`` = the topic ARN
  (SNS "Subscribing an Amazon SQS queue to an Amazon SNS topic").
* CloudWatch alarm actions → topic: ``cloudwatch.amazonaws.com`` with ``aws:SourceArn`` = the alarm ARN.
* EventBridge rule targets → topic/queue: ``events.amazonaws.com`` with ``aws:SourceArn`` = the rule ARN
  (EventBridge "Using resource-based policies for Amazon EventBridge").

Each scenario creates the topic/queue as the deploying account's root (the deploying role is not in the
model; the step says so) with its key and effective access policy, then replays the delivery: the topic or
queue policy decides ``sns:Publish``/``sqs:SendMessage``; SNS/SQS then call ``kms:GenerateDataKey`` and
``kms:Decrypt`` as the service principal (contexts ``aws:sns:topicArn`` / ``aws:sqs:arn``), so the key policy
must name the service (SNS "Key management", SQS "Key management").

Consumers: for every queue with a KMS key, a message is placed by the owner account, then every role or user
in the scan allowed ``sqs:ReceiveMessage`` receives it (``kms:Decrypt`` as the consumer via SQS).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.keys import key_arn_for
from iacsim.flows.seed.common import policy_text
from iacsim.flows.steps import call_step, principals_in, root, verdict
from iacsim.flows.unknown import unknown
from iacsim.model import World
from iacsim.model.base import ModelObject, Policy
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.ids import Ref
from iacsim.model.messaging import (
    CloudWatchAlarm,
    EventBridgeRule,
    EventBridgeTarget,
    S3EventNotification,
    SnsSubscription,
    SnsTopic,
    SnsTopicPolicy,
    SqsQueue,
    SqsQueuePolicy,
    parse_queue_url,
)
from iacsim.rules.base import FlowRule, fix_for
from iacsim.rules.sns.flow import (
    ManagedTopicKeyWithServiceProducer,
    S3CannotValidateTopic,
    TopicKeyRejectsProducer,
    TopicPolicyRejectsProducer,
)
from iacsim.rules.sqs.flow import (
    ManagedQueueKeyWithServiceProducer,
    QueueConsumerCannotDecrypt,
    QueueKeyRejectsProducer,
    QueuePolicyRejectsProducer,
    S3CannotValidateQueue,
)
from iacsim.sim import Caller, Principal, authorize
from iacsim.values import Unknown

PLACEHOLDER = "iacsim replayed event"
S3_PRINCIPAL = "s3.amazonaws.com"
Target = SnsTopic | SqsQueue


@dataclass(frozen=True)
class Producer:
    """An AWS service the code wires to a topic or queue."""

    obj: ModelObject
    """The notification, subscription, alarm or rule target that wires it."""
    service: str
    """Service principal (``s3.amazonaws.com``)."""
    source: ModelObject | None
    """The bucket/topic/alarm/rule it acts for (its simulated ARN is ``aws:SourceArn``)."""
    source_arn: str | Unknown
    """``aws:SourceArn`` when the source is not in the scan (a bucket named only by name)."""
    target_ref: Ref
    """The topic/queue as written."""
    kind: Literal["topic", "queue"]
    label: str
    role: Ref | None = None


# -- finding things in the model -------------------------------------------------------------------

def find_topic(world: World, ref: Ref, account: str, region: str) -> SnsTopic | None:
    return world.find_service(SnsTopic, ref, account=account, region=region)


def find_queue(world: World, ref: Ref, account: str, region: str) -> SqsQueue | None:
    found = world.find_service(SqsQueue, ref, account=account, region=region)
    if found is None and isinstance(ref, str) and ref.startswith("http"):
        parsed = parse_queue_url(ref)
        if parsed is not None:
            q_region, q_account, name = parsed
            found = world.find_service(SqsQueue, name, account=q_account, region=q_region)
    return found


def effective_policy(world: World, target: Target) -> Policy | None:
    """The access policy in force: a separate policy resource naming the target wins over the inline one."""
    found: Policy | None = target.policy
    if isinstance(target, SnsTopic):
        for tp in world.of_type(SnsTopicPolicy):
            if find_topic(world, tp.topic, tp.account, tp.region) is target:
                found = tp.policy
    else:
        for qp in world.of_type(SqsQueuePolicy):
            if find_queue(world, qp.queue, qp.account, qp.region) is target:
                found = qp.policy
    return found


def policy_holder(world: World, target: Target) -> ModelObject:
    """Where the access policy is written (the object a policy finding points at)."""
    holder: ModelObject = target
    if isinstance(target, SnsTopic):
        for tp in world.of_type(SnsTopicPolicy):
            if find_topic(world, tp.topic, tp.account, tp.region) is target:
                holder = tp
    else:
        for qp in world.of_type(SqsQueuePolicy):
            if find_queue(world, qp.queue, qp.account, qp.region) is target:
                holder = qp
    return holder


def _kind_of(ref: Ref) -> Literal["topic", "queue"] | None:
    text = ref if isinstance(ref, str) else (ref.ref or "")
    if ":sns:" in text or "aws_sns_topic" in text:
        return "topic"
    if ":sqs:" in text or "aws_sqs_queue" in text:
        return "queue"
    return None


def producers(world: World) -> Iterator[Producer]:
    """Every producer the model wires to a topic or queue (S3, SNS, CloudWatch, EventBridge)."""
    for n in world.of_type(S3EventNotification):
        bucket = world.find_bucket(n.bucket) if n.bucket is not None else None
        arn: str | Unknown = (f"arn:{n.partition}:s3:::{n.bucket}" if isinstance(n.bucket, str)
                              else Unknown("bucket not known", None))
        for t in n.targets:
            if t.kind in ("topic", "queue"):
                yield Producer(n, "s3.amazonaws.com", bucket, arn, t.target, t.kind,
                               f"S3 event notification of {n.address}")
    for s in world.of_type(SnsSubscription):
        if s.protocol == "sqs":
            topic = find_topic(world, s.topic, s.account, s.region)
            yield Producer(s, "sns.amazonaws.com", topic, s.topic if isinstance(s.topic, str) else Unknown(
                "topic not in the scan", None), s.endpoint, "queue", f"SNS subscription {s.address}")
    for alarm in world.of_type(CloudWatchAlarm):
        for action in (*alarm.alarm_actions, *alarm.ok_actions, *alarm.insufficient_data_actions):
            if find_topic(world, action, alarm.account, alarm.region) is not None or _kind_of(action) == "topic":
                yield Producer(alarm, "cloudwatch.amazonaws.com", alarm, alarm.arn, action, "topic",
                               f"CloudWatch alarm {alarm.address}")
    for target in world.of_type(EventBridgeTarget):
        rule = world.find_service(EventBridgeRule, target.rule, account=target.account, region=target.region)
        kind: Literal["topic", "queue"] | None
        if find_topic(world, target.target, target.account, target.region) is not None:
            kind = "topic"
        elif find_queue(world, target.target, target.account, target.region) is not None:
            kind = "queue"
        else:
            kind = _kind_of(target.target)
        if kind is not None:
            yield Producer(target, "events.amazonaws.com", rule,
                           rule.arn if rule is not None else Unknown("rule not in the scan", None),
                           target.target, kind, f"EventBridge rule target {target.address}", role=target.role)


def _managed(ref: Ref | None, service: str) -> bool:
    return isinstance(ref, str) and (ref == f"alias/aws/{service}" or ref.endswith(f":alias/aws/{service}"))


# -- the flow ---------------------------------------------------------------------------------------

@dataclass
class _Created:
    step: FlowStep
    handle: str | None
    """Topic ARN / queue URL in the simulated cloud (None when creation failed or was unknown)."""
    key: str | None
    """Key as passed to the service."""


class MessagingFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        wired = list(producers(ctx.world))
        encrypted_queues = list(ctx.world.of_type(SqsQueue))
        if not wired and not any(q.kms_master_key_id is not None for q in encrypted_queues):
            return
        seeded = ctx.new_cloud()
        created: dict[str, _Created] = {}
        for producer in wired:
            yield self._producer(ctx, seeded, created, producer)
        principals = principals_in(ctx, seeded)
        for queue in encrypted_queues:
            outcome = self._consumers(ctx, seeded, created, queue, principals)
            if outcome is not None:
                yield outcome

    # -- creating topics and queues ---------------------------------------------------------------
    def _key(self, ctx: FlowContext, seeded: Any, target: Target) -> tuple[str | None, str | None]:
        """(key to pass, why unknown)."""
        ref = target.kms_master_key_id
        if ref is None:
            return None, None
        service = "sns" if isinstance(target, SnsTopic) else "sqs"
        if _managed(ref, service):
            return str(ref), None
        key, why = key_arn_for(ctx.world, seeded, ref, target.account, target.region, near=target.address)
        return key, why or None

    def _create(self, ctx: FlowContext, seeded: Any, created: dict[str, _Created], target: Target) -> _Created:
        if target.address in created:
            # Created by an earlier scenario of this replay: the step repeats without its audit records.
            first = created[target.address]
            return _Created(dataclasses.replace(first.step, events=(),
                                                reason=f"(created for an earlier scenario) {first.step.reason}"),
                            first.handle, first.key)
        deployer = root(target.account) if target.account != "unknown" else "deploying account"
        values = seeded.values.get(target.address, {})
        is_topic = isinstance(target, SnsTopic)
        action = "sns:CreateTopic" if is_topic else "sqs:CreateQueue"
        resource = values.get("arn", target.address)

        def unknown(why: str) -> _Created:
            return _Created(FlowStep(deployer, action, resource, "unknown", why), None, None)

        if target.placement_unknown:
            result = unknown(f"placement unknown: {target.placement_unknown}")
        else:
            key, why = self._key(ctx, seeded, target)
            policy = effective_policy(ctx.world, target)
            text = policy_text(policy, seeded)
            if why is not None:
                result = unknown(why)
            elif isinstance(text, Unknown):
                result = unknown(f"the access policy is not known statically ({text.reason})")
            else:
                attributes: dict[str, str] = {}
                if key:
                    attributes["KmsMasterKeyId"] = key
                if text:
                    attributes["Policy"] = text
                if target.fifo is True:
                    attributes["FifoQueue" if not is_topic else "FifoTopic"] = "true"
                if isinstance(target, SqsQueue) and target.dead_letter_target is not None:
                    dead = find_queue(ctx.world, target.dead_letter_target, target.account, target.region)
                    dead_arn = seeded.values.get(dead.address, {}).get("arn") if dead is not None else None
                    if isinstance(dead_arn, str):
                        attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": dead_arn,
                                                                  "maxReceiveCount": 5})
                name = values["name"]
                note = "" if isinstance(target.name, str) else f" (name generated at apply; replayed as {name})"
                what = f"encrypted with {key}" if key else "not encrypted with a KMS key"
                if is_topic:
                    client = seeded.cloud.client("sns", region=target.region, account=target.account)
                    call = partial(client.create_topic, Name=name, Attributes=attributes)
                else:
                    client = seeded.cloud.client("sqs", region=target.region, account=target.account)
                    call = partial(client.create_queue, QueueName=name, Attributes=attributes)
                step, out = call_step(deployer, action, resource, call,
                                      f"created by the deploying account (assumed: {deployer}), {what}"
                                      f"{', with its access policy' if text else ', with the default access policy'}"
                                      f"{note}")
                handle = None if out is None else (out["TopicArn"] if is_topic else out["QueueUrl"])
                result = _Created(step, handle, key)
        created[target.address] = result
        return result

    # -- producers ------------------------------------------------------------------------------------
    def _producer(self, ctx: FlowContext, seeded: Any, created: dict[str, _Created], p: Producer) -> FlowOutcome:
        world = ctx.world
        target: Target | None = (find_topic(world, p.target_ref, p.obj.account, p.obj.region) if p.kind == "topic"
                                 else find_queue(world, p.target_ref, p.obj.account, p.obj.region))
        written = p.target_ref if isinstance(p.target_ref, str) else (p.target_ref.ref or "?")
        title = f"{p.label} → {p.kind} {target.address if target is not None else written}"
        action = "sns:Publish" if p.kind == "topic" else "sqs:SendMessage"
        if target is None:
            return unknown(self.kind, title, p.service, action, written,
                                 f"the {p.kind} is not in the scan, so its policy and key are not known")
        source_arn = seeded.values.get(p.source.address, {}).get("arn") if p.source is not None else None
        if source_arn is None:
            source_arn = seeded.resolve(p.source_arn)
        if not isinstance(source_arn, str):
            return unknown(self.kind, title, p.service, action, target.address,
                                 "the ARN of the resource the service acts for (aws:SourceArn) is not known")
        if p.role is not None:
            return unknown(self.kind, title, p.service, action, target.address,
                                 "the target sets RoleArn: EventBridge says not to for SNS/SQS targets (delivery may "
                                 "fail, especially with KMS encryption); not replayed")
        if p.service == S3_PRINCIPAL:
            refusal = self._s3_destination_refusal(p, target)
            if refusal is not None:
                step = FlowStep(p.service, f"{action} (s3:TestEvent at PutBucketNotificationConfiguration)",
                                target.address, "error", refusal)
                rule: type[FlowRule] = S3CannotValidateTopic if p.kind == "topic" else S3CannotValidateQueue
                fix = fix_for(p.obj, f"notify a standard {p.kind} in the bucket's Region (or route the events "
                                     "through EventBridge)",
                              f"notify a standard {p.kind} in the bucket's Region (or route the events through "
                              "EventBridge)")
                return FlowOutcome(FlowResult(self.kind, title, "fail", (step,)), (FlowFailure(
                    rule, p.obj, f"PutBucketNotificationConfiguration fails: Unable to validate the following "
                                 f"destination configurations ({p.kind} {target.address}): {refusal}", fix=fix),))
        made = self._create(ctx, seeded, created, target)
        steps = [made.step]
        if made.handle is None:
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)))
        source_account = p.obj.account if p.source is None else p.source.account
        caller = Caller(Principal.service(p.service), source_arn=source_arn, source_account=source_account)
        fifo = {"MessageGroupId": "iacsim"} if target.fifo is True else {}
        service = "sns" if p.kind == "topic" else "sqs"
        client = seeded.cloud.client_for(service, target.region, caller)
        if p.kind == "topic":
            call = partial(client.publish, TopicArn=made.handle, Message=PLACEHOLDER, **fifo)
        else:
            call = partial(client.send_message, QueueUrl=made.handle, MessageBody=PLACEHOLDER, **fifo)
        key_note = (f"; {service.upper()} generated a data key under {made.key} as {p.service}"
                    if made.key else "")
        arn = seeded.values.get(target.address, {}).get("arn", target.address)
        label = action
        if p.service == S3_PRINCIPAL:
            # S3 sends a test event when the notification configuration is written (PutBucketNotificationConfiguration).
            label = f"{action} (s3:TestEvent at PutBucketNotificationConfiguration)"
        step, _ = call_step(p.service, label, arn, call,
                            f"allowed by the {p.kind} policy for aws:SourceArn {source_arn}{key_note}")
        steps.append(step)
        failures: list[FlowFailure] = []
        if step.decision != "allowed":
            failures.append(self._failure(ctx, p, target, made.key, step))
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))

    @staticmethod
    def _s3_destination_refusal(p: Producer, target: Target) -> str | None:
        """What S3 refuses before any permission is checked: FIFO destinations and other Regions (S3 user guide,
        "Amazon S3 Event Notifications": only standard SNS topics and SQS queues, in the bucket's Region)."""
        if target.fifo is True:
            return f"S3 event notifications support standard {p.kind}s only; {target.address} is a FIFO {p.kind}"
        if target.region != p.obj.region and "unknown" not in (target.region, p.obj.region):
            return (f"the {p.kind} is in {target.region} but the bucket's notification is in {p.obj.region}; "
                    f"the destination must be in the bucket's Region")
        return None

    def _failure(self, ctx: FlowContext, p: Producer, target: Target, key: str | None, step: FlowStep) -> FlowFailure:
        cause = self._cause(ctx, p, target, key, step)
        if p.service != S3_PRINCIPAL:
            return cause
        # S3's test event fails, so PutBucketNotificationConfiguration fails: an apply error on the notification.
        rule: type[FlowRule] = S3CannotValidateTopic if p.kind == "topic" else S3CannotValidateQueue
        return FlowFailure(rule, p.obj, f"PutBucketNotificationConfiguration fails: Unable to validate the following "
                                        f"destination configurations ({p.kind} {target.address}): {cause.message}",
                           fix=cause.fix)

    def _cause(self, ctx: FlowContext, p: Producer, target: Target, key: str | None, step: FlowStep) -> FlowFailure:
        code = step.error_code
        topic = p.kind == "topic"
        service = "sns" if topic else "sqs"
        if code in ("AuthorizationError", "AccessDenied"):
            rule: type[FlowRule] = TopicPolicyRejectsProducer if topic else QueuePolicyRejectsProducer
            action = "sns:Publish" if topic else "sqs:SendMessage"
            holder = policy_holder(ctx.world, target)
            return FlowFailure(rule, holder, f"the {p.kind} policy of {target.address} does not let {p.service} "
                                             f"({p.label}) call {action}: {step.reason}",
                               fix=fix_for(holder,
                                           f'add a policy statement: effect "Allow", principals {{ type = "Service", '
                                           f'identifiers = ["{p.service}"] }}, actions ["{action}"], condition '
                                           f'ArnLike aws:SourceArn = the producer ARN',
                                           f"add a statement: Effect: Allow, Principal: {{Service: {p.service}}}, "
                                           f"Action: {action}, Condition: {{ArnLike: {{aws:SourceArn: <producer ARN>}}}}"))
        if _managed(key, service):
            managed_rule: type[FlowRule] = ManagedTopicKeyWithServiceProducer if topic else \
                ManagedQueueKeyWithServiceProducer
            return FlowFailure(managed_rule, target,
                               f"{target.address} is encrypted with the AWS managed key alias/aws/{service}, whose "
                               f"policy cannot admit {p.service} ({p.label}): {step.reason}",
                               fix=fix_for(target, "set kms_master_key_id to a customer managed key whose policy "
                                                   f"allows {p.service} kms:GenerateDataKey* and kms:Decrypt",
                                           "set KmsMasterKeyId to a customer managed key whose policy allows "
                                           f"{p.service} kms:GenerateDataKey* and kms:Decrypt"))
        key_rule: type[FlowRule] = TopicKeyRejectsProducer if topic else QueueKeyRejectsProducer
        return FlowFailure(key_rule, target, f"{p.service} ({p.label}) cannot use the key of {target.address}: "
                                             f"{step.reason}",
                           fix=fix_for(target,
                                       f'add to the key policy: principals {{ type = "Service", identifiers = '
                                       f'["{p.service}"] }}, actions ["kms:GenerateDataKey*", "kms:Decrypt"]',
                                       f"add to the KeyPolicy: Principal: {{Service: {p.service}}}, "
                                       "Action: [kms:GenerateDataKey*, kms:Decrypt]"))

    # -- consumers --------------------------------------------------------------------------------------
    def _consumers(self, ctx: FlowContext, seeded: Any, created: dict[str, _Created], queue: SqsQueue,
                   principals: list[IamRole | IamUser]) -> FlowOutcome | None:
        arn = seeded.values.get(queue.address, {}).get("arn")
        if not isinstance(arn, str):
            return None
        # Encrypted queues whose dead-letter queue this is: their failed messages move here still sealed under
        # their own key (SQS "Configure KMS permissions for consumers").
        sources = [q for q in ctx.world.of_type(SqsQueue) if q.kms_master_key_id is not None
                   and q.dead_letter_target is not None
                   and find_queue(ctx.world, q.dead_letter_target, q.account, q.region) is queue]
        if queue.kms_master_key_id is None and not sources:
            return None
        text = policy_text(effective_policy(ctx.world, queue), seeded)
        document = json.loads(text) if isinstance(text, str) else None
        consumers = []
        for principal in principals:
            decision = authorize(seeded.cloud, Caller(Principal.parse(str(principal.arn))), "sqs:ReceiveMessage", arn,
                                 resource_account=queue.account, resource_policy=document,
                                 resource_policy_name="queue policy", region=queue.region)
            if decision.allowed:
                consumers.append(principal)
        if not consumers:
            return None
        title = f"consumers of {queue.address}"
        made = self._create(ctx, seeded, created, queue)
        steps = [made.step]
        if made.handle is None:
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)))
        owner = root(queue.account)
        keys = [made.key] if made.key else []
        placed = [(queue, made)] if queue.kms_master_key_id is not None else []
        for source in sources:
            source_made = self._create(ctx, seeded, created, source)
            steps.append(source_made.step)
            if source_made.handle is None:
                return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)))
            placed.append((source, source_made))
            if source_made.key:
                keys.append(source_made.key)
        for target, target_made in placed:
            sqs = seeded.cloud.client("sqs", region=target.region, account=target.account)
            fifo = {"MessageGroupId": "iacsim"} if target.fifo is True else {}
            target_arn = seeded.values.get(target.address, {}).get("arn", target.address)
            put, _ = call_step(owner, "sqs:SendMessage", target_arn,
                               partial(sqs.send_message, QueueUrl=target_made.handle, MessageBody=PLACEHOLDER, **fifo),
                               f"a message placed by the owner account (assumed producer: {owner})")
            if put.decision != "allowed":
                steps.append(FlowStep(put.principal, put.action, put.resource, "unknown",
                                      f"could not place a message to replay the consumers: {put.reason}"))
                return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)))
            steps.append(put)
            if target is not queue:
                moved = sqs.move_to_dead_letter_queue(QueueUrl=target_made.handle)
                steps.append(FlowStep(f"sqs.{target.region}.amazonaws.com", "redrive to the dead-letter queue", arn,
                                      "allowed", f"{moved} message(s) of {target.address} moved after maxReceiveCount "
                                                 f"receives, still encrypted under {target_made.key}"))
        failures: list[FlowFailure] = []
        via = f"sqs.{queue.region}.amazonaws.com"
        for consumer in consumers:
            client = seeded.cloud.client("sqs", region=queue.region, principal=str(consumer.arn))
            read, out = call_step(str(consumer.arn), "sqs:ReceiveMessage", arn,
                                  partial(client.receive_message, QueueUrl=made.handle, MaxNumberOfMessages=10),
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
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
