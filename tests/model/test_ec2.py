"""AMIs, launch permissions, snapshots, EBS defaults, instances, launch templates, Image Builder."""

from __future__ import annotations

from model_factory import ACCOUNT, OTHER_ACCOUNT, REGION, build, key_arn, res

from iacsim.model import Ami, BlockDevice, EbsDefaultKmsKey, LaunchPermission
from iacsim.values import Unknown

AMI_ID = "ami-0123456789abcdef0"


def test_ami_with_block_devices_and_its_launch_permission():
    world = build(
        res(
            "aws_ebs_snapshot_copy",
            "aws_ebs_snapshot_copy.root",
            {
                "id": "snap-0aa",
                "source_snapshot_id": "snap-0a1b2c3d4e5f67890",
                "source_region": REGION,
                "encrypted": True,
                "kms_key_id": key_arn("k-ami"),
            },
        ),
        res(
            "aws_ami",
            "aws_ami.app",
            {
                "id": AMI_ID,
                "name": "app-golden",
                "root_device_name": "/dev/xvda",
                "ebs_block_device": [
                    {
                        "device_name": "/dev/xvda",
                        "snapshot_id": "snap-0aa",
                        "encrypted": True,
                        "volume_type": "gp3",
                        "volume_size": 30,
                    }
                ],
            },
        ),
        res(
            "aws_ami_launch_permission",
            "aws_ami_launch_permission.workloads",
            {"image_id": Unknown("known after apply", "aws_ami.app.id"), "account_id": OTHER_ACCOUNT},
        ),
    )
    region = world.account(ACCOUNT).region(REGION)
    (ami,) = region.amis
    assert isinstance(ami, Ami)
    assert (ami.kind, ami.name, ami.image_id) == ("ami", "app-golden", AMI_ID)
    assert ami.arn == f"arn:aws:ec2:{REGION}::image/{AMI_ID}"
    assert ami.block_devices == (
        BlockDevice(
            device_name="/dev/xvda", snapshot_id="snap-0aa", encrypted=True, volume_size=30, volume_type="gp3"
        ),
    )
    (perm,) = region.launch_permissions
    assert isinstance(perm, LaunchPermission)
    assert perm.account_id == OTHER_ACCOUNT and perm.group is None and perm.organization_arn is None
    assert world.find_ami(perm.image) is ami
    snap = world.find_snapshot(ami.block_devices[0].snapshot_id)
    assert snap is not None and snap.encrypted is True and snap.kms_key == key_arn("k-ami")
    assert snap.source_snapshot == "snap-0a1b2c3d4e5f67890"


def test_ami_copy_and_from_instance():
    world = build(
        res(
            "aws_ami_copy",
            "aws_ami_copy.c",
            {
                "name": "copy",
                "source_ami_id": AMI_ID,
                "source_ami_region": "eu-west-1",
                "encrypted": True,
                "kms_key_id": key_arn("k"),
            },
        ),
        res(
            "aws_ami_copy",
            "aws_ami_copy.plain",
            {"name": "plain", "source_ami_id": AMI_ID, "kms_key_id": key_arn("k")},
        ),
        res("aws_ami_from_instance", "aws_ami_from_instance.f", {"name": "f", "source_instance_id": "i-1"}),
    )
    copy = world.by_address("aws_ami_copy.c")
    assert (copy.kind, copy.source_ami, copy.source_ami_region, copy.encrypted, copy.kms_key) == (
        "copy",
        AMI_ID,
        "eu-west-1",
        True,
        key_arn("k"),
    )
    # Provider default encrypted = false: a key without encryption is what the apply-error rule needs to see.
    assert world.by_address("aws_ami_copy.plain").encrypted is False
    f = world.by_address("aws_ami_from_instance.f")
    assert f.kind == "from_instance" and f.source_instance == "i-1"
    assert isinstance(f.image_id, Unknown) and f.image_id.ref == "aws_ami_from_instance.f.id"


def test_public_and_organization_launch_permissions():
    world = build(
        res(
            "aws_ami_launch_permission",
            "aws_ami_launch_permission.public",
            {"image_id": AMI_ID, "group": "all"},
        ),
        res(
            "aws_ami_launch_permission",
            "aws_ami_launch_permission.org",
            {"image_id": AMI_ID, "organization_arn": "arn:aws:organizations::111122223333:organization/o-1"},
        ),
        res(
            "aws_ami_launch_permission",
            "aws_ami_launch_permission.ou",
            {
                "image_id": AMI_ID,
                "organizational_unit_arn": "arn:aws:organizations::111122223333:ou/o-1/ou-1",
            },
        ),
    )
    assert world.by_address("aws_ami_launch_permission.public").group == "all"
    assert world.by_address("aws_ami_launch_permission.org").organization_arn.endswith("o-1")
    assert world.by_address("aws_ami_launch_permission.ou").organizational_unit_arn.endswith("ou-1")


