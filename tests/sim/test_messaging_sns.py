"""Simulated SNS with SSE-KMS: publishers, AWS service event sources, and delivery to encrypted queues."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import Caller, ClientError, Principal

REGION = "us-east-1"
ACCOUNT = "111111111111"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}

ROOT = {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*"}
ALARM_ARN = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:cpu"


def _service_key(*services):
    return [{"Effect": "Allow", "Principal": {"Service": s}, "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
             "Resource": "*"} for s in services]


def _key(cloud, *statements):
    return cloud.client("kms", account=ACCOUNT).create_key(Policy=doc(ROOT, *statements))["KeyMetadata"]["Arn"]


def _as(cloud, service, source_arn):
    return cloud.client_for("sns", REGION, Caller(Principal.service(service), source_arn=source_arn,
                                                   source_account=ACCOUNT))


def test_default_topic_policy_admits_alarms_of_the_account_but_not_s3(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    _as(cloud, "cloudwatch.amazonaws.com", ALARM_ARN).publish(TopicArn=topic, Message="ALARM")
    with pytest.raises(ClientError) as err:
        _as(cloud, "s3.amazonaws.com", "arn:aws:s3:::uploads").publish(TopicArn=topic, Message="event")
    assert err.value.response["Error"]["Code"] == "AuthorizationError"
    assert "AWS:SourceOwner" in err.value.response["Error"]["Message"]


def test_service_publisher_needs_the_key_policy(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    denied = sns.create_topic(Name="denied", Attributes={"KmsMasterKeyId": _key(cloud)})["TopicArn"]
    allowed = sns.create_topic(Name="allowed", Attributes={
        "KmsMasterKeyId": _key(cloud, *_service_key("cloudwatch.amazonaws.com"))})["TopicArn"]
    alarm = _as(cloud, "cloudwatch.amazonaws.com", ALARM_ARN)
    alarm.publish(TopicArn=allowed, Message="ALARM")
    with pytest.raises(ClientError) as err:
        alarm.publish(TopicArn=denied, Message="ALARM")
    assert err.value.response["Error"]["Code"] == "KMSAccessDeniedException"
    assert "cloudwatch.amazonaws.com is not authorized to perform: kms:GenerateDataKey" in \
        err.value.response["Error"]["Message"]


def test_topic_key_context_is_the_topic_arn(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"
    key = _key(cloud, {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                       "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
                       "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": arn}}})
    good = sns.create_topic(Name="alerts", Attributes={"KmsMasterKeyId": key})["TopicArn"]
    bad = sns.create_topic(Name="other", Attributes={"KmsMasterKeyId": key})["TopicArn"]
    alarm = _as(cloud, "cloudwatch.amazonaws.com", ALARM_ARN)
    alarm.publish(TopicArn=good, Message="ALARM")
    with pytest.raises(ClientError):
        alarm.publish(TopicArn=bad, Message="ALARM")


def test_aws_managed_topic_key_refuses_service_event_sources(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    topic = sns.create_topic(Name="alerts", Attributes={"KmsMasterKeyId": "alias/aws/sns"})["TopicArn"]
    sns.publish(TopicArn=topic, Message="from the account")
    with pytest.raises(ClientError) as err:
        _as(cloud, "cloudwatch.amazonaws.com", ALARM_ARN).publish(TopicArn=topic, Message="ALARM")
    assert err.value.response["Error"]["Code"] == "KMSAccessDeniedException"


def test_delivery_to_an_encrypted_queue_is_done_by_sns(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    sqs = cloud.client("sqs", account=ACCOUNT)
    topic = sns.create_topic(Name="orders")["TopicArn"]
    queue_policy = doc({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                        "Action": "sqs:SendMessage", "Resource": "*",
                        "Condition": {"ArnEquals": {"aws:SourceArn": topic}}})
    urls = {}
    for name, key in (("closed", _key(cloud)), ("open", _key(cloud, *_service_key("sns.amazonaws.com")))):
        urls[name] = sqs.create_queue(QueueName=name, Attributes={"KmsMasterKeyId": key,
                                                                  "Policy": queue_policy})["QueueUrl"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}")
    sns.publish(TopicArn=topic, Message="order 7")  # delivery is asynchronous: Publish succeeds
    attempts = {a.endpoint.rsplit(":", 1)[1]: a for a in sns.delivery_attempts(TopicArn=topic)}
    assert attempts["open"].status == "delivered"
    assert attempts["closed"].status == "failed" and attempts["closed"].error_code == "KMS.AccessDeniedException"
    assert "sns.amazonaws.com" in (attempts["closed"].error_message or "")
    assert sqs.receive_message(QueueUrl=urls["open"])["Messages"][0]["Body"] == "order 7"
    assert sqs.receive_message(QueueUrl=urls["closed"]) == {}


def test_setting_a_key_later_applies_to_the_next_publish(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    alarm = _as(cloud, "cloudwatch.amazonaws.com", ALARM_ARN)
    alarm.publish(TopicArn=topic, Message="ALARM")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue=_key(cloud))
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["KmsMasterKeyId"].startswith("arn:aws:kms:")
    with pytest.raises(ClientError) as err:
        alarm.publish(TopicArn=topic, Message="ALARM")
    assert err.value.response["Error"]["Code"] == "KMSAccessDeniedException"


def test_fifo_topics_need_a_message_group_and_sqs_endpoints_must_be_arns(cloud):
    sns = cloud.client("sns", account=ACCOUNT)
    topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    with pytest.raises(ClientError) as err:
        sns.publish(TopicArn=topic, Message="m")
    assert "MessageGroupId" in err.value.response["Error"]["Message"]
    sns.publish(TopicArn=topic, Message="m", MessageGroupId="g")
    with pytest.raises(ClientError) as err:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="https://sqs.us-east-1.amazonaws.com/1/q")
    assert err.value.response["Error"]["Code"] == "InvalidParameter"
