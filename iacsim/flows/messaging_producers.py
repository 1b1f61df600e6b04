"""Producers in the messaging replay: an AWS service the code wires to a topic or queue delivers one message,
as AWS documents who calls:

* S3 event notifications: ``s3.amazonaws.com`` with ``aws:SourceArn`` = the bucket ARN, ``aws:SourceAccount`` =
  the bucket owner (S3 "Granting permissions to publish event notification messages to a destination");
  S3 sends a test event when the notification configuration is written.
* SNS subscriptions with protocol ``sqs``: ``sns.amazonaws.com`` with ``aws:SourceArn`` = the topic ARN.
* CloudWatch alarm actions: ``cloudwatch.amazonaws.com`` with ``aws:SourceArn`` = the alarm ARN.
* EventBridge rule targets: ``events.amazonaws.com`` with ``aws:SourceArn`` = the rule ARN.

The target's access policy decides ``sns:Publish``/``sqs:SendMessage``; the service then uses the target's key
as the producer service (:mod:`~iacsim.flows.sns`, :mod:`~iacsim.flows.sqs`).

* Auto Scaling notifications (:func:`_auto_scaling`): AWS documents neither which principal Amazon EC2 Auto
  Scaling publishes as nor what the key policy of an encrypted topic must allow for it, so only what does not
  depend on that is decided.
"""

from __future__ import annotations

from typing import Any

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import FlowFailure, FlowOutcome
from iacsim.flows.ebs import SLR_NAME
from iacsim.flows.messaging_model import (
    AUTOSCALING,
    Producer,
    Target,
    effective_policy,
    managed,
    policy_holder,
)
from iacsim.flows.messaging_replay import S3_PRINCIPAL, MessagingReplay, TargetService
from iacsim.flows.steps import call_step, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.standin import regions_differ
from iacsim.rules.base import fix_for
from iacsim.sim import Caller, Principal
from iacsim.values import Unknown


