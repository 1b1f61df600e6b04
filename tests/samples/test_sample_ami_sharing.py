"""samples/terraform/ami-sharing{,-broken} through load_paths → build_world, field by field."""

from __future__ import annotations

import re

import pytest
from sample_pipeline import SAMPLES, LoadedSample, line_of, load_sample, provider_json, root_statement, trust

OWNER, TARGET = "111122223333", "444455556666"
TARGET_ROOT = f"arn:aws:iam::{TARGET}:root"
KEY, ALIAS = "aws_kms_key.ami", "aws_kms_alias.ami"
SNAPSHOT, AMI, PERMISSION = "aws_ebs_snapshot_copy.root", "aws_ami.app", "aws_ami_launch_permission.workloads"
ROLE, ROLE_POLICY = "aws_iam_role.app_launcher", "aws_iam_role_policy.app_launcher"

SHARED_KEY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        root_statement(OWNER),
        {
            "Sid": "AllowWorkloadsAccountUseOfTheKey",
            "Effect": "Allow",
            "Action": ["kms:ReEncrypt*", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:Decrypt"],
            "Resource": "*",
            "Principal": {"AWS": TARGET_ROOT},
        },
        {
            "Sid": "AllowWorkloadsAccountToCreateGrantsForEBS",
            "Effect": "Allow",
            "Action": "kms:CreateGrant",
            "Resource": "*",
            "Principal": {"AWS": TARGET_ROOT},
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
    ],
}


def launcher_policy(key_arn: str) -> dict[str, object]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "LaunchInstances", "Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:DescribeImages"],
             "Resource": "*"},
            {"Sid": "UseSharedAmiKey", "Effect": "Allow",
             "Action": ["kms:ReEncrypt*", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:Decrypt"],
             "Resource": key_arn},
            {"Sid": "CreateGrantsForEBS", "Effect": "Allow", "Action": "kms:CreateGrant", "Resource": key_arn,
             "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
        ],
    }


@pytest.fixture(scope="module")
def good() -> LoadedSample:
    return load_sample("ami-sharing")


@pytest.fixture(scope="module")
def broken() -> LoadedSample:
    return load_sample("ami-sharing-broken")


def test_loads_without_diagnostics(good: LoadedSample) -> None:
    assert good.result.diagnostics == []
    assert good.world.diagnostics == ()


def test_addresses(good: LoadedSample) -> None:
    assert good.addresses() == {KEY, ALIAS, SNAPSHOT, AMI, PERMISSION, ROLE, ROLE_POLICY}


@pytest.mark.parametrize("address", [KEY, ALIAS, SNAPSHOT, AMI, PERMISSION])
def test_image_side_lives_in_the_owner_account(good: LoadedSample, address: str) -> None:
    obj = good.obj(address)
    assert (obj.account, obj.region, obj.account_assumed, obj.region_assumed) == (OWNER, "us-east-1", False, False)


def test_launcher_role_lives_in_the_target_account(good: LoadedSample) -> None:
    role = good.obj(ROLE)
    assert (role.account, role.region, role.account_assumed) == (TARGET, "global", False)
    assert good.resource(ROLE).placement.provider == "aws.workloads"
    assert good.world.find_role("app-launcher", account=TARGET) is role
    assert good.world.find_role("app-launcher", account=OWNER) is None


def test_key_shared_with_the_target_account(good: LoadedSample) -> None:
    from iacsim.model import KmsKey

    key = good.obj(KEY, KmsKey)
    assert key.arn == f"arn:aws:kms:us-east-1:{OWNER}:key/{key.key_id}"
    assert (key.spec, key.origin, key.multi_region, key.rotation_enabled) == (
        "SYMMETRIC_DEFAULT", "AWS_KMS", False, True)
    assert key.description == "Golden AMI snapshots (shared with the workloads account)"
    assert key.policy.document == SHARED_KEY_POLICY
    assert key.policy.text_length == len(provider_json(SHARED_KEY_POLICY))
    assert good.resource(KEY).attrs["policy"] == provider_json(SHARED_KEY_POLICY)
    assert [a.name for a in good.world.aliases_of(key)] == ["alias/golden-ami"]


