"""The simulated Amazon SNS client (boto3 ``sns``).

Operations: CreateTopic, GetTopicAttributes, SetTopicAttributes, Subscribe, Publish, DeleteTopic, plus the
non-boto3 ``delivery_attempts(TopicArn=...)`` giving what happened to each subscription after Publish.
Every call is authorized (``sns:<Operation>`` on the topic ARN) with the caller's IAM policies and the
topic's access policy (``Policy``; AWS's ``__default_policy_ID`` when none is set, which admits
principals whose ``AWS:SourceOwner`` is the topic owner).

Server-side encryption (``KmsMasterKeyId``) follows the SNS developer guide, "Key management"
(https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html): the publisher needs
``kms:GenerateDataKey`` and ``kms:Decrypt`` on the key; SNS calls them as the publisher through SNS
(``kms:ViaService = sns.<region>.amazonaws.com``) with the encryption context
``{"aws:sns:topicArn": <topic ARN>}``. AWS services publishing events (S3, CloudWatch, EventBridge) are
the publisher: their service principal must be allowed in the key policy of a *customer managed* key,
because the AWS managed ``alias/aws/sns`` policy cannot be changed ("Enable compatibility between event
sources from AWS services and encrypted topics").

Delivery to ``sqs`` subscriptions: SNS sends the message to the queue as ``sns.amazonaws.com`` with
``aws:SourceArn`` = the topic ARN, so the queue policy must allow that and, for an encrypted queue, the
queue's key policy must allow ``sns.amazonaws.com`` ``kms:GenerateDataKey``/``kms:Decrypt``
(SQS "Configure KMS permissions for AWS services"). Delivery is asynchronous: Publish succeeds, and each
attempt is kept in :meth:`SnsClient.delivery_attempts`. Other protocols are not delivered (``not-simulated``).
"""

from __future__ import annotations

import json
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.errors import AwsError, ClientError, InvalidParameter
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.principal import Caller, Principal
from iacsim.sim.sns.backend import (
    SETTABLE_ATTRIBUTES,
    Delivery,
    SnsBackend,
    Subscription,
    Topic,
    default_topic_policy,
)
from iacsim.sim.sns.errors import AuthorizationError
from iacsim.sim.sqs.encryption import SnsKmsFailure, key_arn, managed_alias, seal

SNS_PRINCIPAL = "sns.amazonaws.com"

_SOURCE_OWNER_SERVICES = ("cloudwatch.amazonaws.com",)
"""Service principals for which SNS sets ``AWS:SourceOwner`` to the account of the resource they act for, so
AWS's default topic policy admits them (CloudWatch alarms publish to a same-account topic without a topic
policy statement). S3 and EventBridge need a statement naming their service principal (S3 "Granting
permissions to publish event notification messages to a destination"; EventBridge "Using resource-based
policies for Amazon EventBridge", Amazon SNS permissions)."""


def _split_topic_arn(arn: str) -> tuple[str, str, str]:
    parsed = Arn.parse(arn)
    if parsed is None or parsed.service != "sns" or ":" in parsed.resource:
        raise InvalidParameter("Invalid parameter: TopicArn")
    return parsed.region, parsed.account, parsed.resource


