"""STS: caller identity and AssumeRole authorized by the trust policy (and IAM across accounts)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, OTHER, allow, code, doc


def trust(principal: dict[str, Any], **extra: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra}]})


def test_get_caller_identity_for_root_user_and_session(cloud: Cloud) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    user_id = iam.create_user(UserName="alice")["User"]["UserId"]
    role_id = iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust({"Service": "ec2.amazonaws.com"}))[
        "Role"]["RoleId"]
    assert cloud.client("sts", account=ACCOUNT).get_caller_identity() == {
        "UserId": ACCOUNT, "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:root"}
    alice = cloud.client("sts", principal=f"arn:aws:iam::{ACCOUNT}:user/alice").get_caller_identity()
    assert alice["UserId"] == user_id
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1"
    assert cloud.client("sts", principal=session).get_caller_identity()["UserId"] == f"{role_id}:s1"


def test_assume_role_needs_the_trust_policy_and_returns_a_usable_session(cloud: Cloud) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.put_user_policy(UserName="bob", PolicyName="p", PolicyDocument=doc(allow("sts:AssumeRole")))
    role_arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust(
        {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"}))["Role"]["Arn"]
    iam.put_role_policy(RoleName="app", PolicyName="kms", PolicyDocument=doc(allow("kms:Encrypt")))
    result = cloud.client("sts", principal=f"arn:aws:iam::{ACCOUNT}:user/alice").assume_role(
        RoleArn=role_arn, RoleSessionName="work")
    session = result["AssumedRoleUser"]["Arn"]
    assert session == f"arn:aws:sts::{ACCOUNT}:assumed-role/app/work"
    key = cloud.client("kms", account=ACCOUNT).create_key()["KeyMetadata"]
    assert cloud.client("kms", principal=session).encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]
    # bob's identity policy allows sts:AssumeRole, but the trust policy does not name him.
    with pytest.raises(ClientError) as exc:
        cloud.client("sts", principal=f"arn:aws:iam::{ACCOUNT}:user/bob").assume_role(
            RoleArn=role_arn, RoleSessionName="work")
    assert code(exc) == "AccessDenied"
    assert "trust policy" in exc.value.response["Error"]["Message"]


def test_cross_account_assume_role_needs_trust_and_identity_policy(cloud: Cloud) -> None:
    owner = cloud.client("iam", account=ACCOUNT)
    role_arn = owner.create_role(RoleName="shared", AssumeRolePolicyDocument=trust(
        {"AWS": f"arn:aws:iam::{OTHER}:root"}, Condition={"StringEquals": {"sts:ExternalId": "x-1"}}))["Role"]["Arn"]
    other = cloud.client("iam", account=OTHER)
    other.create_user(UserName="carol")
    carol = cloud.client("sts", principal=f"arn:aws:iam::{OTHER}:user/carol")
    with pytest.raises(ClientError) as exc:  # no identity policy in account B
        carol.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId="x-1")
    assert code(exc) == "AccessDenied"
    other.put_user_policy(UserName="carol", PolicyName="p", PolicyDocument=doc(allow("sts:AssumeRole", role_arn)))
    with pytest.raises(ClientError):  # wrong external id
        carol.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId="nope")
    assert carol.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId="x-1")["AssumedRoleUser"]["Arn"]


def test_assume_role_of_a_missing_role_or_bad_duration(cloud: Cloud) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    role_arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust(
        {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))["Role"]["Arn"]
    sts = cloud.client("sts", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/missing", RoleSessionName="s1")
    assert code(exc) == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", DurationSeconds=7200)
    assert code(exc) == "ValidationError"
    assert sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"]["AccessKeyId"].startswith("ASIA")
