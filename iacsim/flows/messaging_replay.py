"""What the SNS and SQS replays share: one seeded cloud per scan, each topic or queue created in it once
(with its key and effective access policy), and the description of a target service
(:class:`TargetService`) each of :mod:`~iacsim.flows.sns` and
:mod:`~iacsim.flows.sqs` gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from iacsim.findings import FlowStep
from iacsim.flows.base import FlowContext
from iacsim.flows.keys import key_arn_for
from iacsim.flows.messaging_model import Target, effective_policy, managed
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import policy_text
from iacsim.flows.steps import call_step, root
from iacsim.model import World
from iacsim.model.ids import Ref
from iacsim.rules.base import FlowRule
from iacsim.sim import Caller, Cloud
from iacsim.values import Unknown

PLACEHOLDER = "iacsim replayed event"
S3_PRINCIPAL = "s3.amazonaws.com"


@dataclass(frozen=True)
class TargetService:
    """A service producers deliver to (SNS topics, SQS queues): its calls, and the rules its failures break."""

    kind: Literal["topic", "queue"]
    service: Literal["sns", "sqs"]
    create_action: str
    deliver_action: str
    fifo_attribute: str
    find: Callable[[World, Ref, str, str], Target | None]
    """``(world, reference, account, region)`` → the scan's topic or queue a producer names."""
    handle: str
    """The create response's field that names the target in later calls (``TopicArn``, ``QueueUrl``)."""
    create: Callable[[Cloud, Target, str, dict[str, str]], Callable[[], dict[str, Any]]]
    """``(cloud, target, name, attributes)`` → the create call, as the target's account."""
    deliver: Callable[[Cloud, str, Caller, str, dict[str, Any]], Callable[[], dict[str, Any]]]
    """``(cloud, region, caller, handle, fifo arguments)`` → one delivery of the placeholder message."""
    extra_attributes: Callable[[FlowContext, SeededCloud, Target], dict[str, str]]
    policy_rule: type[FlowRule]
    """The target's access policy does not admit the producer."""
    key_rule: type[FlowRule]
    """The target's key policy does not admit the producer."""
    managed_rule: type[FlowRule]
    """The target uses the service's AWS managed key, which no producer service can use."""
    s3_rule: type[FlowRule]
    """S3 cannot validate the destination of a bucket notification."""


@dataclass
class Created:
    step: FlowStep
    handle: str | None
    """Topic ARN / queue URL in the simulated cloud (None when creation failed or was unknown)."""
    key: str | None
    """Key as passed to the service."""


class MessagingReplay:
    """The topics and queues created in the scan's seeded cloud, each once."""

    def __init__(self, ctx: FlowContext, seeded: SeededCloud, kind: str) -> None:
        self.ctx = ctx
        self.world = ctx.world
        self.seeded = seeded
        self.kind = kind
        self.created: dict[str, Created] = {}

    def key(self, svc: TargetService, target: Target) -> tuple[str | None, str | None]:
        """(key to pass, why unknown)."""
        ref = target.kms_master_key_id
        if ref is None:
            return None, None
        if managed(ref, svc.service):
            return str(ref), None
        key, why = key_arn_for(self.world, self.seeded, ref, target.account, target.region, near=target.address)
        return key, why or None

    def create(self, svc: TargetService, target: Target) -> Created:
        seeded = self.seeded
        if target.address in self.created:
            # Created by an earlier scenario of this replay: the step repeats without its audit records.
            first = self.created[target.address]
            return Created(dataclasses.replace(first.step, events=(),
                                               reason=f"(created for an earlier scenario) {first.step.reason}"),
                           first.handle, first.key)
        deployer = root(target.account) if target.account != "unknown" else "deploying account"
        values = seeded.values.get(target.address, {})
        action = svc.create_action
        resource = values.get("arn", target.address)

        def unknown(why: str) -> Created:
            return Created(FlowStep(deployer, action, resource, "unknown", why), None, None)

        if target.placement_unknown:
            result = unknown(f"placement unknown: {target.placement_unknown}")
        else:
            key, why = self.key(svc, target)
            policy = effective_policy(self.world, target)
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
                    attributes[svc.fifo_attribute] = "true"
                attributes.update(svc.extra_attributes(self.ctx, seeded, target))
                name = values["name"]
                note = "" if isinstance(target.name, str) else f" (name generated at apply; replayed as {name})"
                what = f"encrypted with {key}" if key else "not encrypted with a KMS key"
                step, out = call_step(deployer, action, resource, svc.create(seeded.cloud, target, name, attributes),
                                      f"created by the deploying account (assumed: {deployer}), {what}"
                                      f"{', with its access policy' if text else ', with the default access policy'}"
                                      f"{note}")
                handle = None if out is None else str(out[svc.handle])
                result = Created(step, handle, key)
        self.created[target.address] = result
        return result
