"""The simulated IAM: entities, policies, boundaries, and the identity it hands to the evaluator."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud, Principal

from .conftest import ACCOUNT, TRUST_EC2, allow, code, doc


@pytest.fixture
def iam(cloud: Cloud) -> Any:
    return cloud.client("iam", account=ACCOUNT)


def identity(cloud: Cloud, arn: str) -> Any:
    return cloud.backends("iam")[ACCOUNT]["global"].identity(Principal.parse(arn))


def test_create_role_with_path_and_get_it_back(iam: Any) -> None:
    role = iam.create_role(RoleName="app", Path="/service/", AssumeRolePolicyDocument=TRUST_EC2,
                           Description="d", Tags=[{"Key": "team", "Value": "a"}])["Role"]
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/service/app"
    assert role["RoleId"].startswith("AROA")
    got = iam.get_role(RoleName="app")["Role"]
    assert got["AssumeRolePolicyDocument"] == json.loads(TRUST_EC2)  # boto3 returns the decoded document
    assert got["Tags"] == [{"Key": "team", "Value": "a"}]
    with pytest.raises(ClientError) as exc:
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    assert code(exc) == "EntityAlreadyExists"


def test_names_paths_and_documents_are_validated(iam: Any) -> None:
    with pytest.raises(ClientError) as exc:
        iam.create_role(RoleName="bad name", AssumeRolePolicyDocument=TRUST_EC2)
    assert code(exc) == "ValidationError"
    with pytest.raises(ClientError) as exc:
        iam.create_user(UserName="u", Path="no-slash")
    assert code(exc) == "ValidationError"
    iam.create_user(UserName="u")
    for bad in ("{", json.dumps({"Statement": []}), json.dumps({"Statement": [{"Effect": "Maybe", "Action": "*"}]})):
        with pytest.raises(ClientError) as exc:
            iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=bad)
        assert code(exc) == "MalformedPolicyDocument"


def test_inline_policy_size_limit_per_user(iam: Any) -> None:
    iam.create_user(UserName="u")
    big = doc(*[allow(f"s3:GetObject{i:04d}", f"arn:aws:s3:::bucket-{i:04d}/*") for i in range(40)])
    with pytest.raises(ClientError) as exc:
        iam.put_user_policy(UserName="u", PolicyName="big", PolicyDocument=big)
    assert code(exc) == "LimitExceeded"


def test_identity_collects_inline_attached_and_group_policies(cloud: Cloud, iam: Any) -> None:
    managed = iam.create_policy(PolicyName="m", PolicyDocument=doc(allow("kms:Decrypt")))["Policy"]["Arn"]
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=doc(allow("kms:Encrypt")))
    iam.attach_user_policy(UserName="alice", PolicyArn=managed)
    iam.create_group(GroupName="dev")
    iam.put_group_policy(GroupName="dev", PolicyName="g", PolicyDocument=doc(allow("kms:DescribeKey")))
    iam.add_user_to_group(GroupName="dev", UserName="alice")
    found = identity(cloud, f"arn:aws:iam::{ACCOUNT}:user/alice")
    assert [p.source for p in found.policies] == ["user/alice inline inline", managed, "group/dev inline g"]
    assert iam.get_policy(PolicyArn=managed)["Policy"]["AttachmentCount"] == 1


def test_assumed_role_session_maps_to_its_role_including_path(cloud: Cloud, iam: Any) -> None:
    iam.create_role(RoleName="app", Path="/x/", AssumeRolePolicyDocument=TRUST_EC2)
    iam.put_role_policy(RoleName="app", PolicyName="p", PolicyDocument=doc(allow("kms:Encrypt")))
    found = identity(cloud, f"arn:aws:sts::{ACCOUNT}:assumed-role/app/session-1")
    assert found.entity_arn == f"arn:aws:iam::{ACCOUNT}:role/x/app"
    assert [p.source for p in found.policies] == ["role/app inline p"]


def test_permissions_boundary_is_returned_with_the_identity(cloud: Cloud, iam: Any) -> None:
    boundary = iam.create_policy(PolicyName="b", PolicyDocument=doc(allow("kms:*")))["Policy"]["Arn"]
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2, PermissionsBoundary=boundary)
    assert identity(cloud, f"arn:aws:iam::{ACCOUNT}:role/app").boundary.source == f"permissions boundary {boundary}"
    iam.delete_role_permissions_boundary(RoleName="app")
    assert identity(cloud, f"arn:aws:iam::{ACCOUNT}:role/app").boundary is None
    iam.put_role_permissions_boundary(RoleName="app", PermissionsBoundary=boundary)
    assert iam.get_role(RoleName="app")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary


def test_root_has_no_identity_policies_and_unknown_principals_are_refused(cloud: Cloud) -> None:
    assert identity(cloud, f"arn:aws:iam::{ACCOUNT}:root").policies == ()
    with pytest.raises(Exception) as exc:
        identity(cloud, f"arn:aws:iam::{ACCOUNT}:user/nobody")
    assert "UnrecognizedClientException" in str(exc.value)


def test_delete_requires_detaching_policies_first(iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.put_role_policy(RoleName="app", PolicyName="p", PolicyDocument=doc(allow("s3:*")))
    with pytest.raises(ClientError) as exc:
        iam.delete_role(RoleName="app")
    assert code(exc) == "DeleteConflict"
    iam.delete_role_policy(RoleName="app", PolicyName="p")
    iam.delete_role(RoleName="app")
    with pytest.raises(ClientError) as exc:
        iam.get_role(RoleName="app")
    assert code(exc) == "NoSuchEntity"


def test_managed_policy_versions(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="m", PolicyDocument=doc(allow("kms:Decrypt")))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(allow("kms:Encrypt")), SetAsDefault=True)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2"
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"]["Statement"][0][
        "Action"] == "kms:Encrypt"
    for _ in range(3):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(allow("kms:Encrypt")))
    with pytest.raises(ClientError) as exc:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(allow("kms:Encrypt")))
    assert code(exc) == "LimitExceeded"


def test_aws_managed_policies_have_their_snapshot_documents(cloud: Cloud, iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    backend = cloud.backends("iam")[ACCOUNT]["global"]
    identity = backend.identity(Principal.parse(f"arn:aws:iam::{ACCOUNT}:role/app"))
    (policy,) = identity.policies
    assert policy.source == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert any("s3:Get*" in st["Action"] for st in policy.document["Statement"] if isinstance(st["Action"], list))


def test_aws_managed_policy_outside_the_snapshot_is_not_silently_empty(iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    with pytest.raises(NotImplementedError, match=r"AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAcess "
                                                  r"is not in iacsim's snapshot of \d{4}-\d\d-\d\d"):
        iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAcess")


def test_non_root_iam_calls_are_authorized(cloud: Cloud, iam: Any) -> None:
    iam.create_user(UserName="bob")
    bob = cloud.client("iam", principal=f"arn:aws:iam::{ACCOUNT}:user/bob")
    with pytest.raises(ClientError) as exc:
        bob.create_role(RoleName="x", AssumeRolePolicyDocument=TRUST_EC2)
    assert code(exc) == "AccessDenied"
    assert "iam:CreateRole" in exc.value.response["Error"]["Message"]
    iam.put_user_policy(UserName="bob", PolicyName="p", PolicyDocument=doc(allow("iam:CreateRole")))
    assert bob.create_role(RoleName="x", AssumeRolePolicyDocument=TRUST_EC2)["Role"]["RoleName"] == "x"


def test_groups_list_members_and_removal(iam: Any) -> None:
    iam.create_group(GroupName="dev")
    iam.create_user(UserName="a")
    iam.add_user_to_group(GroupName="dev", UserName="a")
    assert [u["UserName"] for u in iam.get_group(GroupName="dev")["Users"]] == ["a"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="a")["Groups"]] == ["dev"]
    iam.remove_user_from_group(GroupName="dev", UserName="a")
    iam.delete_group(GroupName="dev")
    iam.delete_user(UserName="a")
    assert iam.list_users()["Users"] == []


def test_customer_managed_policy_of_another_account_is_not_attachable(cloud: Cloud, iam: Any) -> None:
    other = cloud.client("iam", account="222222222222")
    arn = other.create_policy(PolicyName="theirs", PolicyDocument=doc(allow("kms:*")))["Policy"]["Arn"]
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    with pytest.raises(ClientError) as exc:
        iam.attach_role_policy(RoleName="app", PolicyArn=arn)
    assert code(exc) == "NoSuchEntity"
    assert "not attachable" in exc.value.response["Error"]["Message"]
