"""AMIs: the volumes an image launches are encrypted; with a customer managed key (off by default)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.ec2 import Ami, BlockDevice
from iacsim.rules.base import Hit, Rule, RuleContext
from iacsim.rules.ebs._at_rest import (
    device_label,
    encrypted_by_default,
    not_customer_managed,
    unencrypted_blank_devices,
    unencrypted_devices_message,
)


def _non_root(ami: Ami) -> tuple[BlockDevice, ...] | None:
    if not isinstance(ami.block_devices, tuple):
        return None
    return tuple(d for d in ami.block_devices if d.device_name is None or d.device_name != ami.root_device_name)


class ImageVolumeNotEncrypted(Rule):
    """An AMI registers a new, unencrypted EBS volume in its block device mappings.

    What it does:
        Flags ``aws_ami`` ``ebs_block_device`` entries with no snapshot (a new empty volume each launch), other
        than the root device, without ``encrypted = true``, when EBS encryption by default is not on for the
        account and Region in the scan. Devices backed by a snapshot take the snapshot's encryption, and a copy
        (``aws_ami_copy``) keeps its source's encryption unless it asks for encryption: neither is reported here
        (Checkov ``CKV_AWS_235`` fails every copy without ``encrypted = true``).
    Why it matters:
        Every instance launched from the image gets that volume unencrypted.
    Example:
        resource "aws_ami" "app" {
          name = "app"  root_device_name = "/dev/xvda"
          ebs_block_device { device_name = "/dev/xvda"  snapshot_id = "snap-0123456789abcdef0" }
          ebs_block_device { device_name = "/dev/sdf"  volume_size = 50 }
        }
    Fix:
        ``encrypted = true`` on the device, or turn on EBS encryption by default for the account and Region.
    References:
        https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html
        https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
    """

    id = "AMI210"
    name = "image-volume-not-encrypted"
    summary = "An AMI registers a new unencrypted EBS volume"
    category = "security"
    severity = "medium"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_204",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for ami in ctx.world.of_type(Ami):
            devices = _non_root(ami)
            if ami.kind != "ami" or devices is None:
                continue
            names = unencrypted_blank_devices(ctx.world, ami, devices)
            if names:
                yield Hit(ami, unencrypted_devices_message(names, "created unencrypted by each launch of the image"),
                          attr="block_devices",
                          fix="encrypted = true on each ebs_block_device without a snapshot")


class ImageWithoutCustomerManagedKey(Rule):
    """An encrypted AMI copy or image volume does not use a customer managed key.

    What it does:
        Runs only for ``encryption: {customer_managed_key: [ami]}`` in ``.iacsim.yml``. Flags ``aws_ami_copy``
        with ``encrypted = true`` whose key (``kms_key_id``, else the account's default EBS key) is ``aws/ebs``,
        and ``aws_ami`` devices without a snapshot that are encrypted with it. A key the scan cannot place is not
        reported.
    Why it matters:
        An image encrypted with the AWS managed key ``aws/ebs`` cannot be shared with any other account, and its
        use cannot be limited by a key policy (AMI101 replays sharing).
    Example:
        resource "aws_ami_copy" "c" { name = "c"  source_ami_id = "ami-0123456789abcdef0"  source_ami_region = "us-east-1"  encrypted = true }
    Fix:
        ``kms_key_id = aws_kms_key.<key>.arn`` with ``encrypted = true``.
    References:
        https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html
        https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "AMI211"
    name = "image-without-customer-managed-key"
    summary = "An encrypted AMI copy or image volume does not use a customer managed key"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_236",)
    customer_managed_key_service: ClassVar[str | None] = "ami"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for ami in ctx.world.of_type(Ami):
            if ami.kind == "copy":
                why = not_customer_managed(ctx, ami, ami.kms_key) if ami.encrypted is True else None
                if why is not None:
                    yield Hit(ami, f"the image copy is encrypted with {why}", attr="kms_key",
                              fix="kms_key_id = <customer managed key ARN>")
                continue
            devices = _non_root(ami)
            if ami.kind != "ami" or devices is None:
                continue
            by_default = encrypted_by_default(ctx.world, ami) is True
            reasons = [f"{device_label(d)} with {why}"
                       for d in devices if d.snapshot_id is None and (d.encrypted is True or by_default)
                       for why in [not_customer_managed(ctx, ami, d.kms_key)] if why is not None]
            if reasons:
                yield Hit(ami, "encrypted image volumes do not use a customer managed key: " + "; ".join(reasons),
                          attr="block_devices", fix="kms_key_id = <customer managed key ARN> on each device")
