"""State of the simulated SNS in one account+region: topics, subscriptions, delivery attempts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.sim.sns.errors import NotFound

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

SETTABLE_ATTRIBUTES = ("Policy", "KmsMasterKeyId", "DisplayName", "DeliveryPolicy", "FifoTopic",
                       "ContentBasedDeduplication", "SignatureVersion", "TracingConfig", "ArchivePolicy")

_DEFAULT_ACTIONS = ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                    "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic",
                    "SNS:Publish"]


def default_topic_policy(arn: str, account: str) -> dict[str, Any]:
    """The access policy SNS gives a topic created without one (``__default_policy_ID``): every principal,
    on condition that ``AWS:SourceOwner`` is the topic owner's account."""
    return {
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": _DEFAULT_ACTIONS,
            "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": account}},
        }],
    }


@dataclass
class Subscription:
    arn: str
    topic_arn: str
    protocol: str
    endpoint: str
    owner: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Delivery:
    """One attempt by SNS to deliver a published message to a subscription."""

    subscription_arn: str
    protocol: str
    endpoint: str
    status: str
    """``delivered``, ``failed`` or ``not-simulated`` (protocols other than sqs)."""
    error_code: str | None = None
    error_message: str | None = None


@dataclass
class Topic:
    name: str
    arn: str
    account: str
    attributes: dict[str, str] = field(default_factory=dict)
    subscriptions: list[Subscription] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    published: int = 0

    @property
    def policy(self) -> dict[str, Any]:
        return json.loads(self.attributes["Policy"])  # type: ignore[no-any-return]

    @property
    def key(self) -> str | None:
        return self.attributes.get("KmsMasterKeyId") or None


class SnsBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.topics: dict[str, Topic] = {}

    def arn(self, name: str) -> str:
        return str(Arn.sns_topic(self.cloud.partition, self.region, self.account, name))

    def get(self, arn: str) -> Topic:
        topic = self.topics.get(arn)
        if topic is None:
            raise NotFound("Topic does not exist")
        return topic
