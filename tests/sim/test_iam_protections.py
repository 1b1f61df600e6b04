"""IAM's own protections, whatever the caller's policies allow (iacsim.sim.iam.protections).

Service-linked roles: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html and
the UnmodifiableEntity error of DeleteRole/PutRolePolicy/AttachRolePolicy/UpdateAssumeRolePolicy
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html). AWS managed policies: "You cannot change
the permissions defined in AWS managed policies"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, TRUST_EC2, allow, code, doc

SLR = "AWSServiceRoleForAutoScaling"
AWS_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


@pytest.fixture
def iam(cloud: Cloud) -> Any:
    return cloud.client("iam", account=ACCOUNT)


@pytest.fixture
def slr(iam: Any) -> dict[str, Any]:
    role: dict[str, Any] = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    return role


def test_create_service_linked_role_makes_the_service_s_role(slr: dict[str, Any]) -> None:
    assert slr["RoleName"] == SLR
    assert slr["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    assert slr["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/{SLR}"
    statement = slr["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": ["autoscaling.amazonaws.com"]}


def test_custom_suffix_names_a_second_role_and_a_taken_name_is_refused(iam: Any, slr: dict[str, Any]) -> None:
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="web")["Role"]
    assert role["RoleName"] == f"{SLR}_web"
    with pytest.raises(ClientError) as exc:
        iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    assert code(exc) == "InvalidInput"


def test_create_role_cannot_use_the_service_role_path(iam: Any) -> None:
    with pytest.raises(ClientError) as exc:
        iam.create_role(RoleName="mine", Path="/aws-service-role/autoscaling.amazonaws.com/",
                        AssumeRolePolicyDocument=TRUST_EC2)
    assert code(exc) == "UnmodifiableEntity"


CHANGES: dict[str, Callable[[Any], Any]] = {
    "DeleteRole": lambda iam: iam.delete_role(RoleName=SLR),
    "UpdateAssumeRolePolicy": lambda iam: iam.update_assume_role_policy(RoleName=SLR, PolicyDocument=TRUST_EC2),
    "PutRolePolicy": lambda iam: iam.put_role_policy(RoleName=SLR, PolicyName="p", PolicyDocument=doc(allow("*"))),
    "AttachRolePolicy": lambda iam: iam.attach_role_policy(RoleName=SLR, PolicyArn=AWS_POLICY),
    "PutRolePermissionsBoundary": lambda iam: iam.put_role_permissions_boundary(
        RoleName=SLR, PermissionsBoundary=AWS_POLICY),
}


@pytest.mark.parametrize("operation", sorted(CHANGES))
def test_a_service_linked_role_is_changed_only_by_its_service(iam: Any, slr: dict[str, Any], operation: str) -> None:
    """Even the account root is refused: the protection is not a permission."""
    with pytest.raises(ClientError) as exc:
        CHANGES[operation](iam)
    assert code(exc) == "UnmodifiableEntity"
    assert "autoscaling.amazonaws.com" in str(exc.value)


def test_the_service_puts_its_own_permissions(cloud: Cloud, iam: Any, slr: dict[str, Any]) -> None:
    iam.backend.put_service_role_policy(SLR, "AutoScalingServiceRolePolicy", doc(allow("ec2:*")))
    assert iam.list_role_policies(RoleName=SLR)["PolicyNames"] == ["AutoScalingServiceRolePolicy"]


@pytest.mark.parametrize("call", [
    lambda iam: iam.create_policy_version(PolicyArn=AWS_POLICY, PolicyDocument=doc(allow("*")), SetAsDefault=True),
    lambda iam: iam.set_default_policy_version(PolicyArn=AWS_POLICY, VersionId="v1"),
    lambda iam: iam.delete_policy(PolicyArn=AWS_POLICY),
    lambda iam: iam.tag_policy(PolicyArn=AWS_POLICY, Tags=[{"Key": "k", "Value": "v"}]),
], ids=["CreatePolicyVersion", "SetDefaultPolicyVersion", "DeletePolicy", "TagPolicy"])
def test_aws_managed_policies_cannot_be_changed(iam: Any, call: Callable[[Any], Any]) -> None:
    with pytest.raises(ClientError) as exc:
        call(iam)
    assert code(exc) == "AccessDenied"
    assert "AWS managed policies cannot be changed" in str(exc.value)


def test_customer_managed_policies_still_change(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="mine", PolicyDocument=doc(allow("s3:*")))["Policy"]["Arn"]
    version = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(allow("ec2:*")))["PolicyVersion"]
    iam.set_default_policy_version(PolicyArn=arn, VersionId=version["VersionId"])
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == version["VersionId"]
    iam.delete_policy(PolicyArn=arn)


def test_get_caller_identity_works_under_a_deny_everything_policy(cloud: Cloud, iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="none",
                        PolicyDocument=doc({"Effect": "Deny", "Action": "*", "Resource": "*"}))
    sts = cloud.client("sts", principal=f"arn:aws:iam::{ACCOUNT}:user/alice")
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
