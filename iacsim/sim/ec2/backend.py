"""EC2/EBS state for one account and region: volumes, snapshots, images, instances, EBS defaults.

Encrypted volumes and snapshots hold only a KMS ciphertext of their data key (what EBS keeps), bound
to the encryption context ``{"aws:ebs:id": <volume or snapshot id>}`` ("How Amazon EBS uses AWS KMS",
https://docs.aws.amazon.com/ebs/latest/userguide/how-ebs-encryption-works.html). A snapshot keeps the
data key of its volume, with the volume's context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from iacsim.sim.ec2.errors import InvalidVolumeNotFound
from iacsim.sim.ec2.rules import LaunchPermission, OrgMembership

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud
    from iacsim.sim.ec2.launch import LaunchStep


def new_id(cloud: Cloud, prefix: str) -> str:
    """An EC2 resource id (``ami-``, ``vol-``, ``snap-``, ``i-``, ``r-`` and 17 hex digits)."""
    return f"{prefix}-{cloud.ids.hex(17)}"


@dataclass
class DataKey:
    """An EBS data key as EBS keeps it: KMS ciphertext plus the context it is bound to."""

    key_arn: str
    blob: bytes = field(repr=False)
    context: dict[str, str]


@dataclass
class Volume:
    volume_id: str
    size: int
    availability_zone: str
    created: datetime
    snapshot_id: str | None
    data_key: DataKey | None
    volume_type: str = "gp3"
    state: str = "available"

    @property
    def encrypted(self) -> bool:
        return self.data_key is not None

    def shape(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "VolumeId": self.volume_id,
            "Size": self.size,
            "AvailabilityZone": self.availability_zone,
            "State": self.state,
            "CreateTime": self.created,
            "Encrypted": self.encrypted,
            "VolumeType": self.volume_type,
            "SnapshotId": self.snapshot_id or "",
        }
        if self.data_key is not None:
            out["KmsKeyId"] = self.data_key.key_arn
        return out


@dataclass
class Snapshot:
    snapshot_id: str
    owner: str
    volume_id: str
    volume_size: int
    started: datetime
    data_key: DataKey | None
    description: str = ""
    create_volume_permissions: set[str] = field(default_factory=set)
    """Account ids, or ``"all"`` (public)."""

    @property
    def encrypted(self) -> bool:
        return self.data_key is not None

    def shape(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "SnapshotId": self.snapshot_id,
            "OwnerId": self.owner,
            "VolumeId": self.volume_id,
            "VolumeSize": self.volume_size,
            "StartTime": self.started,
            "State": "completed",
            "Progress": "100%",
            "Description": self.description,
            "Encrypted": self.encrypted,
        }
        if self.data_key is not None:
            out["KmsKeyId"] = self.data_key.key_arn
        return out


@dataclass
class BlockDevice:
    device_name: str
    snapshot_id: str | None
    volume_size: int
    encrypted: bool
    delete_on_termination: bool = True


@dataclass
class Image:
    image_id: str
    owner: str
    region: str
    name: str
    created: datetime
    root_device_name: str
    block_devices: list[BlockDevice]
    description: str = ""
    launch_permissions: list[LaunchPermission] = field(default_factory=list)

    @property
    def public(self) -> bool:
        return any(p.group == "all" for p in self.launch_permissions)

    def shape(self) -> dict[str, Any]:
        return {
            "ImageId": self.image_id,
            "OwnerId": self.owner,
            "Name": self.name,
            "Description": self.description,
            "CreationDate": self.created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "State": "available",
            "Public": self.public,
            "ImageType": "machine",
            "RootDeviceType": "ebs",
            "RootDeviceName": self.root_device_name,
            "Architecture": "x86_64",
            "VirtualizationType": "hvm",
            "BlockDeviceMappings": [
                {
                    "DeviceName": d.device_name,
                    "Ebs": {
                        "SnapshotId": d.snapshot_id or "",
                        "VolumeSize": d.volume_size,
                        "Encrypted": d.encrypted,
                        "DeleteOnTermination": d.delete_on_termination,
                        "VolumeType": "gp3",
                    },
                }
                for d in self.block_devices
            ],
        }


@dataclass
class Instance:
    instance_id: str
    image_id: str
    owner: str
    launched: datetime
    volumes: list[tuple[str, str]]
    """(device name, volume id)."""
    state: str
    state_reason: tuple[str, str] | None = None
    """(code, message) when the instance did not reach running."""

    def shape(self, region: str) -> dict[str, Any]:
        codes = {"pending": 0, "running": 16, "terminated": 48}
        out: dict[str, Any] = {
            "InstanceId": self.instance_id,
            "ImageId": self.image_id,
            "LaunchTime": self.launched,
            "State": {"Code": codes[self.state], "Name": self.state},
            "Placement": {"AvailabilityZone": f"{region}a"},
            "BlockDeviceMappings": [
                {
                    "DeviceName": device,
                    "Ebs": {"VolumeId": volume, "Status": "attached", "DeleteOnTermination": True},
                }
                for device, volume in self.volumes
            ],
        }
        if self.state_reason is not None:
            out["StateReason"] = {"Code": self.state_reason[0], "Message": self.state_reason[1]}
        return out


class Ec2Backend:
    """EC2/EBS resources of one account and region."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.volumes: dict[str, Volume] = {}
        self.snapshots: dict[str, Snapshot] = {}
        self.images: dict[str, Image] = {}
        self.instances: dict[str, Instance] = {}
        self.encryption_by_default = False
        self.default_kms_key_id: str | None = None
        """``ModifyEbsDefaultKmsKeyId``; None means the AWS managed ``alias/aws/ebs``."""
        self.launch_steps: dict[str, tuple[LaunchStep, ...]] = {}
        """instance id -> the KMS trace of its launch."""
        self.organization: OrgMembership | None = None
        """Set with :func:`iacsim.sim.ec2.set_account_organization` (one region holds it)."""

    def volume(self, volume_id: str) -> Volume:
        found = self.volumes.get(volume_id)
        if found is None:
            raise InvalidVolumeNotFound(f"The volume '{volume_id}' does not exist.")
        return found


def find_image(cloud: Cloud, region: str, image_id: str) -> Image | None:
    """Images are regional; their ids are unique: look through every account in ``region``."""
    backends = cloud.backends("ec2")
    for account in backends:
        backend = backends[account].existing().get(region)
        if backend is not None and image_id in backend.images:
            image: Image = backend.images[image_id]
            return image
    return None


def find_snapshot(cloud: Cloud, region: str, snapshot_id: str) -> Snapshot | None:
    backends = cloud.backends("ec2")
    for account in backends:
        backend = backends[account].existing().get(region)
        if backend is not None and snapshot_id in backend.snapshots:
            snapshot: Snapshot = backend.snapshots[snapshot_id]
            return snapshot
    return None


def organization_of(cloud: Cloud, account: str) -> OrgMembership | None:
    backends = cloud.backends("ec2")
    for backend in backends[account].existing().values():
        if backend.organization is not None:
            membership: OrgMembership = backend.organization
            return membership
    return None
