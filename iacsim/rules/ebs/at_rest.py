"""EBS volumes, launch templates/configurations and instances: encrypted at rest; the account default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.ec2 import EbsEncryptionByDefault, EbsVolume, Instance, LaunchConfiguration, LaunchTemplate
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.ebs._at_rest import (
    DEFAULT_OFF,
    encrypted_by_default,
    unencrypted_blank_devices,
    unencrypted_devices_message,
)


class VolumeNotEncrypted(Rule):
    """An EBS volume is created unencrypted.

    What it does:
        Flags ``aws_ebs_volume`` / ``AWS::EC2::Volume`` without ``encrypted = true`` (and no key) when EBS
        encryption by default is not on for its account and Region in the scan (``aws_ebs_encryption_by_default``;
        AWS leaves it off until the account turns it on). A volume restored from a snapshot keeps the snapshot's
        encryption and is not reported.
    Why it matters:
        The volume's data, its snapshots and every volume restored from them stay unencrypted; an unencrypted
        volume can never be encrypted in place (only copied through an encrypted snapshot).
    Example:
        resource "aws_ebs_volume" "data" { availability_zone = "us-east-1a"  size = 100 }
    Fix:
        ``encrypted = true`` (``Encrypted: true``), or turn on EBS encryption by default for the account and Region
        (``aws_ebs_encryption_by_default``).
    References:
        https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
        https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
        https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html
    """

    id = "EBS210"
    name = "volume-not-encrypted"
    summary = "An EBS volume is created unencrypted"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_3", "AVD-AWS-0026")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for volume in ctx.world.of_type(EbsVolume):
            if volume.encrypted not in (False, None) or volume.kms_key is not None or volume.snapshot is not None:
                continue
            if encrypted_by_default(ctx.world, volume) is not False:
                continue
            yield Hit(volume, f"the volume is created unencrypted: it does not set encrypted = true and {DEFAULT_OFF}",
                      attr="encrypted", fix=fix_for(volume, "encrypted = true", "Encrypted: true"))


class LaunchVolumeNotEncrypted(Rule):
    """A launch template, launch configuration or instance creates unencrypted EBS volumes.

    What it does:
        Flags the EBS block devices of ``aws_launch_template``, ``aws_launch_configuration``, ``aws_instance`` (and
        their CloudFormation forms) that create a new empty volume (no snapshot, not the root device) without
        ``encrypted = true``, when EBS encryption by default is not on for the account and Region in the scan.
        The root volume and volumes restored from a snapshot take the snapshot's encryption (the image's, for the
        root): they are not reported — unlike Checkov ``CKV_AWS_8``, which fails a launch configuration or
        instance without an encrypted ``root_block_device``.
    Why it matters:
        Every instance launched (an Auto Scaling group launches many) gets an unencrypted data volume.
    Example:
        resource "aws_launch_configuration" "web" {
          image_id = "ami-0123456789abcdef0"  instance_type = "t3.micro"
          ebs_block_device { device_name = "/dev/sdf"  volume_size = 100 }
        }
    Fix:
        ``encrypted = true`` on the device (``Ebs.Encrypted: true``), or turn on EBS encryption by default for the
        account and Region.
    References:
        https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
        https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
        https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html
    """

    id = "EBS211"
    name = "launch-volume-not-encrypted"
    summary = "A launch template, launch configuration or instance creates unencrypted EBS volumes"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_8", "AVD-AWS-0008", "AVD-AWS-0131")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        launchers: list[LaunchTemplate | LaunchConfiguration | Instance] = [
            *ctx.world.of_type(LaunchTemplate), *ctx.world.of_type(LaunchConfiguration),
            *ctx.world.of_type(Instance)]
        for obj in launchers:
            names = unencrypted_blank_devices(ctx.world, obj, obj.block_devices)
            if names:
                yield Hit(obj, unencrypted_devices_message(names, "created unencrypted at each launch"),
                          attr="block_devices",
                          fix=fix_for(obj, "encrypted = true on each EBS block device",
                                      "Ebs: {Encrypted: true} on each block device mapping"))


class EncryptionByDefaultDisabled(Rule):
    """The code turns EBS encryption by default off for an account and Region.

    What it does:
        Flags ``aws_ebs_encryption_by_default`` with ``enabled = false`` (CloudFormation has no resource for
        this setting).
    Why it matters:
        With encryption by default on, every new EBS volume and snapshot copy of the account in that Region is
        encrypted whatever each launch says; turning it off leaves each volume to its own code.
    Example:
        resource "aws_ebs_encryption_by_default" "this" { enabled = false }
    Fix:
        ``enabled = true`` (check first that no instance type without EBS encryption support is launched there).
    References:
        https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
        https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html
    """

    id = "EBS212"
    name = "encryption-by-default-disabled"
    summary = "EBS encryption by default is turned off for an account and Region"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_106",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for setting in ctx.world.of_type(EbsEncryptionByDefault):
            if setting.enabled is False:
                yield Hit(setting, "EBS encryption by default is turned off: new volumes are encrypted only when "
                                   "their own code asks", attr="enabled", fix="enabled = true")
