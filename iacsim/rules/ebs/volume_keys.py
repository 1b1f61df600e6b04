"""EBS volumes, launch templates and instances: keys of their own Region, symmetric only."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.base import ModelObject
from iacsim.model.ec2 import BlockDevice, EbsVolume, Instance, LaunchTemplate
from iacsim.model.ids import Ref
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.rds.keys import describe, key_place, wrong_region


def _volume_keys(obj: ModelObject) -> Iterator[tuple[Ref, str]]:
    if isinstance(obj, EbsVolume):
        if obj.kms_key is not None:
            yield obj.kms_key, "the volume"
        return
    devices = getattr(obj, "block_devices", ())
    if isinstance(devices, tuple):
        for device in devices:
            if isinstance(device, BlockDevice) and device.kms_key is not None:
                name = device.device_name if isinstance(device.device_name, str) else "a block device"
                yield device.kms_key, f"block device {name}"


class EbsKeyOutsideRegion(Rule):
    """An EBS volume, launch template or instance names a KMS key of another Region, or not a symmetric key.

    What it does:
        Compares the Region of ``kms_key_id`` on ``aws_ebs_volume`` and on the EBS block devices of launch
        templates and instances (``BlockDeviceMappings[].Ebs.KmsKeyId``) with their own Region, and flags
        keys in the scan that are not ``SYMMETRIC_DEFAULT``.
    Why it matters:
        EBS encrypts a volume with a key of the volume's Region and supports only symmetric encryption
        keys: CreateVolume and RunInstances fail (an Auto Scaling group's launches fail over and over).
    Example:
        resource "aws_launch_template" "web" {
          block_device_mappings {
            ebs { encrypted = true  kms_key_id = aws_kms_key.other_region.arn }
          }
        }
    Fix:
        Name a symmetric key of the volume's Region (a replica key of a multi-Region key, or a key created
        there).
    References:
        https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
        https://docs.aws.amazon.com/ebs/latest/userguide/how-ebs-encryption-works.html
        https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
    """

    id = "EBS001"
    name = "ebs-key-outside-region"
    summary = "EBS key not in the volume's Region or not symmetric"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        world = ctx.world
        objects: list[ModelObject] = [*world.of_type(EbsVolume), *world.of_type(LaunchTemplate),
                                      *world.of_type(Instance)]
        for obj in objects:
            for ref, what in _volume_keys(obj):
                other = wrong_region(world, ref, obj)
                if other is not None:
                    yield Hit(obj, f"{what} is encrypted with KMS key {describe(ref)} of {other}, but the volume "
                                   f"is created in {obj.region}",
                              fix=fix_for(obj, f"kms_key_id = <ARN of a symmetric key in {obj.region}>",
                                          f"KmsKeyId: <ARN of a symmetric key in {obj.region}>"))
                    continue
                place = key_place(world, ref, obj)
                if place is not None and place.symmetric is False:
                    yield Hit(obj, f"{what} names {describe(ref)}, which is not a symmetric encryption key; EBS "
                                   "supports only symmetric keys",
                              fix="use a SYMMETRIC_DEFAULT key")
