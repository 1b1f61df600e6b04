"""CloudWatch Logs with KMS: the logs service uses the key as itself, with the log group ARN as context."""

from __future__ import annotations

import json

import pytest

from iacsim.sim import ClientError, Cloud

A = "111111111111"
GROUP_ARN = f"arn:aws:logs:us-east-1:{A}:log-group:/app"


def _policy(*, decrypt: bool = True, context: str = f"arn:aws:logs:us-east-1:{A}:log-group:*") -> str:
    actions = ["kms:Encrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    if decrypt:
        actions.append("kms:Decrypt*")
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": actions,
         "Resource": "*", "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": context}}}]})


def _key(cloud: Cloud, policy: str | None = None, **kw: str) -> str:
    args = {"Policy": policy} if policy else {}
    arn: str = cloud.client("kms", account=A).create_key(**args, **kw)["KeyMetadata"]["Arn"]
    return arn


def test_encrypted_round_trip_and_kms_calls_are_the_services():
    cloud = Cloud()
    key = _key(cloud, _policy())
    logs = cloud.client("logs", account=A)
    logs.create_log_group(logGroupName="/app", kmsKeyId=key)
    logs.create_log_stream(logGroupName="/app", logStreamName="web")
    logs.put_log_events(logGroupName="/app", logStreamName="web", logEvents=[{"timestamp": 1, "message": "m1"}])
    assert logs.get_log_events(logGroupName="/app", logStreamName="web")["events"][0]["message"] == "m1"
    assert logs.filter_log_events(logGroupName="/app", filterPattern="m1")["events"][0]["logStreamName"] == "web"
    stored = cloud.backends("logs")[A]["us-east-1"].groups["/app"].streams["web"][0]
    assert stored.sealed != b"m1" and stored.key_arn == key and "m1" not in repr(stored)
    assert logs.describe_log_groups()["logGroups"][0]["kmsKeyId"] == key


def test_key_policy_without_the_logs_service_refuses_association_with_awss_wording():
    cloud = Cloud()
    key = _key(cloud)  # default key policy: account root only
    logs = cloud.client("logs", account=A)
    with pytest.raises(ClientError) as err:
        logs.create_log_group(logGroupName="/app", kmsKeyId=key)
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    assert f"is not allowed to be used with Arn '{GROUP_ARN}'" in err.value.response["Error"]["Message"]
    logs.create_log_group(logGroupName="/app")
    with pytest.raises(ClientError, match="AccessDeniedException"):
        logs.associate_kms_key(logGroupName="/app", kmsKeyId=key)


def test_context_condition_for_another_group_refuses():
    cloud = Cloud()
    key = _key(cloud, _policy(context=f"arn:aws:logs:us-east-1:{A}:log-group:/other"))
    with pytest.raises(ClientError, match="not allowed to be used"):
        cloud.client("logs", account=A).create_log_group(logGroupName="/app", kmsKeyId=key)


def test_wrong_region_asymmetric_and_key_id_are_refused():
    cloud = Cloud()
    logs = cloud.client("logs", account=A)
    west = cloud.client("kms", region="us-west-2", account=A).create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError, match="InvalidParameterException") as err:
        logs.create_log_group(logGroupName="/a", kmsKeyId=west)
    assert "not in us-east-1" in str(err.value)
    rsa = _key(cloud, _policy(), KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")
    with pytest.raises(ClientError, match=r"InvalidParameterException.*InvalidKeyUsage"):
        logs.create_log_group(logGroupName="/b", kmsKeyId=rsa)
    key_id = _key(cloud, _policy()).rsplit("/", 1)[1]
    with pytest.raises(ClientError, match="AccessDeniedException"):
        logs.create_log_group(logGroupName="/c", kmsKeyId=key_id)


def test_reading_needs_the_service_to_decrypt():
    cloud = Cloud()
    key = _key(cloud, _policy(decrypt=False))
    logs = cloud.client("logs", account=A)
    logs.create_log_group(logGroupName="/app", kmsKeyId=key)
    logs.create_log_stream(logGroupName="/app", logStreamName="s")
    logs.put_log_events(logGroupName="/app", logStreamName="s", logEvents=[{"timestamp": 1, "message": "x"}])
    with pytest.raises(ClientError, match="AccessDeniedException"):
        logs.get_log_events(logGroupName="/app", logStreamName="s")


def test_alias_arn_is_accepted_and_disassociation_keeps_old_events_readable():
    cloud = Cloud()
    key = _key(cloud, _policy())
    kms = cloud.client("kms", account=A)
    kms.create_alias(AliasName="alias/app-logs", TargetKeyId=key)
    logs = cloud.client("logs", account=A)
    logs.create_log_group(logGroupName="/app", kmsKeyId=f"arn:aws:kms:us-east-1:{A}:alias/app-logs")
    logs.create_log_stream(logGroupName="/app", logStreamName="s")
    logs.put_log_events(logGroupName="/app", logStreamName="s", logEvents=[{"timestamp": 1, "message": "old"}])
    logs.disassociate_kms_key(logGroupName="/app")
    logs.put_log_events(logGroupName="/app", logStreamName="s", logEvents=[{"timestamp": 2, "message": "new"}])
    events = logs.get_log_events(logGroupName="/app", logStreamName="s")["events"]
    assert [e["message"] for e in events] == ["old", "new"]
    stored = cloud.backends("logs")[A]["us-east-1"].groups["/app"].streams["s"]
    # The old event stays under the key (its data key names the key ARN, not the alias); the new one is not.
    assert stored[0].key_arn == key and stored[1].key_arn is None