class SnsClient(BaseClient):
    service_name = "sns"

    def _backend(self, account: str, region: str) -> SnsBackend:
        return self.cloud.backend(SNS, account, region)

    def _topic(self, arn: str) -> Topic:
        region, account, _ = _split_topic_arn(arn)
        if region != self.region:
            raise InvalidParameter("Invalid parameter: TopicArn")
        return self._backend(account, region).get(arn)

    def _source_owner(self) -> str | None:
        principal = self.caller.principal
        if not principal.is_service:
            return principal.account
        if principal.arn in _SOURCE_OWNER_SERVICES:
            return self.caller.source_account
        return None

    def _authorize(self, action: str, topic: Topic) -> None:
        owner = self._source_owner()
        require(self.cloud, self.caller, f"sns:{action}", topic.arn, resource_account=topic.account,
                resource_policy=topic.policy, resource_policy_name="topic policy", region=self.region,
                error=AuthorizationError, context={"AWS:SourceOwner": owner} if owner else None)

    def _set_attribute(self, topic: Topic, name: str, value: str) -> None:
        if name not in SETTABLE_ATTRIBUTES:
            raise InvalidParameter(f"Invalid parameter: AttributeName {name}")
        if name == "Policy":
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                raise InvalidParameter("Invalid parameter: Policy Error: null") from None
            if not isinstance(parsed, dict):
                raise InvalidParameter("Invalid parameter: Policy Error: null")
        if name == "KmsMasterKeyId" and value and managed_alias(value, "sns"):
            # AWS creates alias/aws/sns the first time a topic uses it.
            aws_managed_key(self.cloud, topic.account, self.region, "sns")
        topic.attributes[name] = value

    # -- operations -------------------------------------------------------------------
    @operation("CreateTopic", record=("Name",))
    def create_topic(self, *, Name: str, Attributes: dict[str, str] | None = None,
                     Tags: list[dict[str, str]] | None = None) -> dict[str, Any]:
        attributes = dict(Attributes or {})
        fifo = attributes.get("FifoTopic", "false").lower() == "true"
        base = Name.removesuffix(".fifo") if fifo else Name
        if not base or len(Name) > 256 or not all(c.isalnum() or c in "-_" for c in base) \
                or fifo != Name.endswith(".fifo"):
            raise InvalidParameter("Invalid parameter: Topic Name")
        backend = self._backend(self.account, self.region)
        arn = backend.arn(Name)
        require(self.cloud, self.caller, "sns:CreateTopic", arn, resource_account=self.account, region=self.region,
                error=AuthorizationError)
        if arn in backend.topics:
            return {"TopicArn": arn}
        topic = Topic(Name, arn, self.account)
        topic.attributes["Policy"] = json.dumps(default_topic_policy(arn, self.account))
        for name, value in attributes.items():
            self._set_attribute(topic, name, value)
        backend.topics[arn] = topic
        return {"TopicArn": arn}

    @operation("GetTopicAttributes", record=("TopicArn",))
    def get_topic_attributes(self, *, TopicArn: str) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        self._authorize("GetTopicAttributes", topic)
        return {"Attributes": {**topic.attributes, "TopicArn": topic.arn, "Owner": topic.account,
                               "SubscriptionsConfirmed": str(len(topic.subscriptions))}}

    @operation("SetTopicAttributes", record=("TopicArn", "AttributeName"))
    def set_topic_attributes(self, *, TopicArn: str, AttributeName: str, AttributeValue: str) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        self._authorize("SetTopicAttributes", topic)
        self._set_attribute(topic, AttributeName, AttributeValue)
        return {}

    @operation("Subscribe", record=("TopicArn", "Protocol", "Endpoint"))
    def subscribe(self, *, TopicArn: str, Protocol: str, Endpoint: str | None = None,
                  Attributes: dict[str, str] | None = None, ReturnSubscriptionArn: bool = False) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        self._authorize("Subscribe", topic)
        if Protocol == "sqs" and ((endpoint := Arn.parse(Endpoint)) is None or endpoint.service != "sqs"):
            raise InvalidParameter("Invalid parameter: SQS endpoint ARN")
        # Same-account sqs/lambda subscriptions are confirmed at once; others need confirmation, which the
        # simulator grants (no endpoint to reach).
        subscription = Subscription(f"{topic.arn}:{self.cloud.ids.uuid()}", topic.arn, Protocol, Endpoint or "",
                                    self.caller.principal.arn, dict(Attributes or {}))
        topic.subscriptions.append(subscription)
        return {"SubscriptionArn": subscription.arn}

    @operation("Publish", record=("TopicArn", "Subject"))
    def publish(self, *, TopicArn: str, Message: str, Subject: str | None = None,
                MessageAttributes: dict[str, Any] | None = None, MessageStructure: str | None = None,
                MessageGroupId: str | None = None, MessageDeduplicationId: str | None = None) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        if not Message:
            raise InvalidParameter("Invalid parameter: Empty message")
        if topic.attributes.get("FifoTopic", "false").lower() == "true" and not MessageGroupId:
            raise InvalidParameter(
                "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
        self._authorize("Publish", topic)
        key = topic.key
        if key:
            kms = self.cloud.via("sns", "kms", self.region, self.caller)
            seal(kms, key_arn(self.cloud.partition, self.region, topic.account, key),
                 {"aws:sns:topicArn": topic.arn}, Message, topic.arn, SnsKmsFailure)
        topic.published += 1
        for subscription in topic.subscriptions:
            topic.deliveries.append(self._deliver(topic, subscription, Message))
        return {"MessageId": self.cloud.ids.uuid()}

    def _deliver(self, topic: Topic, subscription: Subscription, message: str) -> Delivery:
        if subscription.protocol != "sqs":
            return Delivery(subscription.arn, subscription.protocol, subscription.endpoint, "not-simulated")
        from iacsim.sim.sqs.client import queue_url_of_arn

        endpoint = Arn.parse(subscription.endpoint)
        region = endpoint.region if endpoint is not None else self.region
        caller = Caller(Principal.service(SNS_PRINCIPAL), source_arn=topic.arn, source_account=topic.account)
        sqs = self.cloud.client_for("sqs", region, caller)
        try:
            sqs.send_message(QueueUrl=queue_url_of_arn(subscription.endpoint), MessageBody=message)
        except ClientError as error:
            return Delivery(subscription.arn, "sqs", subscription.endpoint, "failed",
                            error.response["Error"]["Code"], error.response["Error"]["Message"])
        except AwsError as error:
            return Delivery(subscription.arn, "sqs", subscription.endpoint, "failed", error.code, error.message)
        return Delivery(subscription.arn, "sqs", subscription.endpoint, "delivered")

    @operation("DeleteTopic", record=("TopicArn",))
    def delete_topic(self, *, TopicArn: str) -> dict[str, Any]:
        topic = self._topic(TopicArn)
        self._authorize("DeleteTopic", topic)
        self._backend(topic.account, self.region).topics.pop(topic.arn, None)
        return {}

    def delivery_attempts(self, *, TopicArn: str) -> tuple[Delivery, ...]:
        """Not boto3: every delivery SNS attempted for the topic's published messages, in order."""
        region, account, _ = _split_topic_arn(TopicArn)
        return tuple(self._backend(account, region).get(TopicArn).deliveries)


SNS: ServiceSpec[SnsBackend] = register_service(ServiceSpec("sns", SnsBackend, SnsClient))