def test_snapshot_copy_is_encrypted_with_the_shared_key(good: LoadedSample) -> None:
    from iacsim.model import EbsSnapshot

    snapshot = good.obj(SNAPSHOT, EbsSnapshot)
    assert re.fullmatch(r"snap-[0-9a-f]{17}", snapshot.snapshot_id)
    assert (snapshot.source_snapshot, snapshot.source_region, snapshot.encrypted) == (
        "snap-0a1b2c3d4e5f67890", "us-east-1", True)
    assert good.world.find_key(snapshot.kms_key) is good.obj(KEY)


def test_ami_with_encrypted_root_device(good: LoadedSample) -> None:
    from iacsim.model import Ami

    ami = good.obj(AMI, Ami)
    root = SAMPLES / "ami-sharing"
    assert (ami.source.file, ami.source.line) == ("ami.tf", line_of(root / "ami.tf", 'resource "aws_ami" "app"'))
    assert (ami.kind, ami.name, ami.root_device_name) == ("ami", "app-golden", "/dev/xvda")
    assert re.fullmatch(r"ami-[0-9a-f]{17}", ami.image_id)
    assert ami.arn == f"arn:aws:ec2:us-east-1::image/{ami.image_id}"
    assert len(ami.block_devices) == 1
    device = ami.block_devices[0]
    # The image's root device is the one named by root_device_name (BlockDevice.root is for
    # an instance's root_block_device).
    assert (device.device_name, device.encrypted, device.volume_size, device.volume_type) == (
        ami.root_device_name, True, 30, "gp3")
    snapshot = good.world.find_snapshot(device.snapshot_id)
    assert snapshot is good.obj(SNAPSHOT)
    # aws_ami's block device names no key: it is the snapshot's.
    assert device.kms_key is None
    assert good.world.find_key(snapshot.kms_key) is good.obj(KEY)


def test_launch_permission_for_the_target_account(good: LoadedSample) -> None:
    from iacsim.model import LaunchPermission

    permission = good.obj(PERMISSION, LaunchPermission)
    assert good.world.find_ami(permission.image) is good.obj(AMI)
    assert (permission.account_id, permission.group, permission.organization_arn,
            permission.organizational_unit_arn) == (TARGET, None, None, None)


def test_target_accounts_own_iam_half(good: LoadedSample) -> None:
    role = good.obj(ROLE)
    assert (role.name, role.arn) == ("app-launcher", f"arn:aws:iam::{TARGET}:role/app-launcher")
    assert role.trust_policy.document == trust({"AWS": TARGET_ROOT})
    assert [(p.address, p.name) for p in role.inline_policies] == [(ROLE_POLICY, "launch-golden-ami")]
    assert role.inline_policies[0].account == TARGET
    assert role.inline_policies[0].policy.document == launcher_policy(good.obj(KEY).arn)


# ---------------------------------------------------------------- broken variant

def test_broken_key_policy_does_not_name_the_target_account(broken: LoadedSample) -> None:
    policy = broken.obj(KEY).policy
    assert policy.document == {"Version": "2012-10-17", "Statement": [root_statement(OWNER)]}
    assert TARGET not in provider_json(policy.document)


def test_broken_still_shares_the_image(good: LoadedSample, broken: LoadedSample) -> None:
    assert broken.addresses() == good.addresses()
    permission = broken.obj(PERMISSION)
    assert permission.account_id == TARGET
    assert broken.world.find_ami(permission.image) is broken.obj(AMI)
    device = broken.obj(AMI).block_devices[0]
    assert broken.world.find_key(broken.world.find_snapshot(device.snapshot_id).kms_key) is broken.obj(KEY)
    assert broken.obj(ROLE).inline_policies[0].policy.document == launcher_policy(broken.obj(KEY).arn)
