"""EBS volumes, launch devices and snapshot copies encrypted with a customer managed key (off by default)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.ec2 import EbsSnapshot, EbsVolume, Instance, LaunchConfiguration, LaunchTemplate
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.ebs._at_rest import device_label, encrypted_by_default, is_blank, not_customer_managed


class VolumeWithoutCustomerManagedKey(Rule):
    """An encrypted EBS volume, launch device or snapshot copy does not use a customer managed key it can use.

    What it does:
        Runs only for ``encryption: {customer_managed_key: [ebs]}`` in ``.iacsim.yml``. For each volume, launch
        template / launch configuration / instance EBS device and snapshot copy that is encrypted (``encrypted =
        true``, or a new volume under EBS encryption by default), finds the key EBS uses: the one it names, else
        the account's default EBS key (``aws_ebs_default_kms_key``, else ``aws/ebs``). Flags the AWS managed key
        ``aws/ebs``, and a customer managed key the volume's replayed creation cannot use (the finding names the
        flow). A key the scan cannot place is not reported; a launch configuration cannot name a key, so its
        volumes always use the account's default key.
    Why it matters:
        With ``aws/ebs`` any principal of the account allowed to use EC2 can use the key, and images and
        snapshots encrypted with it can never be shared with another account. A team that requires customer
        managed keys wants the key policy to decide.
    Example:
        resource "aws_ebs_volume" "data" { availability_zone = "us-east-1a"  size = 100  encrypted = true }
    Fix:
        ``kms_key_id = aws_kms_key.<key>.arn`` (``KmsKeyId``), or set the account's default EBS key to a customer
        managed key (``aws_ebs_default_kms_key``).
    References:
        https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
        https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
        https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopySnapshot.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "EBS213"
    name = "volume-without-customer-managed-key"
    summary = "An encrypted EBS volume does not use a customer managed key it can use"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_189", "CKV_AWS_183", "AVD-AWS-0027")
    customer_managed_key_service: ClassVar[str | None] = "ebs"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        world = ctx.world
        for volume in world.of_type(EbsVolume):
            encrypted = volume.encrypted is True or volume.kms_key is not None or (
                volume.snapshot is None and encrypted_by_default(world, volume) is True)
            why = not_customer_managed(ctx, volume, volume.kms_key) if encrypted else None
            if why is not None:
                yield Hit(volume, f"the volume is encrypted with {why}", attr="kms_key",
                          fix=fix_for(volume, "kms_key_id = <customer managed key ARN>", "KmsKeyId: <key ARN>"))
        for snapshot in world.of_type(EbsSnapshot):
            if snapshot.source_snapshot is None or snapshot.encrypted is not True:
                continue
            why = not_customer_managed(ctx, snapshot, snapshot.kms_key)
            if why is not None:
                yield Hit(snapshot, f"the snapshot copy is encrypted with {why}", attr="kms_key",
                          fix="kms_key_id = <customer managed key ARN>")
        launchers: list[LaunchTemplate | LaunchConfiguration | Instance] = [
            *world.of_type(LaunchTemplate), *world.of_type(LaunchConfiguration), *world.of_type(Instance)]
        for obj in launchers:
            if not isinstance(obj.block_devices, tuple):
                continue
            by_default = encrypted_by_default(world, obj) is True
            reasons: dict[str, str] = {}
            for device in obj.block_devices:
                if device.encrypted is True or (by_default and is_blank(device)):
                    why = not_customer_managed(ctx, obj, device.kms_key)
                    if why is not None:
                        reasons[device_label(device)] = why
            if reasons:
                listed = "; ".join(f"{name} with {why}" for name, why in reasons.items())
                yield Hit(obj, f"encrypted block devices do not use a customer managed key: {listed}",
                          attr="block_devices",
                          fix=fix_for(obj, "kms_key_id = <customer managed key ARN> on each EBS block device "
                                           "(a launch configuration: the account's default EBS key)",
                                      "KmsKeyId: <key ARN> on each block device mapping's Ebs"))
