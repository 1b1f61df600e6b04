"""SNS in the messaging replay: creating a topic with its key and access policy, and a producer service's
Publish to it (SNS then calls ``kms:GenerateDataKey``/``kms:Decrypt`` as that service, context
``aws:sns:topicArn``: the key policy must name the service — SNS "Key management")."""

from __future__ import annotations

from functools import partial
from typing import Any

from iacsim.flows.base import FlowContext
from iacsim.flows.clients import SnsClient, client, client_for
from iacsim.flows.messaging_model import Target, find_topic
from iacsim.flows.messaging_replay import PLACEHOLDER, TargetService
from iacsim.flows.seed import SeededCloud
from iacsim.rules.sns.flow import (
    ManagedTopicKeyWithServiceProducer,
    S3CannotValidateTopic,
    TopicKeyRejectsProducer,
    TopicPolicyRejectsProducer,
)
from iacsim.sim import Caller, Cloud


def _create(cloud: Cloud, target: Target, name: str, attributes: dict[str, str]) -> partial[dict[str, Any]]:
    sns = client(cloud, SnsClient, region=target.region, account=target.account)
    return partial(sns.create_topic, Name=name, Attributes=attributes)


def _publish(cloud: Cloud, region: str, caller: Caller, handle: str,
             fifo: dict[str, Any]) -> partial[dict[str, Any]]:
    sns = client_for(cloud, SnsClient, region, caller)
    return partial(sns.publish, TopicArn=handle, Message=PLACEHOLDER, **fifo)


def _no_attributes(ctx: FlowContext, seeded: SeededCloud, target: Target) -> dict[str, str]:
    return {}


TOPICS = TargetService(
    kind="topic", service="sns", create_action="sns:CreateTopic", deliver_action="sns:Publish",
    fifo_attribute="FifoTopic", find=find_topic, handle="TopicArn", create=_create, deliver=_publish,
    extra_attributes=_no_attributes, policy_rule=TopicPolicyRejectsProducer, key_rule=TopicKeyRejectsProducer,
    managed_rule=ManagedTopicKeyWithServiceProducer, s3_rule=S3CannotValidateTopic)
"""Topics, as producers reach them."""
