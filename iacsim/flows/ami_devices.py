"""Which key encrypts each snapshot of an image the scan declares — or why the scan cannot tell.

EBS keeps a volume's key all the way to the image: a snapshot is encrypted with the key of the volume it
was taken from, RegisterImage keeps the snapshots' encryption, and CreateImage snapshots each volume of the
instance with that volume's key (EBS user guide "Amazon EBS encryption", "How EBS encryption works";
EC2 user guide "Use encryption with EBS-backed AMIs": "Amazon EC2 creates an AMI from an instance … the
snapshots are encrypted with the same KMS keys as the source volumes"). A snapshot copy without
``kms_key_id`` is encrypted with the account's default EBS key (CopySnapshot ``KmsKeyId``: "If this
parameter is not specified, your KMS key for Amazon EBS is used"), and an AMI copy's ``encrypted`` and
``kms_key_id`` decide the key of every snapshot of the copy (CopyImage). docs/aws-behaviour.md §12.

When the scan does not hold the link (a snapshot, volume or instance outside it, a value known only after
apply), the answer is a reason string: the replay is ``unknown``, never ``aws/ebs``.
Sources: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html,
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopySnapshot.html,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from iacsim.flows.keys import key_as_passed
from iacsim.flows.seed import SeededCloud
from iacsim.model import World
from iacsim.model.ec2 import Ami, BlockDevice, EbsSnapshot, EbsVolume, Instance
from iacsim.model.ids import Ref
from iacsim.values import Unknown

MAX_DEPTH = 5

T = TypeVar("T", EbsVolume, Instance)


@dataclass(frozen=True)
class Device:
    """One block device of an image as the replay recreates it."""

    name: str
    size: int
    encrypted: bool
    key_arn: str | None
    """The key to pass to CreateVolume (None: the account's default EBS key, when encrypted)."""
    why: str
    """Where the encryption comes from, for the trace."""


@dataclass(frozen=True)
class CopyPlan:
    encrypted: bool
    key_arn: str | None


def describe_ref(ref: Ref | None) -> str:
    if isinstance(ref, Unknown):
        return ref.ref or ref.reason
    return str(ref)


def image_devices(world: World, seeded: SeededCloud, image: Ami) -> list[Device] | str:
    """The devices of an ``aws_ami`` or ``aws_ami_from_instance``, or why their keys are not known."""
    if image.kind == "from_instance":
        instance = _find(world, image.source_instance, Instance)
        if instance is None:
            return (f"the instance {describe_ref(image.source_instance)} is not in the scan, so the keys of its "
                    "volumes (which the image's snapshots keep) are not known")
        devices, owner = instance.block_devices, f"{instance.address}"
    else:
        devices, owner = image.block_devices, image.address
    if isinstance(devices, Unknown) or not devices:
        if image.kind == "from_instance":
            return (f"the root volume of {owner} comes from its image's snapshot and keeps that key, which the scan "
                    "does not know (set root_block_device { kms_key_id })")
        return "the image's block devices are unknown"
    found: list[Device] = []
    for i, device in enumerate(devices):
        name = device.device_name if isinstance(device.device_name, str) else (
            "/dev/xvda" if device.root else f"/dev/sd{chr(97 + i)}")
        size = device.volume_size if isinstance(device.volume_size, int) else 8
        one = _device(world, seeded, image, device, owner)
        if isinstance(one, str):
            return one
        found.append(Device(name, size, *one))
    return found


def _device(world: World, seeded: SeededCloud, image: Ami, device: BlockDevice,
            owner: str) -> tuple[bool, str | None, str] | str:
    if device.root and device.kms_key is None:
        return (f"the root volume of {owner} is created from its image's snapshot and keeps that snapshot's key "
                "unless root_block_device names kms_key_id; the image is not known here")
    if device.snapshot_id is not None and device.kms_key is None:
        snapshot = world.find_snapshot(device.snapshot_id)
        if snapshot is None:
            return (f"the snapshot {describe_ref(device.snapshot_id)} is not in the scan, so its key is not known "
                    "(the image keeps the snapshot's encryption)")
        return snapshot_encryption(world, seeded, snapshot)
    return volume_encryption(world, seeded, device.encrypted, device.kms_key, image.account, image.region,
                             f"block device {describe_ref(device.device_name)} of {owner}")


def snapshot_encryption(world: World, seeded: SeededCloud, snapshot: EbsSnapshot,
                        depth: int = 0) -> tuple[bool, str | None, str] | str:
    """(encrypted, key, why) of a snapshot: a copy's own key, else the key of the volume it was taken from."""
    where = (snapshot.account, snapshot.region)
    if snapshot.source_snapshot is not None:  # aws_ebs_snapshot_copy
        if snapshot.kms_key is not None or snapshot.encrypted is True:
            return volume_encryption(world, seeded, True, snapshot.kms_key, *where, f"the copy {snapshot.address}")
        source = world.find_snapshot(snapshot.source_snapshot)
        if source is None or depth > MAX_DEPTH:
            return (f"the source snapshot {describe_ref(snapshot.source_snapshot)} of {snapshot.address} is not in "
                    "the scan, so whether the copy is encrypted (and with which key) is not known")
        inner = snapshot_encryption(world, seeded, source, depth + 1)
        if isinstance(inner, str) or not inner[0]:
            return inner
        return volume_encryption(world, seeded, True, None, *where, f"the copy {snapshot.address}")
    if snapshot.volume is not None and not isinstance(snapshot.kms_key, str):
        volume = _find(world, snapshot.volume, EbsVolume)
        if volume is None:
            return (f"the volume {describe_ref(snapshot.volume)} of {snapshot.address} is not in the scan, so the "
                    "snapshot's key (the volume's) is not known")
        if volume.snapshot is not None and volume.kms_key is None:
            return (f"{volume.address} is restored from a snapshot without kms_key_id, so its key (and that of "
                    f"{snapshot.address}) is not known here")
        return volume_encryption(world, seeded, volume.encrypted, volume.kms_key, volume.account, volume.region,
                                 f"{volume.address}, which {snapshot.address} was taken from")
    if snapshot.encrypted is False:
        return False, None, f"{snapshot.address} is not encrypted"
    if snapshot.kms_key is not None:
        return volume_encryption(world, seeded, True, snapshot.kms_key, *where, snapshot.address)
    return f"the key of {snapshot.address} is not known statically"


def volume_encryption(world: World, seeded: SeededCloud, encrypted: bool | Unknown | None, key: Ref | None,
                      account: str, region: str, what: str) -> tuple[bool, str | None, str] | str:
    """(encrypted, key ARN or None for the account's default EBS key, why) of a new volume."""
    if key is not None:
        arn = key_as_passed(world, seeded, key, account, region)
        if arn is None:
            return f"the key of {what} is not known statically"
        return True, arn, f"{what} is encrypted with {arn}"
    if isinstance(encrypted, Unknown):
        return f"whether {what} is encrypted is not known statically"
    settings = world.account(account).region(region)
    by_default = settings.ebs_encryption_by_default
    if encrypted is not True:
        if by_default is not None and isinstance(by_default.enabled, Unknown):
            return f"whether EBS encryption by default is on for {account} in {region} is not known statically"
        if by_default is None or by_default.enabled is not True:
            return False, None, f"{what} is not encrypted"
    default = settings.ebs_default_kms_key
    if default is None:
        return True, None, f"{what} is encrypted with the account's default EBS key"
    arn = key_as_passed(world, seeded, default.key, account, region)
    if arn is None:
        return f"the account's default EBS key ({default.address}) is not known statically"
    return True, arn, f"{what} is encrypted with the account's default EBS key {arn}"


def copy_plan(world: World, seeded: SeededCloud, image: Ami) -> CopyPlan | str:
    """CopyImage's ``Encrypted``/``KmsKeyId`` for an ``aws_ami_copy``, or why they are not known."""
    if isinstance(image.encrypted, Unknown):
        return f"whether {image.address} is encrypted is not known statically"
    arn: str | None = None
    if image.kms_key is not None:
        arn = key_as_passed(world, seeded, image.kms_key, image.account, image.region)
        if arn is None:
            return f"the kms_key_id of {image.address} is not known statically"
    return CopyPlan(image.encrypted is True, arn)


def _find(world: World, ref: Ref | None, cls: type[T]) -> T | None:
    """A volume or instance by address (or a reference naming it) or by id."""
    if ref is None:
        return None
    target = world.deref(ref)
    if target is not None and isinstance(target[0], cls):
        return target[0]
    if isinstance(ref, str):
        for obj in world.of_type(cls):
            if getattr(obj, "volume_id" if cls is EbsVolume else "instance_id") == ref:
                return obj
    return None
