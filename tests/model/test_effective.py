"""Effective key policies and identity policies: documents in force, Unknown when not in the scan."""

from __future__ import annotations

import json

from model_factory import ACCOUNT, build, res

from iacsim.aws import managed_policies
from iacsim.model.effective import (
    default_key_policy,
    effective_key_policy,
    identity_policies,
    permissions_boundary,
)
from iacsim.values import Unknown

DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}
POLICY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/decrypt"


def test_key_without_a_policy_gets_the_documented_default_policy():
    world = build(
        res("aws_kms_key", "aws_kms_key.k"), res("aws_kms_key", "aws_kms_key.p", {"policy": json.dumps(DOC)})
    )
    default = effective_key_policy(world.by_address("aws_kms_key.k"))
    assert default == default_key_policy(ACCOUNT)
    assert default["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert default["Statement"][0]["Action"] == "kms:*" and default["Id"] == "key-default-1"
    assert effective_key_policy(world.by_address("aws_kms_key.p")) == DOC


def test_default_policy_of_a_key_in_an_unknown_account_is_unknown():
    world = build(res("aws_kms_key", "aws_kms_key.k", account=Unknown("account from a variable")))
    assert isinstance(effective_key_policy(world.by_address("aws_kms_key.k")), Unknown)


def test_role_identity_policies_inline_managed_in_scan_and_aws_managed():
    world = build(
        res(
            "aws_iam_role",
            "aws_iam_role.r",
            {
                "name": "r",
                "inline_policy": [{"name": "i", "policy": json.dumps(DOC)}],
                "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            },
        ),
        res("aws_iam_policy", "aws_iam_policy.p", {"name": "decrypt", "policy": json.dumps(DOC)}),
        res(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.a",
            {"role": "r", "policy_arn": POLICY_ARN},
        ),
    )
    inline, aws_managed, managed = identity_policies(world, world.find_role("r"))
    assert (inline.kind, inline.name, inline.document, inline.source) == (
        "inline",
        "i",
        DOC,
        "aws_iam_role.r",
    )
    assert aws_managed.kind == "managed"
    assert aws_managed.document == managed_policies.document("arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert (managed.kind, managed.name, managed.document, managed.source) == (
        "managed",
        POLICY_ARN,
        DOC,
        "aws_iam_role_policy_attachment.a",
    )


def test_an_aws_managed_policy_not_in_the_snapshot_is_unknown_with_the_snapshot_date():
    arn = "arn:aws:iam::aws:policy/ReadOnlyAcess"
    world = build(res("aws_iam_role", "aws_iam_role.r", {"name": "r", "managed_policy_arns": [arn]}))
    (missing,) = identity_policies(world, world.find_role("r"))
    assert isinstance(missing.document, Unknown)
    assert missing.document.reason == (f"AWS managed policy {arn} is not in iacsim's snapshot of "
                                       f"{managed_policies.snapshot_info().snapshot_date}")


def test_user_gets_its_groups_policies_and_unknown_for_groups_outside_the_scan():
    world = build(
        res("aws_iam_user", "aws_iam_user.u", {"name": "u"}),
        res("aws_iam_group", "aws_iam_group.g", {"name": "g"}),
        res(
            "aws_iam_group_policy",
            "aws_iam_group_policy.g",
            {"group": "g", "name": "gp", "policy": json.dumps(DOC)},
        ),
        res(
            "aws_iam_user_group_membership",
            "aws_iam_user_group_membership.u",
            {"user": "u", "groups": ["g", "elsewhere"]},
        ),
    )
    group_inline, missing = identity_policies(world, world.find_user("u"))
    assert (group_inline.kind, group_inline.via_group, group_inline.document) == ("group-inline", "g", DOC)
    assert missing.via_group == "elsewhere" and isinstance(missing.document, Unknown)


def test_permissions_boundary_document():
    world = build(
        res("aws_iam_policy", "aws_iam_policy.b", {"name": "boundary", "policy": json.dumps(DOC)}),
        res(
            "aws_iam_role",
            "aws_iam_role.r",
            {"name": "r", "permissions_boundary": f"arn:aws:iam::{ACCOUNT}:policy/boundary"},
        ),
        res(
            "aws_iam_role",
            "aws_iam_role.x",
            {"name": "x", "permissions_boundary": "arn:aws:iam::999999999999:policy/b"},
        ),
        res("aws_iam_role", "aws_iam_role.none", {"name": "none"}),
    )
    assert permissions_boundary(world, world.find_role("r")) == DOC
    assert isinstance(permissions_boundary(world, world.find_role("x")), Unknown)
    assert permissions_boundary(world, world.find_role("none")) is None
