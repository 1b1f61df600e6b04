"""Missing information is not a deny: a principal whose permissions the scan does not fully know.

An implicit deny that an unseen Allow could turn into an allow is :class:`Undecidable`; a denial no
identity policy can lift (a key policy that does not trust the account, an explicit Deny) stays a denial.
KMS: https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
"""

from __future__ import annotations

import json

import pytest

from iacsim.sim import ClientError, Cloud, Undecidable

ACCOUNT = "111122223333"
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                  "Action": "sts:AssumeRole"}]}


def _cloud_with_role(key_policy: dict | None) -> tuple[Cloud, str, str]:
    cloud = Cloud()
    iam = cloud.client("iam", account=ACCOUNT)
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    kms = cloud.client("kms", account=ACCOUNT)
    kwargs = {"Policy": json.dumps(key_policy)} if key_policy else {}
    key = kms.create_key(**kwargs)["KeyMetadata"]["Arn"]
    cloud.backends("iam")[ACCOUNT]["global"].mark_incomplete(role, "AWS::IAM::RolePolicy AppPolicy is not modelled")
    return cloud, role, key


def test_a_denial_an_unseen_allow_could_lift_is_undecidable() -> None:
    cloud, role, key = _cloud_with_role(None)  # the default key policy delegates to IAM
    kms = cloud.client("kms", account=ACCOUNT, principal=role)
    with pytest.raises(Undecidable, match="RolePolicy AppPolicy is not modelled"):
        kms.encrypt(KeyId=key, Plaintext=b"x")


def test_a_key_policy_that_does_not_trust_the_account_still_denies() -> None:
    only_root_admin = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:PutKeyPolicy",
         "Resource": "*"}]}
    cloud, role, key = _cloud_with_role(only_root_admin)
    kms = cloud.client("kms", account=ACCOUNT, principal=role)
    with pytest.raises(ClientError) as denied:
        kms.encrypt(KeyId=key, Plaintext=b"x")
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"


def test_an_explicit_deny_still_denies() -> None:
    deny_role = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": "*"}]}
    cloud, role, key = _cloud_with_role(deny_role)
    kms = cloud.client("kms", account=ACCOUNT, principal=role)
    with pytest.raises(ClientError):
        kms.encrypt(KeyId=key, Plaintext=b"x")


def test_a_flow_step_that_cannot_be_decided_is_unknown_not_denied() -> None:
    from iacsim.flows.steps import call_step

    cloud, role, key = _cloud_with_role(None)
    kms = cloud.client("kms", account=ACCOUNT, principal=role)
    step, out = call_step(role, "kms:Encrypt", key, lambda: kms.encrypt(KeyId=key, Plaintext=b"x"), "encrypted")
    assert (step.decision, out) == ("unknown", None)
    assert "RolePolicy AppPolicy is not modelled" in step.reason and step.error_code is None
