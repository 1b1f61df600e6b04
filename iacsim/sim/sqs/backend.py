"""State of the simulated SQS in one account+region: queues, their attributes and stored messages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.sim.sqs.encryption import SealedMessage
from iacsim.sim.sqs.errors import QueueDoesNotExist

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

ENCRYPTION_ATTRIBUTES = ("KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled")
SETTABLE_ATTRIBUTES = (
    *ENCRYPTION_ATTRIBUTES, "Policy", "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy",
    "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
)


@dataclass
class StoredMessage:
    message_id: str
    body: SealedMessage | str
    """Sealed when the queue has a KMS key at send time; plain text otherwise (never printed)."""
    key: str | None
    """Key ARN the message was sealed with (a queue's key can change; old messages keep theirs)."""
    sender: str
    """SenderId (principal ARN or service principal)."""
    context_arn: str = ""
    """The queue ARN in the message's encryption context (``aws:sqs:arn``): the queue it was sent to, kept when
    the message moves to a dead-letter queue."""
    receipt_handle: str = ""
    """Set by SendMessage from the cloud's identifier stream."""

    def __repr__(self) -> str:
        return f"StoredMessage({self.message_id}, key={self.key}, sender={self.sender})"


@dataclass
class Queue:
    name: str
    arn: str
    url: str
    account: str
    attributes: dict[str, str] = field(default_factory=dict)
    messages: list[StoredMessage] = field(default_factory=list)

    @property
    def policy(self) -> dict[str, Any] | None:
        text = self.attributes.get("Policy")
        return json.loads(text) if text else None

    @property
    def key(self) -> str | None:
        return self.attributes.get("KmsMasterKeyId") or None


class SqsBackend:
    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.queues: dict[str, Queue] = {}

    def url(self, name: str) -> str:
        return f"https://sqs.{self.region}.amazonaws.com/{self.account}/{name}"

    def arn(self, name: str) -> str:
        return str(Arn.sqs_queue(self.cloud.partition, self.region, self.account, name))

    def get(self, name: str) -> Queue:
        queue = self.queues.get(name)
        if queue is None:
            raise QueueDoesNotExist(
                "The specified queue does not exist for this wsdl version.")
        return queue
