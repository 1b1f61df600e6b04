"""The simulated Amazon SQS client (boto3 ``sqs``).

Operations: CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes, SendMessage,
ReceiveMessage, DeleteMessage, DeleteQueue. Every call is authorized (``sqs:<Operation>`` on the queue
ARN) with the caller's IAM policies and the queue's access policy (``Policy`` attribute).

Server-side encryption with a KMS key (``KmsMasterKeyId``) follows the SQS developer guide, "Key
management" (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html):
SendMessage calls ``kms:GenerateDataKey`` and ``kms:Decrypt`` as the producer, ReceiveMessage calls
``kms:Decrypt`` as the consumer, through SQS (``kms:ViaService = sqs.<region>.amazonaws.com``) with
the encryption context ``{"aws:sqs:arn": <queue ARN>}``. An AWS service delivering events (S3, SNS,
EventBridge) is the producer itself: its service principal, with ``aws:SourceArn``/``aws:SourceAccount``
of the resource it acts for. ``alias/aws/sqs`` is the AWS managed key (created on first use); its
policy admits principals of the account through SQS only, so a service producer cannot use it.
KMS failures surface as SQS's ``KMS.*`` error codes. SSE-SQS (``SqsManagedSseEnabled``) uses keys SQS
owns: no KMS call, nothing to authorize.
"""

from __future__ import annotations

import json
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import AccessDenied, InvalidParameterValue, MissingParameter
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.sqs.backend import SETTABLE_ATTRIBUTES, Queue, SqsBackend, StoredMessage
from iacsim.sim.sqs.encryption import SqsKmsFailure, key_arn, managed_alias, seal, unseal
from iacsim.sim.sqs.errors import (
    InvalidAddress,
    InvalidAttributeName,
    InvalidAttributeValue,
    QueueAlreadyExists,
    QueueDoesNotExist,
)

_MAX_NAME = 80


