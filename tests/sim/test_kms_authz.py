"""Authorization of KMS calls: key policy + IAM + grants + request context, AWS's way."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import Caller, ClientError, Cloud, Principal
from iacsim.sim.kms.managed import aws_managed_key

from .conftest import ACCOUNT, OTHER, TRUST_EC2, RoleFactory, allow, code, deny


def key_policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def admin_statement(principal: str = f"arn:aws:iam::{ACCOUNT}:root") -> dict[str, Any]:
    return {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": principal}, "Action": "kms:*", "Resource": "*"}


def test_key_policy_without_root_statement_makes_iam_allow_ineffective(cloud: Cloud, kms: Any,
                                                                       make_role: RoleFactory) -> None:
    admin = make_role("admin", allow("kms:*"))
    app = make_role("app", allow("kms:*"))
    key = cloud.client("kms", principal=admin).create_key(Policy=key_policy(admin_statement(admin)))["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=app).encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    assert "key policy" in exc.value.response["Error"]["Message"]
    # With the account statement (default policy) the same IAM allow works.
    default_key = kms.create_key()["KeyMetadata"]
    assert cloud.client("kms", principal=app).encrypt(KeyId=default_key["Arn"], Plaintext=b"x")["CiphertextBlob"]


def test_key_policy_naming_a_role_allows_it_without_iam_policy(cloud: Cloud, kms: Any,
                                                               make_role: RoleFactory) -> None:
    app = make_role("app")
    stmt = {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": app}, "Action": "kms:Encrypt", "Resource": "*"}
    key = kms.create_key(Policy=key_policy(admin_statement(), stmt))["KeyMetadata"]
    assert cloud.client("kms", principal=app).encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]


def test_iam_deny_applies_even_when_the_key_policy_allows(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    app = make_role("app", deny("kms:Encrypt"))
    stmt = {"Effect": "Allow", "Principal": {"AWS": app}, "Action": "kms:*", "Resource": "*"}
    key = kms.create_key(Policy=key_policy(admin_statement(), stmt))["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=app).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    assert "explicitly denies" in exc.value.response["Error"]["Message"]


def test_cross_account_needs_both_key_policy_and_iam_policy(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    with_iam = make_role("with-iam", allow("kms:Encrypt"), account=OTHER)
    without_iam = make_role("without-iam", account=OTHER)
    trusting = kms.create_key(Policy=key_policy(
        admin_statement(),
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "kms:Encrypt", "Resource": "*"},
    ))["KeyMetadata"]
    not_trusting = kms.create_key()["KeyMetadata"]
    # Both sides: allowed.
    assert cloud.client("kms", principal=with_iam).encrypt(KeyId=trusting["Arn"], Plaintext=b"x")
    # Key policy only.
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=without_iam).encrypt(KeyId=trusting["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    # IAM only.
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=with_iam).encrypt(KeyId=not_trusting["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"


def test_cross_account_callers_must_use_key_arn_or_alias_arn(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    role = make_role("user", allow("kms:*"), account=OTHER)
    key = kms.create_key(Policy=key_policy(
        admin_statement(),
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "kms:*", "Resource": "*"},
    ))["KeyMetadata"]
    kms.create_alias(AliasName="alias/shared", TargetKeyId=key["KeyId"])
    other = cloud.client("kms", principal=role)
    with pytest.raises(ClientError) as exc:
        other.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert code(exc) == "NotFoundException"
    blob = other.encrypt(KeyId=f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/shared", Plaintext=b"x")["CiphertextBlob"]
    # Decrypt needs no KeyId: the ciphertext names the key's account.
    assert other.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
    # Operations outside the cross-account list do nothing even when both sides allow them.
    with pytest.raises(ClientError) as exc:
        other.disable_key(KeyId=key["Arn"])
    assert code(exc) == "AccessDeniedException"
    assert "cross-account" in exc.value.response["Error"]["Message"]


def test_grant_allows_its_operations_to_the_grantee(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    app = make_role("app")
    key = kms.create_key()["KeyMetadata"]
    app_kms = cloud.client("kms", principal=app)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"tenant": "a"})["CiphertextBlob"]
    with pytest.raises(ClientError):
        app_kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant": "a"})
    grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=app, Operations=["Decrypt"], RetiringPrincipal=app,
                             Constraints={"EncryptionContextSubset": {"tenant": "a"}})
    assert app_kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant": "a"})["Plaintext"] == b"x"
    other_blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"y", EncryptionContext={"tenant": "b"})["CiphertextBlob"]
    with pytest.raises(ClientError) as exc:
        app_kms.decrypt(CiphertextBlob=other_blob, EncryptionContext={"tenant": "b"})
    assert code(exc) == "AccessDeniedException"
    with pytest.raises(ClientError):  # the grant does not include Encrypt
        app_kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    listed = kms.list_grants(KeyId=key["KeyId"])["Grants"]
    assert [(g["GrantId"], g["GranteePrincipal"], g["Operations"]) for g in listed] == [
        (grant["GrantId"], app, ["Decrypt"])]
    # The retiring principal retires it without any policy; access ends.
    app_kms.retire_grant(GrantToken=grant["GrantToken"])
    with pytest.raises(ClientError):
        app_kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant": "a"})


def test_revoked_grant_stops_allowing(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    app = make_role("app")
    key = kms.create_key()["KeyMetadata"]
    grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=app, Operations=["Encrypt"])
    app_kms = cloud.client("kms", principal=app)
    assert app_kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    kms.revoke_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"])
    with pytest.raises(ClientError) as exc:
        app_kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    with pytest.raises(ClientError) as exc:
        kms.revoke_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"])
    assert code(exc) == "NotFoundException"


def test_grant_operations_must_fit_the_key_type_and_constraints_need_symmetric_keys(kms: Any) -> None:
    symmetric = kms.create_key()["KeyMetadata"]
    signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    grantee = f"arn:aws:iam::{ACCOUNT}:root"
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=symmetric["KeyId"], GranteePrincipal=grantee, Operations=["Sign"])
    assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=signing["KeyId"], GranteePrincipal=grantee, Operations=["Sign"],
                         Constraints={"EncryptionContextEquals": {"a": "b"}})
    assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=symmetric["KeyId"], GranteePrincipal="not-an-arn", Operations=["Decrypt"])
    assert code(exc) == "InvalidArnException"


def test_create_grant_with_the_same_name_is_idempotent(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    grantee = f"arn:aws:iam::{ACCOUNT}:root"
    a = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=grantee, Operations=["Decrypt"], Name="n")
    b = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=grantee, Operations=["Decrypt"], Name="n")
    assert a["GrantId"] == b["GrantId"]
    assert len(kms.list_grants(KeyId=key["KeyId"])["Grants"]) == 1


def test_via_service_condition_allows_only_calls_through_that_service(cloud: Cloud, kms: Any,
                                                                     make_role: RoleFactory) -> None:
    app = make_role("app", allow("kms:Encrypt", Condition={"StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"}}))
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=app).encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    via_ssm = cloud.via("ssm", "kms", "us-east-1", Principal.parse(app))
    assert via_ssm.encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]
    via_s3 = cloud.via("s3", "kms", "us-east-1", Principal.parse(app))
    with pytest.raises(ClientError):
        via_s3.encrypt(KeyId=key["Arn"], Plaintext=b"x")


def test_encryption_context_condition_keys_are_checked(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    app = make_role("app", allow("kms:Decrypt", Condition={"StringEquals": {"kms:EncryptionContext:tenant": "a"}}))
    key = kms.create_key()["KeyMetadata"]
    app_kms = cloud.client("kms", principal=app)
    good = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"tenant": "a"})["CiphertextBlob"]
    bad = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"tenant": "b"})["CiphertextBlob"]
    assert app_kms.decrypt(CiphertextBlob=good, EncryptionContext={"tenant": "a"})["Plaintext"] == b"x"
    with pytest.raises(ClientError) as exc:
        app_kms.decrypt(CiphertextBlob=bad, EncryptionContext={"tenant": "b"})
    assert code(exc) == "AccessDeniedException"


def test_caller_account_condition(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    other = make_role("other", allow("kms:Encrypt"), account=OTHER)
    key = kms.create_key(Policy=key_policy(
        admin_statement(),
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT}}},
    ))["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=other).encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"


def test_permissions_boundary_caps_the_identity_allow(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    boundary = iam.create_policy(PolicyName="only-decrypt", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [allow("kms:Decrypt")]}))["Policy"]["Arn"]
    app = make_role("app", allow("kms:*"), boundary=boundary)
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=app).encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    assert "boundary" in exc.value.response["Error"]["Message"]


def test_assumed_role_session_uses_its_role_policies(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    make_role("app", allow("kms:Encrypt"))
    key = kms.create_key()["KeyMetadata"]
    session = cloud.client("kms", principal=f"arn:aws:sts::{ACCOUNT}:assumed-role/app/i-0abc")
    assert session.encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]


def test_unknown_principal_is_refused_like_invalid_credentials(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    ghost = cloud.client("kms", principal=f"arn:aws:iam::{ACCOUNT}:role/ghost")
    with pytest.raises(ClientError) as exc:
        ghost.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "UnrecognizedClientException"


def test_lockout_safety_check_refuses_a_policy_that_locks_out_the_caller(kms: Any) -> None:
    locked = key_policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/other"},
                         "Action": "kms:*", "Resource": "*"})
    with pytest.raises(ClientError) as exc:
        kms.create_key(Policy=locked)
    assert code(exc) == "MalformedPolicyDocumentException"
    assert "will not allow you to update the key policy" in exc.value.response["Error"]["Message"]
    key = kms.create_key(Policy=locked, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]
    # Now even the account root is locked out: the key policy does not trust the account.
    with pytest.raises(ClientError) as exc:
        kms.put_key_policy(KeyId=key["KeyId"], Policy=key_policy(admin_statement()))
    assert code(exc) == "AccessDeniedException"


def test_malformed_key_policy_is_rejected(kms: Any) -> None:
    for bad in ("{not json", json.dumps({"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]})):
        with pytest.raises(ClientError) as exc:
            kms.create_key(Policy=bad)
        assert code(exc) == "MalformedPolicyDocumentException"


def test_aws_managed_key_is_created_on_first_use_and_usable_only_through_its_service(cloud: Cloud,
                                                                                     make_role: RoleFactory) -> None:
    app = make_role("app", allow("kms:*"))
    arn = aws_managed_key(cloud, ACCOUNT, "us-east-1", "ssm")
    assert aws_managed_key(cloud, ACCOUNT, "us-east-1", "ssm") == arn  # created once
    kms = cloud.client("kms", account=ACCOUNT)
    meta = kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]
    assert meta["Arn"] == arn and meta["KeyManager"] == "AWS"
    assert kms.get_key_rotation_status(KeyId=arn)["KeyRotationEnabled"] is True
    policy = json.loads(kms.get_key_policy(KeyId=arn)["Policy"])
    condition = policy["Statement"][0]["Condition"]["StringEquals"]
    assert condition == {"kms:CallerAccount": ACCOUNT, "kms:ViaService": "ssm.us-east-1.amazonaws.com"}
    with pytest.raises(ClientError) as exc:
        cloud.client("kms", principal=app).encrypt(KeyId="alias/aws/ssm", Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    via = cloud.via("ssm", "kms", "us-east-1", Principal.parse(app))
    blob = via.encrypt(KeyId="alias/aws/ssm", Plaintext=b"x")["CiphertextBlob"]
    assert via.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
    with pytest.raises(ClientError) as exc:
        kms.schedule_key_deletion(KeyId=arn)
    assert code(exc) in ("AccessDeniedException", "UnsupportedOperationException")


def test_aws_managed_key_cannot_be_used_from_another_account(cloud: Cloud, make_role: RoleFactory) -> None:
    other = make_role("other", allow("kms:*"), account=OTHER)
    arn = aws_managed_key(cloud, ACCOUNT, "us-east-1", "ebs")
    via = cloud.via("ec2", "kms", "us-east-1", Principal.parse(other))
    with pytest.raises(ClientError) as exc:
        via.encrypt(KeyId=arn, Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"


def test_ebs_grant_for_aws_resource_condition(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    app = make_role("app", allow("kms:CreateGrant", Condition={"Bool": {"kms:GrantIsForAWSResource": "true"}}))
    key = kms.create_key()["KeyMetadata"]
    direct = cloud.client("kms", principal=app)
    with pytest.raises(ClientError) as exc:
        direct.create_grant(KeyId=key["Arn"], GranteePrincipal=app, Operations=["Decrypt"])
    assert code(exc) == "AccessDeniedException"
    ebs = cloud.via("ec2", "kms", "us-east-1", Caller(Principal.parse(app), grant_is_for_aws_resource=True))
    assert ebs.create_grant(KeyId=key["Arn"], GranteePrincipal=app, Operations=["Decrypt"])["GrantId"]


def test_reserved_aws_alias_prefix_cannot_be_created(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.create_alias(AliasName="alias/aws/mine", TargetKeyId=key["KeyId"])
    assert code(exc) == "NotAuthorizedException"


def test_current_time_conditions_follow_the_simulated_clock(cloud: Cloud, kms: Any, make_role: RoleFactory) -> None:
    app = make_role("app", allow("kms:Encrypt", Condition={"DateLessThan": {"aws:CurrentTime": "2026-02-01T00:00:00Z"}}))
    key = kms.create_key()["KeyMetadata"]
    app_kms = cloud.client("kms", principal=app)
    assert app_kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]
    cloud.clock.advance(days=31)
    with pytest.raises(ClientError) as exc:
        app_kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"


def test_principal_tags_and_requested_region_are_in_the_request_context(cloud: Cloud, kms: Any) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    iam.create_role(RoleName="tagged", AssumeRolePolicyDocument=TRUST_EC2, Tags=[{"Key": "team", "Value": "payments"}])
    iam.put_role_policy(RoleName="tagged", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        allow("kms:Encrypt", Condition={"StringEquals": {"aws:PrincipalTag/team": "payments",
                                                         "aws:RequestedRegion": "us-east-1"}})]}))
    key = kms.create_key()["KeyMetadata"]
    tagged = cloud.client("kms", principal=f"arn:aws:iam::{ACCOUNT}:role/tagged")
    assert tagged.encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]
    iam.delete_role_policy(RoleName="tagged", PolicyName="p")
    iam.put_role_policy(RoleName="tagged", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        allow("kms:Encrypt", Condition={"StringEquals": {"aws:PrincipalTag/team": "other"}})]}))
    with pytest.raises(ClientError) as exc:  # the identity cache was dropped by the IAM change
        tagged.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"


def test_list_retirable_grants_finds_grants_by_retiring_principal(cloud: Cloud, kms: Any,
                                                                  make_role: RoleFactory) -> None:
    app = make_role("app")
    key = kms.create_key()["KeyMetadata"]
    kept = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=app, Operations=["Decrypt"], RetiringPrincipal=app)
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=app, Operations=["Encrypt"])
    listed = kms.list_retirable_grants(RetiringPrincipal=app)["Grants"]
    assert [g["GrantId"] for g in listed] == [kept["GrantId"]]


def test_aws_managed_ebs_key_policy_has_aws_shape(cloud: Cloud) -> None:
    arn = aws_managed_key(cloud, ACCOUNT, "eu-west-1", "ebs")
    kms = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    policy = json.loads(kms.get_key_policy(KeyId=arn)["Policy"])
    assert policy["Id"] == "auto-ebs-2"
    use, metadata = policy["Statement"]
    assert use["Sid"] == "Allow access through EBS for all principals in the account that are authorized to use EBS"
    assert use["Action"] == ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                             "kms:CreateGrant", "kms:DescribeKey"]
    assert use["Condition"]["StringEquals"]["kms:ViaService"] == "ec2.eu-west-1.amazonaws.com"
    assert metadata["Action"] == ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"]
