"""Terraform IAM resources → :mod:`iacsim.model.iam`.

Provider docs ``r/iam_role``, ``r/iam_role_policy``, ``r/iam_role_policy_attachment``,
``r/iam_policy``, ``r/iam_policy_attachment``, ``r/iam_user*``, ``r/iam_group*``,
``r/iam_instance_profile``, ``r/iam_role_policies_exclusive``, ``r/iam_role_policy_attachments_exclusive``
(and their user and group variants). IAM is global: objects get region ``global``. IAM ARNs
are deterministic (``arn:<p>:iam::<account>:role<path><name>``), so they are built
here when the loader does not supply them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.iam import (
    ExclusivePolicies,
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
from iacsim.model.ids import GLOBAL_REGION, Arn, Ref
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    blocks,
    computed,
    generated_name,
    get_int,
    get_str,
    known_str_tuple,
    parse_policy,
    placement_fields,
    req_str,
    require_policy,
    str_or,
    str_tuple,
    tags,
)
from iacsim.values import Unknown


def iam_fields(resource: Resource) -> dict[str, Any]:
    """Placement for a global IAM object: the resource's account, region ``global``."""
    fields = placement_fields(resource)
    fields["region"] = GLOBAL_REGION
    fields["region_assumed"] = False
    return fields


def _name(resource: Resource, what: str) -> str | Unknown:
    a = resource.attrs
    name = get_str(a, "name")
    if name is not None:
        return name
    return generated_name(resource, f"{what} name")


def iam_arn(
    resource: Resource, fields: dict[str, Any], kind: str, name: str | Unknown, path: str | Unknown
) -> Arn | Unknown:
    """The loader's ARN, else the deterministic ``arn:<p>:iam::<account>:<kind><path><name>``."""
    given = resource.attrs.get("arn")
    if isinstance(given, str) and given:
        return Arn(given)
    if isinstance(name, str) and isinstance(path, str) and fields["account"] != "unknown":
        return Arn(str(AwsArn.iam(fields["partition"], fields["account"], kind, name, path)))
    found = computed(resource.attrs, "arn", resource.address)
    return Arn(found) if isinstance(found, str) else found


def _path(resource: Resource) -> str | Unknown:
    return str_or(get_str(resource.attrs, "path"), "/")


def _inline_blocks(resource: Resource, kind: PrincipalKind, principal: Ref) -> tuple[InlinePolicy, ...]:
    found = blocks(resource.attrs, "inline_policy")
    fields = iam_fields(resource)
    if isinstance(found, Unknown):
        return (
            InlinePolicy(
                **fields,
                principal_kind=kind,
                principal=principal,
                name=None,
                policy=require_policy(found, "inline_policy"),
            ),
        )
    out = []
    for b in found:
        policy = parse_policy(b.get("policy"))
        # The provider reads back an empty inline_policy block when the role has none.
        if policy is None:
            continue
        out.append(
            InlinePolicy(
                **fields, principal_kind=kind, principal=principal, name=get_str(b, "name"), policy=policy
            )
        )
    return tuple(out)


def _managed_arns(resource: Resource, kind: PrincipalKind, principal: Ref) -> tuple[PolicyAttachment, ...]:
    fields = iam_fields(resource)
    return tuple(
        PolicyAttachment(**fields, principal_kind=kind, principal=principal, policy_arn=policy_arn)
        for policy_arn in known_str_tuple(resource.attrs.get("managed_policy_arns"), "managed_policy_arns")
    )


