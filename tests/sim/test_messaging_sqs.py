"""Simulated SQS with SSE-KMS: who calls KMS (producer, consumer, service principal) and with which context."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import Caller, ClientError, Principal
from iacsim.sim.sqs.client import SQS

REGION = "us-east-1"
ACCOUNT = "111111111111"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}

QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:work"
BUCKET_ARN = "arn:aws:s3:::uploads"
ROOT = {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*"}


def _key(cloud, *statements):
    kms = cloud.client("kms", account=ACCOUNT)
    return kms.create_key(Policy=doc(ROOT, *statements))["KeyMetadata"]["Arn"]


def _s3_policy(source=BUCKET_ARN):
    return doc({"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sqs:SendMessage",
                "Resource": QUEUE_ARN, "Condition": {"ArnEquals": {"aws:SourceArn": source}}})


def _s3(cloud, source=BUCKET_ARN):
    return cloud.client_for("sqs", REGION, Caller(Principal.service("s3.amazonaws.com"), source_arn=source,
                                                   source_account=ACCOUNT))


def test_round_trip_stores_only_ciphertext(cloud):
    key = _key(cloud)
    sqs = cloud.client("sqs", account=ACCOUNT)
    url = sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": key})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="order 42")
    stored = cloud.backend(SQS, ACCOUNT, REGION).queues["work"].messages[0]
    assert not isinstance(stored.body, str) and b"order 42" not in stored.body.envelope
    assert "order 42" not in repr(stored)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["order 42"]


def test_encryption_context_is_the_queue_arn(cloud):
    # A key policy that admits S3 only for this queue's context: the right queue works, another does not.
    key = _key(cloud, {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                       "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
                       "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sqs:arn": QUEUE_ARN}}})
    sqs = cloud.client("sqs", account=ACCOUNT)
    policy = doc({"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sqs:SendMessage",
                  "Resource": "*"})
    url = sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": key, "Policy": policy})["QueueUrl"]
    other = sqs.create_queue(QueueName="other", Attributes={"KmsMasterKeyId": key, "Policy": policy})["QueueUrl"]
    _s3(cloud).send_message(QueueUrl=url, MessageBody="event")
    with pytest.raises(ClientError) as err:
        _s3(cloud).send_message(QueueUrl=other, MessageBody="event")
    assert err.value.response["Error"]["Code"] == "KMS.AccessDeniedException"
    assert "kms:EncryptionContext:aws:sqs:arn" in err.value.response["Error"]["Message"]


def test_service_producer_needs_the_queue_policy_then_the_key_policy(cloud):
    key = _key(cloud)
    sqs = cloud.client("sqs", account=ACCOUNT)
    url = sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": key, "Policy": _s3_policy()})["QueueUrl"]
    with pytest.raises(ClientError) as err:
        _s3(cloud, "arn:aws:s3:::someone-else").send_message(QueueUrl=url, MessageBody="event")
    assert err.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as err:
        _s3(cloud).send_message(QueueUrl=url, MessageBody="event")
    assert err.value.response["Error"]["Code"] == "KMS.AccessDeniedException"
    assert "kms:GenerateDataKey" in err.value.response["Error"]["Message"]


def test_aws_managed_key_admits_the_account_but_never_a_service(cloud):
    sqs = cloud.client("sqs", account=ACCOUNT)
    url = sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": "alias/aws/sqs",
                                                         "Policy": _s3_policy()})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="from the account")
    kms = cloud.client("kms", account=ACCOUNT)
    assert kms.describe_key(KeyId="alias/aws/sqs")["KeyMetadata"]["KeyManager"] == "AWS"
    with pytest.raises(ClientError) as err:
        _s3(cloud).send_message(QueueUrl=url, MessageBody="event")
    assert err.value.response["Error"]["Code"] == "KMS.AccessDeniedException"
    assert "kms:CallerAccount" in err.value.response["Error"]["Message"]


def test_consumer_needs_kms_decrypt(cloud):
    key = _key(cloud)
    iam = cloud.client("iam", account=ACCOUNT)
    trust = doc({"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"})
    for name, extra in (("reader", []), ("decrypter", [allow("kms:Decrypt", key)])):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
        iam.put_role_policy(RoleName=name, PolicyName="p",
                            PolicyDocument=doc(allow("sqs:ReceiveMessage", QUEUE_ARN), *extra))
    sqs = cloud.client("sqs", account=ACCOUNT)
    url = sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": key})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job")
    reader = cloud.client("sqs", principal=f"arn:aws:iam::{ACCOUNT}:role/reader")
    with pytest.raises(ClientError) as err:
        reader.receive_message(QueueUrl=url)
    assert err.value.response["Error"]["Code"] == "KMS.AccessDeniedException"
    decrypter = cloud.client("sqs", principal=f"arn:aws:iam::{ACCOUNT}:role/decrypter")
    assert decrypter.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "job"


def test_kms_key_and_sse_sqs_together_are_rejected(cloud):
    sqs = cloud.client("sqs", account=ACCOUNT)
    with pytest.raises(ClientError) as err:
        sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": "alias/aws/sqs",
                                                       "SqsManagedSseEnabled": "true"})
    assert "one type of server-side encryption" in err.value.response["Error"]["Message"]


def test_unencrypted_queue_calls_no_kms(cloud):
    sqs = cloud.client("sqs", account=ACCOUNT)
    url = sqs.create_queue(QueueName="work", Attributes={"SqsManagedSseEnabled": "true",
                                                         "Policy": _s3_policy()})["QueueUrl"]
    _s3(cloud).send_message(QueueUrl=url, MessageBody="event")
    attrs = sqs.get_queue_attributes(QueueUrl=url)["Attributes"]
    assert attrs["QueueArn"] == QUEUE_ARN and attrs["ApproximateNumberOfMessages"] == "1"
    assert json.loads(attrs["Policy"])["Statement"][0]["Principal"] == {"Service": "s3.amazonaws.com"}


def test_messages_keep_the_key_they_were_sealed_with(cloud):
    # Changing the queue's key does not re-encrypt stored messages: a consumer still needs the old key.
    old, new = _key(cloud), _key(cloud)
    sqs = cloud.client("sqs", account=ACCOUNT)
    url = sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": old})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="before")
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"KmsMasterKeyId": new})
    sqs.send_message(QueueUrl=url, MessageBody="after")
    stored = cloud.backend(SQS, ACCOUNT, REGION).queues["work"].messages
    assert [m.key for m in stored] == [old, new]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]] == [
        "before", "after"]


def test_reuse_period_is_validated(cloud):
    sqs = cloud.client("sqs", account=ACCOUNT)
    with pytest.raises(ClientError) as err:
        sqs.create_queue(QueueName="work", Attributes={"KmsDataKeyReusePeriodSeconds": "30"})
    assert err.value.response["Error"]["Code"] == "InvalidAttributeValue"


def test_dead_letter_queue_consumers_need_the_source_queues_key(cloud):
    source_key, dead_key = _key(cloud), _key(cloud)
    iam = cloud.client("iam", account=ACCOUNT)
    trust = doc({"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"})
    iam.create_role(RoleName="triage", AssumeRolePolicyDocument=trust)
    dead_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead"
    iam.put_role_policy(RoleName="triage", PolicyName="p", PolicyDocument=doc(
        allow("sqs:ReceiveMessage", dead_arn), allow("kms:Decrypt", dead_key)))
    sqs = cloud.client("sqs", account=ACCOUNT)
    dead = sqs.create_queue(QueueName="dead", Attributes={"KmsMasterKeyId": dead_key})["QueueUrl"]
    work = sqs.create_queue(QueueName="work", Attributes={
        "KmsMasterKeyId": source_key,
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": 3})})["QueueUrl"]
    sqs.send_message(QueueUrl=work, MessageBody="poison")
    assert sqs.move_to_dead_letter_queue(QueueUrl=work) == 1
    triage = cloud.client("sqs", principal=f"arn:aws:iam::{ACCOUNT}:role/triage")
    with pytest.raises(ClientError) as err:
        triage.receive_message(QueueUrl=dead)
    assert err.value.response["Error"]["Code"] == "KMS.AccessDeniedException"
    assert source_key in err.value.response["Error"]["Message"]
    # The owner account (key policy root statement) still reads it, with the source queue's context.
    assert sqs.receive_message(QueueUrl=dead)["Messages"][0]["Body"] == "poison"
