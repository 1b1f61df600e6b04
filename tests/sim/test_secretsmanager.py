"""Simulated Secrets Manager: envelope encryption via KMS, readers, cross-account access, replicas."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

A = "111111111111"
B = "222222222222"
VALUE = "example-simulated-secret"


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


def _role(cloud: Cloud, account: str, name: str, statements: list[dict[str, Any]]) -> str:
    iam = cloud.client("iam", account=account)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    if statements:
        iam.put_role_policy(RoleName=name, PolicyName="p",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return arn


def _key(cloud: Cloud, region: str = "us-east-1", policy: dict[str, Any] | None = None) -> str:
    kms = cloud.client("kms", region=region, account=A)
    args: dict[str, Any] = {} if policy is None else {"Policy": json.dumps(policy)}
    arn: str = kms.create_key(**args)["KeyMetadata"]["Arn"]
    return arn


def test_reader_needs_get_secret_value_and_kms_decrypt_with_the_documented_context() -> None:
    cloud = Cloud()
    key = _key(cloud)
    sm = cloud.client("secretsmanager", account=A)
    created = sm.create_secret(Name="prod/db", KmsKeyId=key, SecretString=VALUE)
    arn = created["ARN"]
    assert arn.startswith(f"arn:aws:secretsmanager:us-east-1:{A}:secret:prod/db-") and len(arn.rsplit("-", 1)[1]) == 6
    no_kms = _role(cloud, A, "no-kms", [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": arn}])
    with pytest.raises(ClientError) as err:
        cloud.client("secretsmanager", principal=no_kms).get_secret_value(SecretId=arn)
    assert _code(err) == "AccessDeniedException" and "KMS" in str(err.value)
    scoped = _role(cloud, A, "scoped", [
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": arn},
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key, "Condition": {"StringEquals": {
            "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
            "kms:EncryptionContext:SecretARN": arn}}}])
    out = cloud.client("secretsmanager", principal=scoped).get_secret_value(SecretId="prod/db")
    assert out["SecretString"] == VALUE and out["VersionStages"] == ["AWSCURRENT"]


def test_default_key_is_aws_managed_and_works_in_the_account_only() -> None:
    cloud = Cloud()
    sm = cloud.client("secretsmanager", account=A)
    arn = sm.create_secret(Name="app", SecretString=VALUE)["ARN"]
    sm.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:root"}, "Action": "secretsmanager:GetSecretValue",
         "Resource": "*"}]}))
    reader = _role(cloud, B, "reader", [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"],
                                         "Resource": "*"}])
    with pytest.raises(ClientError) as err:
        cloud.client("secretsmanager", principal=reader).get_secret_value(SecretId=arn)
    assert _code(err) == "AccessDeniedException" and "KMS" in str(err.value)
    same = _role(cloud, A, "same", [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": arn}])
    assert cloud.client("secretsmanager", principal=same).get_secret_value(SecretId=arn)["SecretString"] == VALUE


def test_cross_account_reader_needs_resource_policy_and_a_customer_managed_key() -> None:
    cloud = Cloud()
    key = _key(cloud, policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:root"}, "Action": "kms:Decrypt", "Resource": "*",
         "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}}]})
    sm = cloud.client("secretsmanager", account=A)
    arn = sm.create_secret(Name="shared", KmsKeyId=key, SecretString=VALUE)["ARN"]
    reader = _role(cloud, B, "reader", [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"],
                                         "Resource": "*"}])
    client = cloud.client("secretsmanager", principal=reader)
    with pytest.raises(ClientError) as err:
        client.get_secret_value(SecretId=arn)
    assert _code(err) == "AccessDeniedException" and "secretsmanager:GetSecretValue" in str(err.value)
    with pytest.raises(ClientError) as by_name:
        client.get_secret_value(SecretId="shared")  # another account's secret is named by ARN only
    assert _code(by_name) == "ResourceNotFoundException"
    sm.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": reader}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}))
    assert client.get_secret_value(SecretId=arn)["SecretString"] == VALUE


def test_replica_key_must_be_in_the_replica_region() -> None:
    cloud = Cloud()
    key = _key(cloud)
    wrong = _key(cloud, "us-east-1")
    right = _key(cloud, "eu-west-1")
    sm = cloud.client("secretsmanager", account=A)
    arn = sm.create_secret(Name="multi", KmsKeyId=key, SecretString=VALUE)["ARN"]
    bad = sm.replicate_secret_to_regions(SecretId=arn, AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": wrong}])
    assert bad["ReplicationStatus"][0]["Status"] == "Failed"
    cloud2 = Cloud()
    key2 = _key(cloud2)
    right2 = _key(cloud2, "eu-west-1")
    sm2 = cloud2.client("secretsmanager", account=A)
    arn2 = sm2.create_secret(Name="multi", KmsKeyId=key2, SecretString=VALUE)["ARN"]
    ok = sm2.replicate_secret_to_regions(SecretId=arn2, AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": right2}])
    assert ok["ReplicationStatus"][0]["Status"] == "InSync"
    replica = cloud2.client("secretsmanager", region="eu-west-1", account=A)
    assert replica.get_secret_value(SecretId="multi")["SecretString"] == VALUE
    assert right  # the first cloud's eu-west-1 key exists, but the request named a us-east-1 key


def test_put_secret_value_moves_stages_and_block_public_policy_refuses_star() -> None:
    cloud = Cloud()
    sm = cloud.client("secretsmanager", account=A)
    arn = sm.create_secret(Name="s", SecretString=VALUE)["ARN"]
    first = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    second = sm.put_secret_value(SecretId=arn, SecretString="v2")["VersionId"]
    stages = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    assert stages[second] == ["AWSCURRENT"] and list(first) and stages[next(iter(first))] == ["AWSPREVIOUS"]
    public = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
    with pytest.raises(ClientError) as err:
        sm.put_resource_policy(SecretId=arn, ResourcePolicy=public, BlockPublicPolicy=True)
    assert _code(err) == "PublicPolicyException"
    backend = cloud.backends("secretsmanager")[A]["us-east-1"]
    assert VALUE not in repr(backend.secrets) and "v2" not in repr(backend.secrets["s"].versions)