@translates("aws_iam_role", attrs={
    "description": "description",
    "trust_policy": "assume_role_policy",
    "permissions_boundary": "permissions_boundary",
    "max_session_duration": "max_session_duration",
})
def iam_role(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = iam_fields(resource)
    name, path = _name(resource, "role"), _path(resource)
    yield IamRole(
        **fields,
        name=name,
        arn=iam_arn(resource, fields, "role", name, path),
        path=path,
        description=get_str(a, "description"),
        trust_policy=parse_policy(a.get("assume_role_policy")),
        inline_policies=_inline_blocks(resource, "role", name),
        attached_policies=_managed_arns(resource, "role", name),
        permissions_boundary=get_str(a, "permissions_boundary"),
        max_session_duration=get_int(a, "max_session_duration"),
        tags=tags(a),
    )


@translates("aws_iam_policy", attrs={"description": "description", "policy": "policy"})
def iam_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = iam_fields(resource)
    name, path = _name(resource, "policy"), _path(resource)
    yield IamPolicy(
        **fields,
        name=name,
        arn=iam_arn(resource, fields, "policy", name, path),
        path=path,
        description=get_str(a, "description"),
        policy=require_policy(a.get("policy"), "aws_iam_policy"),
        tags=tags(a),
    )


@translates("aws_iam_user", attrs={"permissions_boundary": "permissions_boundary"})
def iam_user(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = iam_fields(resource)
    name, path = _name(resource, "user"), _path(resource)
    yield IamUser(
        **fields,
        name=name,
        arn=iam_arn(resource, fields, "user", name, path),
        path=path,
        permissions_boundary=get_str(a, "permissions_boundary"),
        tags=tags(a),
    )


@translates("aws_iam_group")
def iam_group(resource: Resource) -> Iterator[ModelObject]:
    fields = iam_fields(resource)
    name, path = _name(resource, "group"), _path(resource)
    yield IamGroup(**fields, name=name, arn=iam_arn(resource, fields, "group", name, path), path=path)


@translates("aws_iam_instance_profile")
def iam_instance_profile(resource: Resource) -> Iterator[ModelObject]:
    fields = iam_fields(resource)
    name, path = _name(resource, "instance profile"), _path(resource)
    yield InstanceProfile(
        **fields,
        name=name,
        arn=iam_arn(resource, fields, "instance-profile", name, path),
        role=get_str(resource.attrs, "role"),
    )


def _inline(resource: Resource, kind: PrincipalKind) -> Iterator[ModelObject]:
    a = resource.attrs
    name = get_str(a, "name")
    if name is None and get_str(a, "name_prefix") is not None:
        name = Unknown("policy name generated from name_prefix at apply time")
    yield InlinePolicy(
        **iam_fields(resource),
        principal_kind=kind,
        principal=req_str(a, kind, f"{kind} policy"),
        name=name,
        policy=require_policy(a.get("policy"), f"aws_iam_{kind}_policy"),
    )


@translates("aws_iam_role_policy")
def iam_role_policy(resource: Resource) -> Iterator[ModelObject]:
    return _inline(resource, "role")


@translates("aws_iam_user_policy")
def iam_user_policy(resource: Resource) -> Iterator[ModelObject]:
    return _inline(resource, "user")


@translates("aws_iam_group_policy")
def iam_group_policy(resource: Resource) -> Iterator[ModelObject]:
    return _inline(resource, "group")


def _attachment(resource: Resource, kind: PrincipalKind) -> Iterator[ModelObject]:
    a = resource.attrs
    yield PolicyAttachment(
        **iam_fields(resource),
        principal_kind=kind,
        principal=req_str(a, kind, f"{kind} policy attachment"),
        policy_arn=req_str(a, "policy_arn", f"{kind} policy attachment"),
    )


@translates("aws_iam_role_policy_attachment")
def iam_role_policy_attachment(resource: Resource) -> Iterator[ModelObject]:
    return _attachment(resource, "role")


@translates("aws_iam_user_policy_attachment")
def iam_user_policy_attachment(resource: Resource) -> Iterator[ModelObject]:
    return _attachment(resource, "user")


@translates("aws_iam_group_policy_attachment")
def iam_group_policy_attachment(resource: Resource) -> Iterator[ModelObject]:
    return _attachment(resource, "group")


@translates("aws_iam_policy_attachment")
def iam_policy_attachment(resource: Resource) -> Iterator[ModelObject]:
    """The exclusive attachment resource: one :class:`PolicyAttachment` per role, user and group listed."""
    a = resource.attrs
    fields = iam_fields(resource)
    policy_arn = req_str(a, "policy_arn", "policy attachment")
    kinds: tuple[tuple[PrincipalKind, str], ...] = (("role", "roles"), ("user", "users"), ("group", "groups"))
    for kind, attr_name in kinds:
        for principal in known_str_tuple(a.get(attr_name), attr_name):
            yield PolicyAttachment(**fields, principal_kind=kind, principal=principal, policy_arn=policy_arn)


@translates("aws_iam_group_membership", attrs={"group": "group", "users": "users"})
def iam_group_membership(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield GroupMembership(
        **iam_fields(resource),
        group=req_str(a, "group", "group membership"),
        users=known_str_tuple(a.get("users"), "users"),
    )


@translates("aws_iam_user_group_membership")
def iam_user_group_membership(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    user = req_str(a, "user", "user group membership")
    for group in known_str_tuple(a.get("groups"), "groups"):
        yield GroupMembership(**iam_fields(resource), group=group, users=(user,))


_EXCLUSIVE_PRINCIPAL: dict[PrincipalKind, str] = {"role": "role_name", "user": "user_name", "group": "group_name"}


def _exclusive_inline(resource: Resource, kind: PrincipalKind) -> Iterator[ModelObject]:
    """``aws_iam_<kind>_policies_exclusive``: the inline policies kept; it creates none itself."""
    a = resource.attrs
    yield ExclusivePolicies(
        **iam_fields(resource),
        principal_kind=kind,
        principal=req_str(a, _EXCLUSIVE_PRINCIPAL[kind], f"{kind} policies exclusive"),
        policies="inline",
        names=str_tuple(a.get("policy_names"), "policy_names"),
    )


def _exclusive_attachments(resource: Resource, kind: PrincipalKind) -> Iterator[ModelObject]:
    """``aws_iam_<kind>_policy_attachments_exclusive``: attaches the listed managed policies and detaches
    every other one ("A list of managed IAM policy ARNs to be attached to the role. Policies attached to
    this role but not configured in this argument will be removed", provider docs)."""
    a = resource.attrs
    fields = iam_fields(resource)
    principal = req_str(a, _EXCLUSIVE_PRINCIPAL[kind], f"{kind} policy attachments exclusive")
    arns = str_tuple(a.get("policy_arns"), "policy_arns")
    # an unknown list is one attachment of an unknown policy: the role's permissions are then incomplete
    for policy_arn in (arns,) if isinstance(arns, Unknown) else arns:
        yield PolicyAttachment(**fields, principal_kind=kind, principal=principal, policy_arn=policy_arn)
    yield ExclusivePolicies(**fields, principal_kind=kind, principal=principal, policies="managed", names=arns)


@translates("aws_iam_role_policies_exclusive")
def iam_role_policies_exclusive(resource: Resource) -> Iterator[ModelObject]:
    return _exclusive_inline(resource, "role")


@translates("aws_iam_user_policies_exclusive")
def iam_user_policies_exclusive(resource: Resource) -> Iterator[ModelObject]:
    return _exclusive_inline(resource, "user")


@translates("aws_iam_group_policies_exclusive")
def iam_group_policies_exclusive(resource: Resource) -> Iterator[ModelObject]:
    return _exclusive_inline(resource, "group")


@translates("aws_iam_role_policy_attachments_exclusive")
def iam_role_policy_attachments_exclusive(resource: Resource) -> Iterator[ModelObject]:
    return _exclusive_attachments(resource, "role")


@translates("aws_iam_user_policy_attachments_exclusive")
def iam_user_policy_attachments_exclusive(resource: Resource) -> Iterator[ModelObject]:
    return _exclusive_attachments(resource, "user")


@translates("aws_iam_group_policy_attachments_exclusive")
def iam_group_policy_attachments_exclusive(resource: Resource) -> Iterator[ModelObject]:
    return _exclusive_attachments(resource, "group")
