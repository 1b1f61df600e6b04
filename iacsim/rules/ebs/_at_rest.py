"""Shared by the EBS and AMI encryption rules: the account's EBS defaults and which devices are blank volumes.

AWS facts (docs/aws-behaviour.md §12): EBS encryption by default is a per-account, per-Region setting that is
off until the account turns it on; once on, every new volume is encrypted, with the account's default EBS key
(``aws/ebs`` unless ``ModifyEbsDefaultKmsKeyId`` names another) when the request names none. A volume created
from a snapshot keeps the snapshot's encryption, and an instance's root volume comes from its image's snapshot,
so their encryption is the snapshot's — which the scan rarely holds: such devices are never reported as
unencrypted.
"""

from __future__ import annotations

from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.ec2 import BlockDevice
from iacsim.model.ids import Ref
from iacsim.rules._encryption import key_kind, key_label, written
from iacsim.rules.base import RuleContext
from iacsim.rules.flow_links import key_failing_flows, see_flows
from iacsim.values import Unknown

ROOT_DEVICE_NAMES = ("/dev/xvda", "/dev/sda1", "/dev/sda")
"""Root device names of Amazon Linux / Windows and most Linux images: a CloudFormation mapping for one of them
overrides the image's root volume (which comes from the image's snapshot), so it is not a blank volume."""


def encrypted_by_default(world: World, obj: ModelObject) -> bool | Unknown:
    """Whether EBS encryption by default is on where ``obj`` lives: the scan's ``aws_ebs_encryption_by_default``,
    else AWS's default (off)."""
    if not isinstance(obj.account, str) or not isinstance(obj.region, str):
        return Unknown("the resource's account or Region is not known")
    setting = world.account(obj.account).region(obj.region).ebs_encryption_by_default
    return False if setting is None else setting.enabled


def default_key(world: World, obj: ModelObject) -> Ref | None:
    """The account's default EBS key where ``obj`` lives, as the scan sets it; None: ``aws/ebs``."""
    if not isinstance(obj.account, str) or not isinstance(obj.region, str):
        return None
    setting = world.account(obj.account).region(obj.region).ebs_default_kms_key
    return None if setting is None else setting.key


def is_blank(device: BlockDevice) -> bool:
    """A new empty volume: not the root volume, not restored from a snapshot."""
    name = device.device_name
    return not device.root and device.snapshot_id is None and not (isinstance(name, str) and name in ROOT_DEVICE_NAMES)


def device_label(device: BlockDevice) -> str:
    """A device for a message: its name, else "the root device" or "a block device"."""
    if isinstance(device.device_name, str):
        return device.device_name
    return "the root device" if device.root else "a block device"


def unencrypted_blank_devices(world: World, obj: ModelObject,
                              devices: tuple[BlockDevice, ...] | Unknown) -> list[str]:
    """Names of the blank devices of ``obj`` that are launched unencrypted (``encrypted`` not true, encryption by
    default off); empty when none is, or when anything deciding it is unknown."""
    if isinstance(devices, Unknown) or encrypted_by_default(world, obj) is not False:
        return []
    return [device_label(device) for device in devices if is_blank(device) and device.encrypted in (False, None)]


def unencrypted_devices_message(names: list[str], what: str) -> str:
    """"block devices /dev/sdf, /dev/sdg are <what>: …" for the devices ``unencrypted_blank_devices`` named."""
    many = len(names) > 1
    return (f"block device{'s' if many else ''} {', '.join(names)} {'are' if many else 'is'} {what}: "
            f"encrypted = true is not set and {DEFAULT_OFF}")


DEFAULT_OFF = ("EBS encryption by default is not turned on for the account and Region in the scan (AWS leaves it "
               "off until the account enables it)")


def not_customer_managed(ctx: RuleContext, obj: ModelObject, ref: Ref | None) -> str | None:
    """Why the EBS key ``ref`` of ``obj`` (None: the account's default EBS key) is not a customer managed key
    ``obj`` can use — "the AWS managed key aws/ebs", "the customer managed key X, which … cannot use (see flow
    Y)" — or None when it is one, or when the scan cannot tell."""
    key = ref if ref is not None else default_key(ctx.world, obj)
    if key is None:
        return "the account's default EBS key, the AWS managed key aws/ebs"
    kind = key_kind(ctx.world, key, obj)
    if kind == "aws-managed":
        return f"{written(key)}, the AWS managed key"
    if kind == "customer":
        failing = key_failing_flows(ctx, obj.address)
        if failing:
            label = key_label(ctx.world, key, obj)
            return f"the customer managed key {label}, which its replayed creation cannot use{see_flows(failing)}"
    return None
