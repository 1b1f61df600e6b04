"""IAM: roles with inline/attached policies from every spelling, users, groups, memberships."""

from __future__ import annotations

import json

from model_factory import ACCOUNT, OTHER_ACCOUNT, build, res

from iacsim.model import GLOBAL_REGION, IamPolicy, IamRole, InlinePolicy, PolicyAttachment
from iacsim.values import Unknown

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/service/replication"
POLICY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/replication"


def role(**extra: object):
    return res(
        "aws_iam_role",
        "aws_iam_role.replication",
        {
            "name": "replication",
            "path": "/service/",
            "assume_role_policy": json.dumps(TRUST),
            "description": "replicates",
            "max_session_duration": 3600,
            "permissions_boundary": f"arn:aws:iam::{ACCOUNT}:policy/boundary",
            "inline_policy": [{"name": "inline-read", "policy": json.dumps(READ)}],
            "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            **extra,
        },
    )


def test_role_fields_and_deterministic_arn():
    world = build(role())
    (r,) = world.account(ACCOUNT).roles
    assert isinstance(r, IamRole)
    assert r.region == GLOBAL_REGION and r.account == ACCOUNT
    assert (r.name, r.path, r.arn) == ("replication", "/service/", ROLE_ARN)
    assert r.description == "replicates" and r.max_session_duration == 3600
    assert r.trust_policy is not None and r.trust_policy.document == TRUST
    assert r.permissions_boundary == f"arn:aws:iam::{ACCOUNT}:policy/boundary"
    (inline,) = r.inline_policies
    assert (inline.name, inline.policy.document, inline.address) == (
        "inline-read",
        READ,
        "aws_iam_role.replication",
    )
    (attached,) = r.attached_policies
    assert attached.policy_arn == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert attached.principal_kind == "role" and attached.principal == "replication"


def test_separate_role_policy_and_attachment_merge_into_the_role():
    world = build(
        role(inline_policy=[], managed_policy_arns=[]),
        res(
            "aws_iam_policy",
            "aws_iam_policy.replication",
            {"name": "replication", "policy": json.dumps(READ), "arn": POLICY_ARN},
        ),
        res(
            "aws_iam_role_policy",
            "aws_iam_role_policy.extra",
            {
                "name": "extra",
                "role": Unknown("known after apply", "aws_iam_role.replication.id"),
                "policy": json.dumps(READ),
            },
            line=20,
        ),
        res(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.replication",
            {"role": "replication", "policy_arn": POLICY_ARN},
            line=30,
        ),
    )
    r = world.find_role("replication", account=ACCOUNT)
    (inline,) = r.inline_policies
    assert isinstance(inline, InlinePolicy)
    assert inline.address == "aws_iam_role_policy.extra" and inline.source.line == 20
    assert inline.name == "extra" and inline.policy.document == READ
    (attached,) = r.attached_policies
    assert (
        isinstance(attached, PolicyAttachment)
        and attached.address == "aws_iam_role_policy_attachment.replication"
    )
    policy = world.find_policy(attached.policy_arn)
    assert isinstance(policy, IamPolicy) and policy.name == "replication" and policy.policy.document == READ
    assert world.diagnostics == ()


def test_empty_inline_policy_block_read_back_from_plan_is_ignored():
    world = build(role(inline_policy=[{"name": "", "policy": ""}], managed_policy_arns=None))
    r = world.by_address("aws_iam_role.replication")
    assert r.inline_policies == () and r.attached_policies == ()


def test_policy_attachment_resource_fans_out_to_each_principal():
    world = build(
        role(inline_policy=[], managed_policy_arns=[]),
        res("aws_iam_user", "aws_iam_user.alice", {"name": "alice"}),
        res("aws_iam_group", "aws_iam_group.ops", {"name": "ops"}),
        res(
            "aws_iam_policy_attachment",
            "aws_iam_policy_attachment.all",
            {
                "name": "all",
                "policy_arn": POLICY_ARN,
                "roles": ["replication"],
                "users": ["alice"],
                "groups": ["ops"],
            },
        ),
    )
    assert [a.policy_arn for a in world.find_role("replication").attached_policies] == [POLICY_ARN]
    assert [a.policy_arn for a in world.find_user("alice").attached_policies] == [POLICY_ARN]
    assert [a.policy_arn for a in world.find_group("ops").attached_policies] == [POLICY_ARN]


