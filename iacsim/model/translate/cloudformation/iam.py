"""CloudFormation IAM resources → :mod:`iacsim.model.iam`.

AWS CloudFormation User Guide: ``AWS::IAM::Role``, ``AWS::IAM::Policy``,
``AWS::IAM::RolePolicy``, ``AWS::IAM::UserPolicy``, ``AWS::IAM::GroupPolicy``,
``AWS::IAM::ManagedPolicy``, ``AWS::IAM::User``, ``AWS::IAM::Group``,
``AWS::IAM::InstanceProfile``, ``AWS::IAM::UserToGroupAddition``. IAM is global (region
``global``); ARNs are deterministic when the template names the principal
(``arn:<p>:iam::<account>:role<path><name>``), otherwise CloudFormation generates the name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.iam import (
    GroupMembership,
    IamGroup,
    IamPolicy,
    IamRole,
    IamUser,
    InlinePolicy,
    InstanceProfile,
    PolicyAttachment,
    PrincipalKind,
)
from iacsim.model.ids import Arn, Ref
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    get_int,
    get_str,
    known_str_tuple,
    parse_policy,
    req_str,
    require_policy,
    tags,
)
from iacsim.model.translate.cloudformation.common import deploy_time, first, iam_fields, items, mapping
from iacsim.values import Unknown

_PRINCIPAL_LISTS: tuple[tuple[PrincipalKind, str], ...] = (
    ("role", "Roles"),
    ("user", "Users"),
    ("group", "Groups"),
)


def _name(resource: Resource, prop: str, what: str) -> str | Unknown:
    name: str | Unknown = first(
        get_str(resource.attrs, prop), deploy_time(resource, "Ref", f"the {what} name")
    )
    return name


def _path(resource: Resource) -> str | Unknown:
    path: str | Unknown = first(get_str(resource.attrs, "Path"), "/")
    return path


def _arn(
    resource: Resource, fields: dict[str, Any], kind: str, name: str | Unknown, path: str | Unknown
) -> Arn | Unknown:
    if isinstance(name, str) and isinstance(path, str) and fields["account"] != "unknown":
        return Arn(str(AwsArn.iam(fields["partition"], fields["account"], kind, name, path)))
    return deploy_time(resource, "Arn", f"the {kind} ARN")


def _inline_policies(resource: Resource, kind: PrincipalKind, principal: Ref) -> tuple[InlinePolicy, ...]:
    """The ``Policies`` property: ``[{PolicyName, PolicyDocument}]``."""
    fields = iam_fields(resource)
    found = items(resource.attrs.get("Policies"))
    if isinstance(found, Unknown):
        return (
            InlinePolicy(
                **fields,
                principal_kind=kind,
                principal=principal,
                name=None,
                policy=require_policy(found, "Policies"),
            ),
        )
    out = []
    for raw in found:
        entry = mapping(raw)
        if isinstance(entry, Unknown) or entry is None:
            out.append(
                InlinePolicy(
                    **fields,
                    principal_kind=kind,
                    principal=principal,
                    name=None,
                    policy=require_policy(entry, "Policies"),
                )
            )
            continue
        out.append(
            InlinePolicy(
                **fields,
                principal_kind=kind,
                principal=principal,
                name=get_str(entry, "PolicyName"),
                policy=require_policy(entry.get("PolicyDocument"), "Policies[].PolicyDocument"),
            )
        )
    return tuple(out)


def _managed_arns(resource: Resource, kind: PrincipalKind, principal: Ref) -> tuple[PolicyAttachment, ...]:
    fields = iam_fields(resource)
    return tuple(
        PolicyAttachment(**fields, principal_kind=kind, principal=principal, policy_arn=policy_arn)
        for policy_arn in known_str_tuple(resource.attrs.get("ManagedPolicyArns"), "ManagedPolicyArns")
    )


@translates("AWS::IAM::Role", attrs={
    "description": "Description",
    "trust_policy": "AssumeRolePolicyDocument",
    "permissions_boundary": "PermissionsBoundary",
    "max_session_duration": "MaxSessionDuration",
    "tags": "Tags",
})
def iam_role(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = iam_fields(resource)
    name, path = _name(resource, "RoleName", "role"), _path(resource)
    yield IamRole(
        **fields,
        name=name,
        arn=_arn(resource, fields, "role", name, path),
        path=path,
        description=get_str(a, "Description"),
        trust_policy=parse_policy(a.get("AssumeRolePolicyDocument")),
        inline_policies=_inline_policies(resource, "role", name),
        attached_policies=_managed_arns(resource, "role", name),
        permissions_boundary=get_str(a, "PermissionsBoundary"),
        max_session_duration=get_int(a, "MaxSessionDuration"),
        tags=tags(a, "Tags"),
    )


@translates("AWS::IAM::User", attrs={
    "groups": "Groups",
    "permissions_boundary": "PermissionsBoundary",
    "tags": "Tags",
})
def iam_user(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = iam_fields(resource)
    name, path = _name(resource, "UserName", "user"), _path(resource)
    yield IamUser(
        **fields,
        name=name,
        arn=_arn(resource, fields, "user", name, path),
        path=path,
        groups=known_str_tuple(a.get("Groups"), "Groups"),
        inline_policies=_inline_policies(resource, "user", name),
        attached_policies=_managed_arns(resource, "user", name),
        permissions_boundary=get_str(a, "PermissionsBoundary"),
        tags=tags(a, "Tags"),
    )


@translates("AWS::IAM::Group")
def iam_group(resource: Resource) -> Iterator[ModelObject]:
    fields = iam_fields(resource)
    name, path = _name(resource, "GroupName", "group"), _path(resource)
    yield IamGroup(
        **fields,
        name=name,
        arn=_arn(resource, fields, "group", name, path),
        path=path,
        inline_policies=_inline_policies(resource, "group", name),
        attached_policies=_managed_arns(resource, "group", name),
    )


@translates("AWS::IAM::Policy")
def iam_policy(resource: Resource) -> Iterator[ModelObject]:
    """An inline policy embedded in every role, user and group it lists (one object per principal)."""
    a = resource.attrs
    fields = iam_fields(resource)
    policy = require_policy(a.get("PolicyDocument"), "AWS::IAM::Policy")
    name = req_str(a, "PolicyName", "AWS::IAM::Policy")
    for kind, prop in _PRINCIPAL_LISTS:
        for principal in known_str_tuple(a.get(prop), prop):
            yield InlinePolicy(**fields, principal_kind=kind, principal=principal, name=name, policy=policy)


_NAME_PROPERTY: dict[PrincipalKind, str] = {"role": "RoleName", "user": "UserName", "group": "GroupName"}


def _embedded(resource: Resource, kind: PrincipalKind) -> Iterator[ModelObject]:
    """``AWS::IAM::{Role,User,Group}Policy``: "Adds or updates an inline policy document that is embedded in
    the specified IAM role" (CloudFormation template reference, ``aws-resource-iam-rolepolicy``); one
    principal, named by ``RoleName``/``UserName``/``GroupName``."""
    a = resource.attrs
    type_name = resource.type
    yield InlinePolicy(
        **iam_fields(resource),
        principal_kind=kind,
        principal=req_str(a, _NAME_PROPERTY[kind], type_name),
        name=req_str(a, "PolicyName", type_name),
        policy=require_policy(a.get("PolicyDocument"), type_name),
    )


@translates("AWS::IAM::RolePolicy")
def iam_role_policy(resource: Resource) -> Iterator[ModelObject]:
    return _embedded(resource, "role")


@translates("AWS::IAM::UserPolicy")
def iam_user_policy(resource: Resource) -> Iterator[ModelObject]:
    return _embedded(resource, "user")


@translates("AWS::IAM::GroupPolicy")
def iam_group_policy(resource: Resource) -> Iterator[ModelObject]:
    return _embedded(resource, "group")


@translates("AWS::IAM::ManagedPolicy", attrs={"description": "Description", "policy": "PolicyDocument"})
def iam_managed_policy(resource: Resource) -> Iterator[ModelObject]:
    """A customer managed policy, plus an attachment for every role, user and group it lists."""
    a = resource.attrs
    fields = iam_fields(resource)
    name, path = _name(resource, "ManagedPolicyName", "policy"), _path(resource)
    policy_arn = _arn(resource, fields, "policy", name, path)
    yield IamPolicy(
        **fields,
        name=name,
        arn=policy_arn,
        path=path,
        description=get_str(a, "Description"),
        policy=require_policy(a.get("PolicyDocument"), "AWS::IAM::ManagedPolicy"),
    )
    for kind, prop in _PRINCIPAL_LISTS:
        for principal in known_str_tuple(a.get(prop), prop):
            yield PolicyAttachment(**fields, principal_kind=kind, principal=principal, policy_arn=policy_arn)


@translates("AWS::IAM::InstanceProfile")
def iam_instance_profile(resource: Resource) -> Iterator[ModelObject]:
    fields = iam_fields(resource)
    name, path = _name(resource, "InstanceProfileName", "instance profile"), _path(resource)
    roles = known_str_tuple(resource.attrs.get("Roles"), "Roles")
    yield InstanceProfile(
        **fields,
        name=name,
        arn=_arn(resource, fields, "instance-profile", name, path),
        role=roles[0] if roles else None,
    )


@translates("AWS::IAM::UserToGroupAddition", attrs={"group": "GroupName", "users": "Users"})
def iam_user_to_group_addition(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield GroupMembership(
        **iam_fields(resource),
        group=req_str(a, "GroupName", "AWS::IAM::UserToGroupAddition"),
        users=known_str_tuple(a.get("Users"), "Users"),
    )
