"""The simulated EC2 client (boto3 ``ec2``): EBS volumes/snapshots, AMIs, sharing, copy, launch.

AMI operations live in :mod:`iacsim.sim.ec2.images`, shared helpers in :mod:`iacsim.sim.ec2.base`.

Operations: CreateVolume, DescribeVolumes, CreateSnapshot, DescribeSnapshots, ModifySnapshotAttribute,
DescribeSnapshotAttribute, RegisterImage, DescribeImages, ModifyImageAttribute, DescribeImageAttribute,
CopyImage, RunInstances, DescribeInstances, Enable/Disable/GetEbsEncryptionByDefault,
Modify/Get/ResetEbsDefaultKmsKeyId. KMS work is done by :mod:`iacsim.sim.ec2.launch`.

Sharing rules: "Share an AMI with specific AWS accounts", "Share an AMI with organizations or OUs",
"Share an Amazon EBS snapshot" (AMIs/snapshots encrypted with the AWS managed key cannot be shared;
encrypted snapshots and AMIs cannot be made public). docs/aws-behaviour.md §12.
API reference: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/
"""

from __future__ import annotations

from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.client import operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.ec2.backend import Ec2Backend, Image, Instance, Snapshot, Volume, find_snapshot, new_id
from iacsim.sim.ec2.base import BLOCK_DEVICE_EBS_KEYS, kms_managed, raise_violation
from iacsim.sim.ec2.errors import InvalidInstanceIdNotFound, InvalidSnapshotNotFound
from iacsim.sim.ec2.images import Ec2ImagesMixin
from iacsim.sim.ec2.launch import LAUNCH_FAILURE, LaunchStep
from iacsim.sim.ec2.rules import OrgMembership, check_ebs_encryption_flags
from iacsim.sim.errors import (
    InvalidParameter,
    InvalidParameterValue,
    MissingParameter,
    UnsupportedParameterError,
    aws_error,
)
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.regions import PARTITION_REGIONS
from iacsim.sim.trace import KmsRefused, KmsUndecided


def set_account_organization(
    cloud: Cloud, account: str, organization_arn: str, ou_path: tuple[str, ...] = ()
) -> None:
    """Declare where ``account`` sits in AWS Organizations (for organization/OU launch permissions).

    ``ou_path``: OU ARNs from the root down to the account's OU. Organizations is not simulated as a
    service; this is the one fact EC2 sharing needs from it.
    """
    # Any one region's backend may hold the fact; organization_of() looks through all of them.
    region = min(PARTITION_REGIONS[cloud.partition])
    cloud.backend(EC2, account, region).organization = OrgMembership(organization_arn, ou_path)