def deliver(r: MessagingReplay, svc: TargetService, p: Producer) -> FlowOutcome:
    """Replay producer ``p`` delivering to its ``svc`` target (a topic or a queue)."""
    seeded = r.seeded
    target = svc.find(r.world, p.target_ref, p.obj.account, p.obj.region)
    written = p.target_ref if isinstance(p.target_ref, str) else (p.target_ref.ref or "?")
    title = f"{p.label} → {p.kind} {target.address if target is not None else written}"
    action = svc.deliver_action
    if target is None:
        # say why it is not (a module that is not downloaded: run terraform init), so the hint is the right one
        cause = f" ({p.target_ref.reason})" if isinstance(p.target_ref, Unknown) else ""
        return unknown(r.kind, title, p.service, action, written,
                       f"the {p.kind} is not in the scan, so its policy and key are not known{cause}")
    if p.service == AUTOSCALING:
        return _auto_scaling(r, p, target, title)
    source_arn = seeded.values.get(p.source.address, {}).get("arn") if p.source is not None else None
    if source_arn is None:
        source_arn = seeded.resolve(p.source_arn)
    if not isinstance(source_arn, str):
        return unknown(r.kind, title, p.service, action, target.address,
                       "the ARN of the resource the service acts for (aws:SourceArn) is not known")
    if p.role is not None:
        return unknown(r.kind, title, p.service, action, target.address,
                       "the target sets RoleArn: EventBridge says not to for SNS/SQS targets (delivery may "
                       "fail, especially with KMS encryption); not replayed")
    if p.service == S3_PRINCIPAL:
        refusal = _s3_destination_refusal(p, target)
        if refusal is not None:
            step = FlowStep(p.service, f"{action} (s3:TestEvent at PutBucketNotificationConfiguration)",
                            target.address, "error", refusal)
            fix = fix_for(p.obj, f"notify a standard {p.kind} in the bucket's Region (or route the events "
                                 "through EventBridge)",
                          f"notify a standard {p.kind} in the bucket's Region (or route the events through "
                          "EventBridge)")
            return FlowOutcome(FlowResult(r.kind, title, "fail", (step,)), (FlowFailure(
                svc.s3_rule, p.obj, f"PutBucketNotificationConfiguration fails: Unable to validate the following "
                                    f"destination configurations ({p.kind} {target.address}): {refusal}", fix=fix),))
    made = r.create(svc, target)
    steps = [made.step]
    if made.handle is None:
        return FlowOutcome(FlowResult(r.kind, title, verdict(steps), tuple(steps)))
    source_account = p.obj.account if p.source is None else p.source.account
    caller = Caller(Principal.service(p.service), source_arn=source_arn, source_account=source_account)
    fifo: dict[str, Any] = {"MessageGroupId": "iacsim"} if target.fifo is True else {}
    call = svc.deliver(seeded.cloud, target.region, caller, made.handle, fifo)
    key_note = (f"; {svc.service.upper()} generated a data key under {made.key} as {p.service}"
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
        failures.append(_failure(r, svc, p, target, made.key, step))
    return FlowOutcome(FlowResult(r.kind, title, verdict(steps), tuple(steps)), tuple(failures))


def _auto_scaling(r: MessagingReplay, p: Producer, target: Target, title: str) -> FlowOutcome:
    """Auto Scaling notifying ``target``: the Amazon EC2 Auto Scaling User Guide ("Amazon SNS notification options
    for Amazon EC2 Auto Scaling") says nothing of encrypted topics, and the SNS developer guide's list of services
    whose key policy must name them ("Configure AWS KMS permissions for AWS services") does not include it. Its
    service-linked role has no permission of its own on customer managed keys ("Required AWS KMS key policy for
    use with encrypted volumes"). An unencrypted topic with AWS's default access policy (the owner account may
    publish) works; anything else is ``unknown``, saying what to check."""
    key = target.kms_master_key_id
    action = "sns:Publish"
    if key is None and effective_policy(r.world, target) is None:
        return FlowOutcome(FlowResult(r.kind, title, "pass", (FlowStep(
            p.service, action, target.address, "allowed",
            "the topic is not encrypted and keeps AWS's default access policy, which lets the owner account's "
            "principals publish (Auto Scaling publishes from that account)"),)))
    if isinstance(key, Unknown):
        why = f"the key of {target.address} is not known statically ({key.ref + ': ' if key.ref else ''}{key.reason})"
    elif key is None:
        why = (f"the access policy of {target.address} is not replayed for Auto Scaling: AWS does not document which "
               "principal Auto Scaling publishes notifications as")
    else:
        why = (f"{target.address} is encrypted with {key}: AWS does not document which principal Auto Scaling "
               "publishes notifications as, nor what the key policy must allow for it (its service-linked role "
               f"{SLR_NAME} has no permission of its own on customer managed keys); not replayed — check that the "
               f"key policy lets {SLR_NAME} use the key")
    return unknown(r.kind, title, p.service, action, target.address, why)


def _s3_destination_refusal(p: Producer, target: Target) -> str | None:
    """What S3 refuses before any permission is checked: FIFO destinations and other Regions (S3 user guide,
    "Amazon S3 Event Notifications": only standard SNS topics and SQS queues, in the bucket's Region)."""
    if target.fifo is True:
        return f"S3 event notifications support standard {p.kind}s only; {target.address} is a FIFO {p.kind}"
    if regions_differ(target, p.obj):
        return (f"the {p.kind} is in {target.region} but the bucket's notification is in {p.obj.region}; "
                f"the destination must be in the bucket's Region")
    return None


def _failure(r: MessagingReplay, svc: TargetService, p: Producer, target: Target, key: str | None,
             step: FlowStep) -> FlowFailure:
    cause = _cause(r, svc, p, target, key, step)
    if p.service != S3_PRINCIPAL:
        return cause
    # S3's test event fails, so PutBucketNotificationConfiguration fails: an apply error on the notification.
    return FlowFailure(svc.s3_rule, p.obj, f"PutBucketNotificationConfiguration fails: Unable to validate the "
                                           f"following destination configurations ({p.kind} {target.address}): "
                                           f"{cause.message}", fix=cause.fix)


def _cause(r: MessagingReplay, svc: TargetService, p: Producer, target: Target, key: str | None,
           step: FlowStep) -> FlowFailure:
    if step.error_code in ("AuthorizationError", "AccessDenied"):
        action = svc.deliver_action
        holder = policy_holder(r.world, target)
        return FlowFailure(svc.policy_rule, holder, f"the {p.kind} policy of {target.address} does not let "
                                                    f"{p.service} ({p.label}) call {action}: {step.reason}",
                           fix=fix_for(holder,
                                       f'add a policy statement: effect "Allow", principals {{ type = "Service", '
                                       f'identifiers = ["{p.service}"] }}, actions ["{action}"], condition '
                                       f'ArnLike aws:SourceArn = the producer ARN',
                                       f"add a statement: Effect: Allow, Principal: {{Service: {p.service}}}, "
                                       f"Action: {action}, Condition: {{ArnLike: {{aws:SourceArn: <producer ARN>}}}}"))
    if managed(key, svc.service):
        return FlowFailure(svc.managed_rule, target,
                           f"{target.address} is encrypted with the AWS managed key alias/aws/{svc.service}, whose "
                           f"policy cannot admit {p.service} ({p.label}): {step.reason}",
                           fix=fix_for(target, "set kms_master_key_id to a customer managed key whose policy "
                                               f"allows {p.service} kms:GenerateDataKey* and kms:Decrypt",
                                       "set KmsMasterKeyId to a customer managed key whose policy allows "
                                       f"{p.service} kms:GenerateDataKey* and kms:Decrypt"))
    return FlowFailure(svc.key_rule, target, f"{p.service} ({p.label}) cannot use the key of {target.address}: "
                                             f"{step.reason}",
                       fix=fix_for(target,
                                   f'add to the key policy: principals {{ type = "Service", identifiers = '
                                   f'["{p.service}"] }}, actions ["kms:GenerateDataKey*", "kms:Decrypt"]',
                                   f"add to the KeyPolicy: Principal: {{Service: {p.service}}}, "
                                   "Action: [kms:GenerateDataKey*, kms:Decrypt]"))
