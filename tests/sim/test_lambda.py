"""Simulated Lambda: environment variables encrypted with aws/lambda or a customer managed key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

A = "111111111111"
ENV = {"Variables": {"GREETING": "example-simulated-value"}}


def _role(cloud: Cloud, name: str, statements: list[dict[str, Any]] | None = None) -> str:
    iam = cloud.client("iam", account=A)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    if statements:
        iam.put_role_policy(RoleName=name, PolicyName="p",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return arn


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


def test_default_key_needs_no_kms_permission() -> None:
    cloud = Cloud()
    role = _role(cloud, "fn")
    lam = cloud.client("lambda", account=A)
    lam.create_function(FunctionName="f", Role=role, Runtime="python3.12", Environment=ENV)
    assert lam.invoke(FunctionName="f")["StatusCode"] == 200
    assert lam.get_function_configuration(FunctionName="f")["Environment"]["Variables"] == ENV["Variables"]


def test_customer_managed_key_grant_lets_the_role_decrypt_at_initialization() -> None:
    cloud = Cloud()
    key = cloud.client("kms", account=A).create_key()["KeyMetadata"]["Arn"]
    role = _role(cloud, "fn")  # no kms permission of its own: the grant Lambda creates is enough
    lam = cloud.client("lambda", account=A)
    lam.create_function(FunctionName="f", Role=role, Environment=ENV, KMSKeyArn=key)
    grants = cloud.client("kms", account=A).list_grants(KeyId=key)["Grants"]
    assert [g["GranteePrincipal"] for g in grants] == [role]
    assert grants[0]["Constraints"]["EncryptionContextEquals"] == {
        "aws:lambda:FunctionArn": f"arn:aws:lambda:us-east-1:{A}:function:f"}
    assert lam.invoke(FunctionName="f")["StatusCode"] == 200
    cloud.client("kms", account=A).disable_key(KeyId=key)
    with pytest.raises(ClientError) as err:
        lam.invoke(FunctionName="f")
    assert _code(err) == "KMSDisabledException"


def test_role_denied_decrypt_fails_initialization_and_key_without_account_fails_create() -> None:
    cloud = Cloud()
    kms = cloud.client("kms", account=A)
    key = kms.create_key()["KeyMetadata"]["Arn"]
    role = _role(cloud, "fn", [{"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"}])
    lam = cloud.client("lambda", account=A)
    lam.create_function(FunctionName="f", Role=role, Environment=ENV, KMSKeyArn=key)
    with pytest.raises(ClientError) as err:
        lam.invoke(FunctionName="f")
    assert _code(err) == "KMSAccessDeniedException" and "unable to decrypt the environment variables" in str(err.value)
    locked = kms.create_key(Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:role/admin"}, "Action": "kms:*", "Resource": "*"}]}),
        BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError) as create:
        lam.create_function(FunctionName="g", Role=role, Environment=ENV, KMSKeyArn=locked)
    assert _code(create) == "InvalidParameterValueException" and "CreateGrant" in str(create.value)
    assert "example-simulated-value" not in repr(cloud.backends("lambda")[A]["us-east-1"].functions)