class Ec2Client(Ec2ImagesMixin):
    """boto3 ``ec2``: EBS defaults, volumes, snapshots and instances here; AMIs in the mixin."""

    # -- EBS defaults ------------------------------------------------------------------
    @operation("EnableEbsEncryptionByDefault")
    def enable_ebs_encryption_by_default(self) -> dict[str, Any]:
        self._authorize("EnableEbsEncryptionByDefault", "*")
        self.backend.encryption_by_default = True
        return {"EbsEncryptionByDefault": True}

    @operation("DisableEbsEncryptionByDefault")
    def disable_ebs_encryption_by_default(self) -> dict[str, Any]:
        self._authorize("DisableEbsEncryptionByDefault", "*")
        self.backend.encryption_by_default = False
        return {"EbsEncryptionByDefault": False}

    @operation("GetEbsEncryptionByDefault")
    def get_ebs_encryption_by_default(self) -> dict[str, Any]:
        return {"EbsEncryptionByDefault": self.backend.encryption_by_default}

    @operation("ModifyEbsDefaultKmsKeyId")
    def modify_ebs_default_kms_key_id(self, *, KmsKeyId: str) -> dict[str, Any]:
        self._authorize("ModifyEbsDefaultKmsKeyId", "*")
        arn = self._resolve_key(KmsKeyId)
        self.backend.default_kms_key_id = arn
        return {"KmsKeyId": arn}

    @operation("GetEbsDefaultKmsKeyId")
    def get_ebs_default_kms_key_id(self) -> dict[str, Any]:
        """The configured key ARN, or — by default — the alias ARN of ``alias/aws/ebs``."""
        configured = self.backend.default_kms_key_id
        return {"KmsKeyId": configured or self._aws_ebs_alias_arn()}

    def _aws_ebs_alias_arn(self) -> str:
        aws_managed_key(self.cloud, self.account, self.region, "ebs")
        return str(Arn.kms_alias(self.cloud.partition, self.region, self.account, "alias/aws/ebs"))

    @operation("ResetEbsDefaultKmsKeyId")
    def reset_ebs_default_kms_key_id(self) -> dict[str, Any]:
        self._authorize("ResetEbsDefaultKmsKeyId", "*")
        self.backend.default_kms_key_id = None
        return {"KmsKeyId": self._aws_ebs_alias_arn()}

    def _resolve_key(self, key_id: str) -> str:
        ebs = self._ebs()
        try:
            return ebs.describe(key_id)
        except KmsRefused as failure:
            raise InvalidParameterValue(
                f"Invalid KmsKeyId {key_id}: {failure.step.reason}"
            ) from None

    # -- volumes and snapshots -----------------------------------------------------------
    @operation("CreateVolume")
    def create_volume(
        self,
        *,
        AvailabilityZone: str,
        Size: int | None = None,
        SnapshotId: str | None = None,
        Encrypted: bool | None = None,
        KmsKeyId: str | None = None,
        VolumeType: str = "gp3",
    ) -> dict[str, Any]:
        """A volume is encrypted when asked, when its snapshot is, or by the account's EBS default.

        UNCONFIRMED: how AWS reports a KMS refusal here (synchronous error vs. a volume in state
        ``error``); the simulation raises at once with KMS's error code and the failed step.
        """
        if not AvailabilityZone.startswith(self.region):
            raise InvalidParameterValue(f"Invalid availability zone: [{AvailabilityZone}]")
        self._authorize("CreateVolume", self._arn("volume", "*"))
        source: Snapshot | None = None
        if SnapshotId is not None:
            source = find_snapshot(self.cloud, self.region, SnapshotId)
            if source is None or not self._snapshot_usable(source):
                raise InvalidSnapshotNotFound(f"The snapshot '{SnapshotId}' does not exist.")
        violation = check_ebs_encryption_flags(Encrypted, KmsKeyId, source is not None and source.encrypted)
        if violation is not None:
            raise_violation(violation)
        size = Size if Size is not None else (source.volume_size if source is not None else None)
        if size is None:
            raise MissingParameter("The request must contain the parameter size or snapshotId")
        volume_id = new_id(self.cloud, "vol")
        encrypt = bool(Encrypted) or self.backend.encryption_by_default
        try:
            data_key = self._ebs().volume_key(
                source.data_key if source is not None else None, encrypt, KmsKeyId, volume_id, attach=False
            )
        except KmsRefused as failure:
            raise aws_error(
                failure.code, f"KMS: {failure.step.action} on {failure.step.resource}: {failure.step.reason}"
            ) from None
        volume = Volume(
            volume_id, size, AvailabilityZone, self.cloud.clock.now(), SnapshotId, data_key, VolumeType
        )
        self.backend.volumes[volume_id] = volume
        return volume.shape()

    @operation("DescribeVolumes")
    def describe_volumes(self, *, VolumeIds: list[str] | None = None) -> dict[str, Any]:
        volumes = (
            [self.backend.volume(v) for v in VolumeIds] if VolumeIds else list(self.backend.volumes.values())
        )
        return {"Volumes": [v.shape() for v in volumes]}

    @operation("CreateSnapshot")
    def create_snapshot(self, *, VolumeId: str, Description: str = "") -> dict[str, Any]:
        """A snapshot keeps its volume's data key and KMS key."""
        volume = self.backend.volume(VolumeId)
        self._authorize("CreateSnapshot", self._arn("snapshot", "*", self.account))
        snapshot = Snapshot(
            new_id(self.cloud, "snap"),
            self.account,
            VolumeId,
            volume.size,
            self.cloud.clock.now(),
            volume.data_key,
            Description,
        )
        self.backend.snapshots[snapshot.snapshot_id] = snapshot
        return snapshot.shape()

    @operation("DescribeSnapshots")
    def describe_snapshots(
        self, *, SnapshotIds: list[str] | None = None, OwnerIds: list[str] | None = None
    ) -> dict[str, Any]:
        found: list[Snapshot] = []
        if SnapshotIds:
            for snapshot_id in SnapshotIds:
                snapshot = find_snapshot(self.cloud, self.region, snapshot_id)
                if snapshot is None or not self._snapshot_usable(snapshot):
                    raise InvalidSnapshotNotFound(
                        f"The snapshot '{snapshot_id}' does not exist."
                    )
                found.append(snapshot)
        else:
            found = list(self.backend.snapshots.values())
        if OwnerIds:
            owners = {self.account if o == "self" else o for o in OwnerIds}
            found = [s for s in found if s.owner in owners]
        return {"Snapshots": [s.shape() for s in found]}

    @operation("ModifySnapshotAttribute")
    def modify_snapshot_attribute(
        self,
        *,
        SnapshotId: str,
        Attribute: str = "createVolumePermission",
        OperationType: str | None = None,
        UserIds: list[str] | None = None,
        GroupNames: list[str] | None = None,
        CreateVolumePermission: dict[str, list[dict[str, str]]] | None = None,
    ) -> dict[str, Any]:
        if Attribute != "createVolumePermission":
            raise UnsupportedParameterError("ec2", "ModifySnapshotAttribute", [f"Attribute={Attribute}"])
        snapshot = self.backend.snapshots.get(SnapshotId)
        if snapshot is None:
            raise InvalidSnapshotNotFound(f"The snapshot '{SnapshotId}' does not exist.")
        self._authorize("ModifySnapshotAttribute", self._arn("snapshot", SnapshotId))
        add, remove = _permission_changes(CreateVolumePermission, OperationType, UserIds, GroupNames)
        if add and snapshot.data_key is not None:
            if kms_managed(self.cloud, snapshot.data_key.key_arn):
                raise InvalidParameter(
                    "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.",
                )
            if "all" in add:
                raise InvalidParameter("Encrypted snapshots can't be made public.")
        snapshot.create_volume_permissions |= add
        snapshot.create_volume_permissions -= remove
        return {}

    @operation("DescribeSnapshotAttribute")
    def describe_snapshot_attribute(self, *, SnapshotId: str, Attribute: str) -> dict[str, Any]:
        if Attribute != "createVolumePermission":
            raise UnsupportedParameterError("ec2", "DescribeSnapshotAttribute", [f"Attribute={Attribute}"])
        snapshot = self.backend.snapshots.get(SnapshotId)
        if snapshot is None:
            raise InvalidSnapshotNotFound(f"The snapshot '{SnapshotId}' does not exist.")
        permissions = [
            {"Group": "all"} if p == "all" else {"UserId": p}
            for p in sorted(snapshot.create_volume_permissions)
        ]
        return {"SnapshotId": SnapshotId, "CreateVolumePermissions": permissions}

    # -- instances --------------------------------------------------------------------------
    @operation("RunInstances")
    def run_instances(
        self,
        *,
        ImageId: str,
        MinCount: int,
        MaxCount: int,
        InstanceType: str = "m1.small",
        BlockDeviceMappings: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Launch from an owned or shared AMI (see :mod:`iacsim.sim.ec2.launch` for the KMS calls).

        Returns ``pending`` instances like EC2; one whose volumes cannot be created or attached
        because a KMS call failed is ``terminated`` with ``Client.InternalError`` in DescribeInstances.
        The KMS trace of each launch is kept: :meth:`launch_steps`.
        """
        if not 1 <= MinCount <= MaxCount:
            raise InvalidParameterValue("MinCount must be between 1 and MaxCount.")
        image = self._visible_image(ImageId, use=True)
        self._authorize("RunInstances", self._arn("instance", "*"))
        overrides = {m["DeviceName"]: m.get("Ebs", {}) for m in BlockDeviceMappings or []}
        for device, ebs in overrides.items():
            unknown = set(ebs) - BLOCK_DEVICE_EBS_KEYS
            if unknown:
                raise UnsupportedParameterError(
                    "ec2", "RunInstances", sorted(f"BlockDeviceMappings.Ebs.{k}" for k in unknown)
                )
            source_encrypted = any(d.encrypted for d in image.block_devices if d.device_name == device)
            violation = check_ebs_encryption_flags(
                ebs.get("Encrypted"), ebs.get("KmsKeyId"), source_encrypted
            )
            if violation is not None:
                raise_violation(violation)
        instances = [self._launch(image, overrides) for _ in range(MaxCount)]
        reservation = {
            "ReservationId": new_id(self.cloud, "r"),
            "OwnerId": self.account,
            "Instances": [
                {**i.shape(self.region), "State": {"Code": 0, "Name": "pending"}} for i in instances
            ],
        }
        return reservation

    def _launch(self, image: Image, overrides: dict[str, dict[str, Any]]) -> Instance:
        instance_id = new_id(self.cloud, "i")
        ebs = self._ebs()
        volumes: list[tuple[str, str]] = []
        state, reason = "running", None
        try:
            for device in image.block_devices:
                override = overrides.get(device.device_name, {})
                snapshot = (
                    find_snapshot(self.cloud, image.region, device.snapshot_id)
                    if device.snapshot_id
                    else None
                )
                volume_id = new_id(self.cloud, "vol")
                encrypt = bool(override.get("Encrypted")) or self.backend.encryption_by_default
                data_key = ebs.volume_key(
                    snapshot.data_key if snapshot else None,
                    encrypt,
                    override.get("KmsKeyId"),
                    volume_id,
                    attach=True,
                )
                volume = Volume(
                    volume_id,
                    override.get("VolumeSize", device.volume_size),
                    f"{self.region}a",
                    self.cloud.clock.now(),
                    device.snapshot_id,
                    data_key,
                    state="in-use",
                )
                self.backend.volumes[volume_id] = volume
                volumes.append((device.device_name, volume_id))
        except KmsRefused:
            state, reason = "terminated", LAUNCH_FAILURE
            for _, volume_id in volumes:
                del self.backend.volumes[volume_id]
            volumes = []
        except KmsUndecided:
            # the scan lacks what decides a KMS step: the launch trace ends with it, the instance stays pending
            state = "pending"
        instance = Instance(
            instance_id, image.image_id, self.account, self.cloud.clock.now(), volumes, state, reason
        )
        self.backend.instances[instance_id] = instance
        self.backend.launch_steps[instance_id] = tuple(ebs.steps)
        return instance

    def launch_steps(self, InstanceId: str) -> tuple[LaunchStep, ...]:
        """The KMS trace of a launch (not a boto3 method): principal, action, resource, decision, reason."""
        steps = self.backend.launch_steps.get(InstanceId)
        if steps is None:
            raise InvalidInstanceIdNotFound(f"The instance ID '{InstanceId}' does not exist")
        return steps

    @operation("DescribeInstances")
    def describe_instances(self, *, InstanceIds: list[str] | None = None) -> dict[str, Any]:
        if InstanceIds:
            missing = [i for i in InstanceIds if i not in self.backend.instances]
            if missing:
                raise InvalidInstanceIdNotFound(f"The instance ID '{missing[0]}' does not exist")
            instances = [self.backend.instances[i] for i in InstanceIds]
        else:
            instances = list(self.backend.instances.values())
        return {
            "Reservations": [
                {"ReservationId": new_id(self.cloud, "r"), "OwnerId": self.account, "Instances": [i.shape(self.region)]}
                for i in instances
            ]
        }


def _permission_changes(
    structured: dict[str, list[dict[str, str]]] | None,
    operation_type: str | None,
    user_ids: list[str] | None,
    groups: list[str] | None,
) -> tuple[set[str], set[str]]:
    """createVolumePermission changes as (add, remove) sets of account ids / ``all``."""

    def ids(entries: list[dict[str, str]]) -> set[str]:
        out: set[str] = set()
        for entry in entries:
            if entry.get("Group") == "all":
                out.add("all")
            elif "UserId" in entry:
                out.add(entry["UserId"])
            else:
                raise InvalidParameterValue(f"Invalid createVolumePermission item {entry}.")
        return out

    add = ids((structured or {}).get("Add", []))
    remove = ids((structured or {}).get("Remove", []))
    legacy = set(user_ids or []) | {"all" for g in groups or [] if g == "all"}
    if legacy:
        if operation_type not in ("add", "remove"):
            raise InvalidParameterValue("OperationType must be add or remove.")
        (add if operation_type == "add" else remove).update(legacy)
    return add, remove


def _backend(cloud: Cloud, account: str, region: str) -> Ec2Backend:
    return Ec2Backend(cloud, account, region)


EC2: ServiceSpec[Ec2Backend] = register_service(ServiceSpec("ec2", _backend, Ec2Client))