def _check_name(name: str, fifo: bool) -> None:
    base = name.removesuffix(".fifo") if fifo else name
    if not base or len(name) > _MAX_NAME or not all(c.isalnum() or c in "-_" for c in base):
        raise InvalidParameterValue(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
    if fifo != name.endswith(".fifo"):
        raise InvalidParameterValue("The name of a FIFO queue can only include alphanumeric "
                                    "characters, hyphens, or underscores, must end with .fifo suffix")


def parse_url(url: str) -> tuple[str, str, str]:
    """(region, account, name) of a queue URL."""
    rest = url.removeprefix("https://").removeprefix("http://")
    host, _, path = rest.partition("/")
    parts = path.strip("/").split("/")
    labels = host.split(".")
    if len(parts) != 2 or not parts[0].isdigit() or len(labels) < 3:
        raise InvalidAddress(f"The address {url} is not valid for this endpoint.")
    region = labels[1] if labels[0] == "sqs" else labels[0]
    return region, parts[0], parts[1]


class SqsClient(BaseClient):
    service_name = "sqs"

    def _backend(self, account: str, region: str) -> SqsBackend:
        return self.cloud.backend(SQS, account, region)

    def _queue(self, url: str) -> Queue:
        region, account, name = parse_url(url)
        if region != self.region:
            raise InvalidAddress(f"The address {url} is not valid for this endpoint.")
        return self._backend(account, region).get(name)

    def _authorize(self, action: str, queue: Queue) -> None:
        require(self.cloud, self.caller, f"sqs:{action}", queue.arn, resource_account=queue.account,
                resource_policy=queue.policy, resource_policy_name="queue policy", region=self.region,
                error=AccessDenied)

    def _kms(self) -> Any:
        return self.cloud.via("sqs", "kms", self.region, self.caller)

    def _set_attributes(self, queue: Queue, attributes: dict[str, str]) -> None:
        for name, value in attributes.items():
            if name not in SETTABLE_ATTRIBUTES:
                raise InvalidAttributeName(f"Unknown Attribute {name}.")
            if name == "Policy" and value:
                try:
                    json.loads(value)
                except json.JSONDecodeError:
                    raise InvalidAttributeValue("Invalid value for the parameter Policy.") from None
            if name == "KmsDataKeyReusePeriodSeconds" and not (value.isdigit() and 60 <= int(value) <= 86400):
                raise InvalidAttributeValue(
                    "Invalid value for the parameter KmsDataKeyReusePeriodSeconds.")
        if attributes.get("KmsMasterKeyId") and attributes.get("SqsManagedSseEnabled", "").lower() == "true":
            raise InvalidAttributeName(
                "You can use one type of server-side encryption (SSE) at one time. You can either "
                "enable KMS SSE or SQS SSE.")
        key = attributes.get("KmsMasterKeyId")
        if key and managed_alias(key, "sqs"):
            # AWS creates alias/aws/sqs the first time a queue uses it.
            aws_managed_key(self.cloud, queue.account, self.region, "sqs")
        queue.attributes.update({k: str(v) for k, v in attributes.items()})
        if key:
            queue.attributes.pop("SqsManagedSseEnabled", None)

    # -- operations -------------------------------------------------------------------
    @operation("CreateQueue", record=("QueueName",))
    def create_queue(self, *, QueueName: str, Attributes: dict[str, str] | None = None,
                     tags: dict[str, str] | None = None) -> dict[str, Any]:
        attributes = dict(Attributes or {})
        _check_name(QueueName, attributes.get("FifoQueue", "false").lower() == "true")
        backend = self._backend(self.account, self.region)
        arn = backend.arn(QueueName)
        require(self.cloud, self.caller, "sqs:CreateQueue", arn, resource_account=self.account, region=self.region,
                error=AccessDenied)
        existing = backend.queues.get(QueueName)
        if existing is not None:
            if any(existing.attributes.get(k) != v for k, v in attributes.items()):
                raise QueueAlreadyExists(
                    "A queue already exists with the same name and a different value for attribute(s).")
            return {"QueueUrl": existing.url}
        queue = Queue(QueueName, arn, backend.url(QueueName), self.account)
        self._set_attributes(queue, attributes)
        backend.queues[QueueName] = queue
        return {"QueueUrl": queue.url}

    @operation("GetQueueUrl", record=("QueueName", "QueueOwnerAWSAccountId"))
    def get_queue_url(self, *, QueueName: str, QueueOwnerAWSAccountId: str | None = None) -> dict[str, Any]:
        queue = self._backend(QueueOwnerAWSAccountId or self.account, self.region).get(QueueName)
        self._authorize("GetQueueUrl", queue)
        return {"QueueUrl": queue.url}

    @operation("GetQueueAttributes", record=("QueueUrl", "AttributeNames"))
    def get_queue_attributes(self, *, QueueUrl: str, AttributeNames: list[str] | None = None) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._authorize("GetQueueAttributes", queue)
        wanted = AttributeNames or ["All"]
        values = {**queue.attributes, "QueueArn": queue.arn,
                  "ApproximateNumberOfMessages": str(len(queue.messages))}
        if "All" not in wanted:
            values = {k: v for k, v in values.items() if k in wanted}
        return {"Attributes": values}

    @operation("SetQueueAttributes", record=("QueueUrl",))
    def set_queue_attributes(self, *, QueueUrl: str, Attributes: dict[str, str]) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._authorize("SetQueueAttributes", queue)
        self._set_attributes(queue, dict(Attributes))
        return {}

    @operation("SendMessage", record=("QueueUrl",))
    def send_message(self, *, QueueUrl: str, MessageBody: str, DelaySeconds: int | None = None,
                     MessageAttributes: dict[str, Any] | None = None, MessageGroupId: str | None = None,
                     MessageDeduplicationId: str | None = None) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        if not MessageBody:
            raise MissingParameter("The request must contain the parameter MessageBody.")
        if queue.attributes.get("FifoQueue", "false").lower() == "true" and not MessageGroupId:
            raise MissingParameter("The request must contain the parameter MessageGroupId.")
        self._authorize("SendMessage", queue)
        key = queue.key
        body: Any = MessageBody
        sealed_with: str | None = None
        if key:
            sealed_with = key_arn(self.cloud.partition, self.region, queue.account, key)
            body = seal(self._kms(), sealed_with, {"aws:sqs:arn": queue.arn}, MessageBody, queue.arn, SqsKmsFailure)
        message = StoredMessage(self.cloud.ids.uuid(), body, sealed_with, self.caller.principal.arn, queue.arn,
                                receipt_handle=self.cloud.ids.hex(32))
        queue.messages.append(message)
        return {"MessageId": message.message_id}

    @operation("ReceiveMessage", record=("QueueUrl", "MaxNumberOfMessages"))
    def receive_message(self, *, QueueUrl: str, MaxNumberOfMessages: int = 1, WaitTimeSeconds: int | None = None,
                        VisibilityTimeout: int | None = None, AttributeNames: list[str] | None = None,
                        MessageAttributeNames: list[str] | None = None) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        if not 1 <= MaxNumberOfMessages <= 10:
            raise InvalidParameterValue("Value for parameter MaxNumberOfMessages is invalid. "
                                        "Reason: Must be between 1 and 10, if provided.")
        self._authorize("ReceiveMessage", queue)
        out = []
        for message in queue.messages[:MaxNumberOfMessages]:
            if isinstance(message.body, str):
                text = message.body
            else:
                # A message moved from a source queue keeps that queue's key and context (SQS "Configure KMS
                # permissions for consumers": dead-letter queue consumers need the source queue's key too).
                origin = message.context_arn or queue.arn
                text = unseal(self._kms(), message.body, {"aws:sqs:arn": origin}, origin, SqsKmsFailure)
            out.append({"MessageId": message.message_id, "ReceiptHandle": message.receipt_handle, "Body": text})
        return {"Messages": out} if out else {}

    @operation("DeleteMessage", record=("QueueUrl",))
    def delete_message(self, *, QueueUrl: str, ReceiptHandle: str) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._authorize("DeleteMessage", queue)
        queue.messages = [m for m in queue.messages if m.receipt_handle != ReceiptHandle]
        return {}

    def move_to_dead_letter_queue(self, *, QueueUrl: str) -> int:
        """Not boto3: what SQS does to messages received more than ``maxReceiveCount`` times — move every message
        to the queue's ``RedrivePolicy.deadLetterTargetArn`` as it is (still sealed with this queue's key).
        Returns how many moved."""
        queue = self._queue(QueueUrl)
        text = queue.attributes.get("RedrivePolicy")
        target = json.loads(text).get("deadLetterTargetArn") if text else None
        if not isinstance(target, str):
            raise InvalidParameterValue(f"{queue.arn} has no RedrivePolicy with a deadLetterTargetArn.")
        dead = cloud_queue(self.cloud, target)
        if dead is None:
            raise QueueDoesNotExist(
                "The specified queue does not exist for this wsdl version.")
        moved = len(queue.messages)
        dead.messages.extend(queue.messages)
        queue.messages = []
        return moved

    @operation("DeleteQueue", record=("QueueUrl",))
    def delete_queue(self, *, QueueUrl: str) -> dict[str, Any]:
        queue = self._queue(QueueUrl)
        self._authorize("DeleteQueue", queue)
        self._backend(queue.account, self.region).queues.pop(queue.name, None)
        return {}


SQS: ServiceSpec[SqsBackend] = register_service(ServiceSpec("sqs", SqsBackend, SqsClient))


def queue_url_of_arn(arn: str) -> str:
    """The queue URL of ``arn:<p>:sqs:<region>:<account>:<name>``."""
    parsed = _queue_arn(arn)
    if parsed is None:
        raise InvalidAddress(f"{arn} is not a queue ARN")
    return f"https://sqs.{parsed.region}.amazonaws.com/{parsed.account}/{parsed.resource}"


def cloud_queue(cloud: Cloud, arn: str) -> Queue | None:
    """The queue an ARN names in ``cloud`` (for replays that need its state), or None."""
    parsed = _queue_arn(arn)
    if parsed is None:
        return None
    return cloud.backend(SQS, parsed.account, parsed.region).queues.get(parsed.resource)


def _queue_arn(arn: str) -> Arn | None:
    """``arn`` if it names an SQS queue (a queue name has no ``:``), else None."""
    parsed = Arn.parse(arn)
    if parsed is None or parsed.service != "sqs" or ":" in parsed.resource:
        return None
    return parsed