def test_users_groups_and_memberships():
    world = build(
        res("aws_iam_user", "aws_iam_user.alice", {"name": "alice", "path": "/people/"}),
        res("aws_iam_user", "aws_iam_user.bob", {"name": "bob"}),
        res("aws_iam_group", "aws_iam_group.ops", {"name": "ops"}),
        res(
            "aws_iam_group_membership",
            "aws_iam_group_membership.ops",
            {"name": "m", "group": "ops", "users": ["alice"]},
        ),
        res(
            "aws_iam_user_group_membership",
            "aws_iam_user_group_membership.bob",
            {"user": "bob", "groups": ["ops", "dev"]},
        ),
        res(
            "aws_iam_user_policy",
            "aws_iam_user_policy.alice",
            {"user": "alice", "name": "p", "policy": json.dumps(READ)},
        ),
        res(
            "aws_iam_group_policy",
            "aws_iam_group_policy.ops",
            {"group": "ops", "name": "g", "policy": json.dumps(READ)},
        ),
    )
    alice, bob = world.find_user("alice"), world.find_user("bob")
    assert alice.arn == f"arn:aws:iam::{ACCOUNT}:user/people/alice"
    assert alice.groups == ("ops",) and bob.groups == ("ops", "dev")
    assert [p.name for p in alice.inline_policies] == ["p"]
    assert [p.name for p in world.find_group("ops").inline_policies] == ["g"]
    assert world.find_user(f"arn:aws:iam::{ACCOUNT}:user/people/alice") is alice


def test_role_policy_for_a_role_outside_the_scan_is_unattached():
    world = build(res("aws_iam_role_policy", "aws_iam_role_policy.x", {"role": "elsewhere", "policy": "{}"}))
    (obj,) = world.account(ACCOUNT).unattached
    assert isinstance(obj, InlinePolicy)
    assert world.diagnostics[0].code == "unresolved-target"


def test_roles_in_two_accounts_are_found_by_account():
    world = build(
        res("aws_iam_role", "aws_iam_role.a", {"name": "app"}),
        res("aws_iam_role", "aws_iam_role.b", {"name": "app"}, account=OTHER_ACCOUNT),
    )
    assert world.find_role("app", account=OTHER_ACCOUNT).address == "aws_iam_role.b"
    assert world.find_role(f"arn:aws:iam::{OTHER_ACCOUNT}:role/app").address == "aws_iam_role.b"
    assert world.find_role("aws_iam_role.a").account == ACCOUNT


def test_instance_profile():
    world = build(res("aws_iam_instance_profile", "aws_iam_instance_profile.p", {"name": "p", "role": "app"}))
    profile = world.find_instance_profile("p")
    assert profile.role == "app" and profile.arn == f"arn:aws:iam::{ACCOUNT}:instance-profile/p"


def test_policies_read_back_into_the_role_by_a_plan_are_not_counted_twice():
    world = build(
        role(inline_policy=[{"name": "extra", "policy": json.dumps(READ)}], managed_policy_arns=[POLICY_ARN]),
        res(
            "aws_iam_role_policy",
            "aws_iam_role_policy.extra",
            {"name": "extra", "role": "replication", "policy": json.dumps(READ)},
        ),
        res(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.a",
            {"role": "replication", "policy_arn": POLICY_ARN},
        ),
    )
    r = world.find_role("replication")
    assert [p.address for p in r.inline_policies] == ["aws_iam_role_policy.extra"]
    assert [a.address for a in r.attached_policies] == ["aws_iam_role_policy_attachment.a"]