def test_snapshot_permission_ebs_defaults_and_volume():
    world = build(
        res(
            "aws_snapshot_create_volume_permission",
            "aws_snapshot_create_volume_permission.p",
            {"snapshot_id": "snap-1", "account_id": OTHER_ACCOUNT},
        ),
        res("aws_ebs_default_kms_key", "aws_ebs_default_kms_key.d", {"key_arn": key_arn("k-ebs")}),
        res("aws_ebs_encryption_by_default", "aws_ebs_encryption_by_default.e", {}),
        res(
            "aws_ebs_volume",
            "aws_ebs_volume.v",
            {
                "availability_zone": "us-east-1a",
                "encrypted": True,
                "kms_key_id": key_arn("k-ebs"),
                "snapshot_id": "snap-1",
            },
        ),
    )
    region = world.account(ACCOUNT).region(REGION)
    (perm,) = region.create_volume_permissions
    assert (perm.snapshot, perm.account_id) == ("snap-1", OTHER_ACCOUNT)
    assert isinstance(region.ebs_default_kms_key, EbsDefaultKmsKey)
    assert region.ebs_default_kms_key.key == key_arn("k-ebs")
    # Provider default for aws_ebs_encryption_by_default.enabled is true.
    assert region.ebs_encryption_by_default is not None and region.ebs_encryption_by_default.enabled is True
    (vol,) = region.volumes
    assert (vol.encrypted, vol.kms_key, vol.snapshot, vol.availability_zone) == (
        True,
        key_arn("k-ebs"),
        "snap-1",
        "us-east-1a",
    )


def test_two_default_keys_in_one_region_are_reported():
    world = build(
        res("aws_ebs_default_kms_key", "aws_ebs_default_kms_key.a", {"key_arn": key_arn("a")}),
        res("aws_ebs_default_kms_key", "aws_ebs_default_kms_key.b", {"key_arn": key_arn("b")}),
    )
    assert world.account(ACCOUNT).region(REGION).ebs_default_kms_key.key == key_arn("b")
    assert [(d.code, d.address) for d in world.diagnostics] == [
        ("duplicate-setting", "aws_ebs_default_kms_key.b")
    ]


def test_instance_and_launch_template_block_devices():
    world = build(
        res(
            "aws_instance",
            "aws_instance.app",
            {
                "ami": AMI_ID,
                "iam_instance_profile": "app",
                "root_block_device": [{"encrypted": True, "kms_key_id": key_arn("k"), "volume_size": 20}],
                "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": False}],
                "launch_template": [{"id": "lt-1", "version": "$Latest"}],
            },
        ),
        res(
            "aws_launch_template",
            "aws_launch_template.app",
            {
                "name": "app",
                "image_id": AMI_ID,
                "iam_instance_profile": [{"name": "app"}],
                "block_device_mappings": [
                    {"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "kms_key_id": key_arn("k")}]},
                    {"device_name": "/dev/sdb", "virtual_name": "ephemeral0"},
                ],
            },
        ),
    )
    inst = world.by_address("aws_instance.app")
    assert inst.image == AMI_ID and inst.instance_profile == "app" and inst.launch_template == "lt-1"
    root, data = inst.block_devices
    assert (
        root.root is True
        and root.encrypted is True
        and root.kms_key == key_arn("k")
        and root.volume_size == 20
    )
    assert data.root is False and data.device_name == "/dev/sdf" and data.encrypted is False
    lt = world.by_address("aws_launch_template.app")
    assert lt.name == "app" and lt.image == AMI_ID and lt.instance_profile == "app"
    # The provider's string "true" is read as a boolean; the instance-store mapping has no EBS part.
    assert lt.block_devices == (BlockDevice(device_name="/dev/xvda", encrypted=True, kms_key=key_arn("k")),)


def test_imagebuilder_distribution_targets():
    world = build(
        res(
            "aws_imagebuilder_distribution_configuration",
            "aws_imagebuilder_distribution_configuration.d",
            {
                "name": "golden",
                "distribution": [
                    {
                        "region": "eu-west-1",
                        "ami_distribution_configuration": [
                            {
                                "kms_key_id": key_arn("k", "eu-west-1"),
                                "target_account_ids": [OTHER_ACCOUNT],
                                "launch_permission": [{"user_ids": [OTHER_ACCOUNT], "user_groups": ["all"]}],
                            }
                        ],
                    }
                ],
            },
        )
    )
    (dist,) = world.account(ACCOUNT).region(REGION).image_distributions
    (target,) = dist.targets
    assert target.region == "eu-west-1" and target.kms_key == key_arn("k", "eu-west-1")
    assert target.target_account_ids == (OTHER_ACCOUNT,) and target.launch_account_ids == (OTHER_ACCOUNT,)
    assert target.launch_groups == ("all",) and target.launch_organization_arns == ()


def test_launch_configuration_and_the_group_that_uses_it():
    from iacsim.model import LaunchConfiguration
    from iacsim.model.ec2 import AutoScalingGroup

    world = build(
        res("aws_launch_configuration", "aws_launch_configuration.web", {
            "name": "web", "image_id": AMI_ID, "iam_instance_profile": "web",
            "root_block_device": [{"encrypted": True, "volume_size": 30}],
            "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": False, "volume_size": 100}],
        }),
        res("aws_autoscaling_group", "aws_autoscaling_group.web",
            {"launch_configuration": Unknown("known after apply", "aws_launch_configuration.web.name")}),
    )
    [config] = world.of_type(LaunchConfiguration)
    assert (config.name, config.image, config.instance_profile) == ("web", AMI_ID, "web")
    assert config.block_devices == (BlockDevice(device_name=None, encrypted=True, volume_size=30, root=True),
                                    BlockDevice(device_name="/dev/sdf", encrypted=False, volume_size=100))
    [group] = world.of_type(AutoScalingGroup)
    assert isinstance(group.launch_configuration, Unknown)
    assert group.launch_configuration.ref == "aws_launch_configuration.web.name"
