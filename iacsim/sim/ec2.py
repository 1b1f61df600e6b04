"""The simulated EC2 client (boto3 ``ec2``): EBS volumes/snapshots, AMIs, sharing, copy, launch.

Operations: CreateVolume, DescribeVolumes, CreateSnapshot, DescribeSnapshots, ModifySnapshotAttribute,
DescribeSnapshotAttribute, RegisterImage, DescribeImages, ModifyImageAttribute, DescribeImageAttribute,
CopyImage, RunInstances, DescribeInstances, Enable/Disable/GetEbsEncryptionByDefault,
Modify/Get/ResetEbsDefaultKmsKeyId. KMS work is done by :mod:`iacsim.sim.ec2_launch`.

Sharing rules: "Share an AMI with specific AWS accounts", "Share an AMI with organizations or OUs",
"Share an Amazon EBS snapshot" (AMIs/snapshots encrypted with the AWS managed key cannot be shared;
encrypted snapshots and AMIs cannot be made public). ../shared/AWS-RULES.md §9.
API reference: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/
"""

from __future__ import annotations

from typing import Any, Final

from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.ec2_backend import (
    BlockDevice,
    DataKey,
    Ec2Backend,
    Image,
    Instance,
    Snapshot,
    Volume,
    find_image,
    find_snapshot,
    new_id,
    organization_of,
)
from iacsim.sim.ec2_launch import LAUNCH_FAILURE, EbsKms, KmsStepFailed, LaunchStep
from iacsim.sim.ec2_rules import (
    LaunchPermission,
    OrgMembership,
    check_ebs_encryption_flags,
    launch_permitted,
    parse_launch_permission,
)
from iacsim.sim.errors import AwsError, UnsupportedParameterError
from iacsim.sim.kms_managed import aws_managed_key
from iacsim.sim.ssm_rules import Violation

_BLOCK_DEVICE_EBS_KEYS: Final = frozenset(
    {"SnapshotId", "VolumeSize", "DeleteOnTermination", "VolumeType", "Encrypted", "KmsKeyId"}
)


def set_account_organization(
    cloud: Cloud, account: str, organization_arn: str, ou_path: tuple[str, ...] = ()
) -> None:
    """Declare where ``account`` sits in AWS Organizations (for organization/OU launch permissions).

    ``ou_path``: OU ARNs from the root down to the account's OU. Organizations is not simulated as a
    service; this is the one fact EC2 sharing needs from it.
    """
    cloud.backend(EC2, account, "us-east-1").organization = OrgMembership(organization_arn, ou_path)


def _raise(violation: Violation) -> None:
    raise AwsError(violation.code, violation.message)


def _kms_managed(cloud: Cloud, key_arn: str) -> bool:
    """True if ``key_arn`` is an AWS managed key (``aws/ebs``...)."""
    parts = key_arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("key/"):
        return False
    key = cloud.backends("kms")[parts[4]][parts[3]].keys.get(parts[5][4:])
    return key is not None and key.key_manager == "AWS"


class Ec2Client(BaseClient):
    service_name = "ec2"

    @property
    def backend(self) -> Ec2Backend:
        return self.cloud.backend(EC2, self.account, self.region)

    def _authorize(self, action: str, resource: str) -> None:
        require(
            self.cloud,
            self.caller,
            f"ec2:{action}",
            resource,
            resource_account=self.account,
            error_code="UnauthorizedOperation",
            region=self.region,
        )

    def _arn(self, kind: str, resource_id: str, account: str | None = None) -> str:
        owner = "" if kind in ("image", "snapshot") and account is None else (account or self.account)
        return f"arn:{self.cloud.partition}:ec2:{self.region}:{owner}:{kind}/{resource_id}"

    def _ebs(self) -> EbsKms:
        return EbsKms(self.cloud, self.caller, self.region)

    def _visible_image(self, image_id: str, region: str | None = None, use: bool = False) -> Image:
        """An image the caller may use: owned, or shared by launch permission.

        An image that does not exist is ``InvalidAMIID.NotFound``; one that exists but is not shared
        with the caller is invisible to DescribeImages (NotFound) and refused by RunInstances/CopyImage
        with ``AuthFailure: Not authorized for images: [ami-…]`` (the error AWS returns for a private
        AMI of another account).
        """
        image = find_image(self.cloud, region or self.region, image_id)
        if image is None:
            raise AwsError("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
        allowed, _ = launch_permitted(
            image.owner, self.account, image.launch_permissions, organization_of(self.cloud, self.account)
        )
        if not allowed:
            if use:
                raise AwsError("AuthFailure", f"Not authorized for images: [{image_id}]")
            raise AwsError("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
        return image

    def _own_image(self, image_id: str) -> Image:
        image = self.backend.images.get(image_id)
        if image is None:
            if find_image(self.cloud, self.region, image_id) is not None:
                raise AwsError("AuthFailure", f"Not authorized for image:{image_id}")
            raise AwsError("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
        return image

    def _snapshot_usable(self, snapshot: Snapshot) -> bool:
        return (
            snapshot.owner == self.account
            or self.account in snapshot.create_volume_permissions
            or "all" in snapshot.create_volume_permissions
        )

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
        return f"arn:{self.cloud.partition}:kms:{self.region}:{self.account}:alias/aws/ebs"

    @operation("ResetEbsDefaultKmsKeyId")
    def reset_ebs_default_kms_key_id(self) -> dict[str, Any]:
        self._authorize("ResetEbsDefaultKmsKeyId", "*")
        self.backend.default_kms_key_id = None
        return {"KmsKeyId": self._aws_ebs_alias_arn()}

    def _resolve_key(self, key_id: str) -> str:
        ebs = self._ebs()
        try:
            return ebs.describe(key_id)
        except KmsStepFailed as failure:
            raise AwsError(
                "InvalidParameterValue", f"Invalid KmsKeyId {key_id}: {failure.step.reason}"
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
            raise AwsError("InvalidParameterValue", f"Invalid availability zone: [{AvailabilityZone}]")
        self._authorize("CreateVolume", self._arn("volume", "*"))
        source: Snapshot | None = None
        if SnapshotId is not None:
            source = find_snapshot(self.cloud, self.region, SnapshotId)
            if source is None or not self._snapshot_usable(source):
                raise AwsError("InvalidSnapshot.NotFound", f"The snapshot '{SnapshotId}' does not exist.")
        violation = check_ebs_encryption_flags(Encrypted, KmsKeyId, source is not None and source.encrypted)
        if violation is not None:
            _raise(violation)
        size = Size if Size is not None else (source.volume_size if source is not None else None)
        if size is None:
            raise AwsError("MissingParameter", "The request must contain the parameter size or snapshotId")
        volume_id = new_id("vol")
        encrypt = bool(Encrypted) or self.backend.encryption_by_default
        try:
            data_key = self._ebs().volume_key(
                source.data_key if source is not None else None, encrypt, KmsKeyId, volume_id, attach=False
            )
        except KmsStepFailed as failure:
            raise AwsError(
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
            new_id("snap"),
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
                    raise AwsError(
                        "InvalidSnapshot.NotFound", f"The snapshot '{snapshot_id}' does not exist."
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
            raise AwsError("InvalidSnapshot.NotFound", f"The snapshot '{SnapshotId}' does not exist.")
        self._authorize("ModifySnapshotAttribute", self._arn("snapshot", SnapshotId))
        add, remove = _permission_changes(CreateVolumePermission, OperationType, UserIds, GroupNames)
        if add and snapshot.data_key is not None:
            if _kms_managed(self.cloud, snapshot.data_key.key_arn):
                raise AwsError(
                    "InvalidParameter",
                    "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.",
                )
            if "all" in add:
                raise AwsError("InvalidParameter", "Encrypted snapshots can't be made public.")
        snapshot.create_volume_permissions |= add
        snapshot.create_volume_permissions -= remove
        return {}

    @operation("DescribeSnapshotAttribute")
    def describe_snapshot_attribute(self, *, SnapshotId: str, Attribute: str) -> dict[str, Any]:
        if Attribute != "createVolumePermission":
            raise UnsupportedParameterError("ec2", "DescribeSnapshotAttribute", [f"Attribute={Attribute}"])
        snapshot = self.backend.snapshots.get(SnapshotId)
        if snapshot is None:
            raise AwsError("InvalidSnapshot.NotFound", f"The snapshot '{SnapshotId}' does not exist.")
        permissions = [
            {"Group": "all"} if p == "all" else {"UserId": p}
            for p in sorted(snapshot.create_volume_permissions)
        ]
        return {"SnapshotId": SnapshotId, "CreateVolumePermissions": permissions}

    # -- images ----------------------------------------------------------------------------
    @operation("RegisterImage")
    def register_image(
        self,
        *,
        Name: str,
        RootDeviceName: str,
        BlockDeviceMappings: list[dict[str, Any]],
        Description: str = "",
        Architecture: str = "x86_64",
        VirtualizationType: str = "hvm",
    ) -> dict[str, Any]:
        """An EBS-backed AMI from snapshots the caller owns (or may create volumes from)."""
        self._authorize("RegisterImage", self._arn("image", "*"))
        devices: list[BlockDevice] = []
        for mapping in BlockDeviceMappings:
            ebs = mapping.get("Ebs", {})
            unknown = set(ebs) - _BLOCK_DEVICE_EBS_KEYS
            if unknown or set(mapping) - {"DeviceName", "Ebs"}:
                raise UnsupportedParameterError(
                    "ec2", "RegisterImage", sorted(unknown | (set(mapping) - {"DeviceName", "Ebs"}))
                )
            snapshot_id = ebs.get("SnapshotId")
            snapshot = find_snapshot(self.cloud, self.region, snapshot_id) if snapshot_id else None
            if snapshot_id and (snapshot is None or not self._snapshot_usable(snapshot)):
                raise AwsError("InvalidSnapshot.NotFound", f"The snapshot '{snapshot_id}' does not exist.")
            size = ebs.get("VolumeSize") or (snapshot.volume_size if snapshot else 8)
            devices.append(
                BlockDevice(
                    mapping["DeviceName"],
                    snapshot_id,
                    size,
                    snapshot.encrypted if snapshot else bool(ebs.get("Encrypted")),
                    ebs.get("DeleteOnTermination", True),
                )
            )
        if not any(d.device_name == RootDeviceName for d in devices):
            raise AwsError(
                "InvalidBlockDeviceMapping", f"The root device {RootDeviceName} has no block device mapping."
            )
        if any(image.name == Name for image in self.backend.images.values()):
            raise AwsError(
                "InvalidAMIName.Duplicate", f"AMI name {Name} is already in use by AMI in this account."
            )
        image = Image(
            new_id("ami"),
            self.account,
            self.region,
            Name,
            self.cloud.clock.now(),
            RootDeviceName,
            devices,
            Description,
        )
        self.backend.images[image.image_id] = image
        return {"ImageId": image.image_id}

    @operation("DescribeImages")
    def describe_images(
        self, *, ImageIds: list[str] | None = None, Owners: list[str] | None = None
    ) -> dict[str, Any]:
        if ImageIds:
            images = [self._visible_image(image_id) for image_id in ImageIds]
        else:
            images = []
            membership = organization_of(self.cloud, self.account)
            backends = self.cloud.backends("ec2")
            for account in backends:
                backend = backends[account].existing().get(self.region)
                if backend is None:
                    continue
                images += [
                    i
                    for i in backend.images.values()
                    if launch_permitted(i.owner, self.account, i.launch_permissions, membership)[0]
                ]
        if Owners:
            owners = {self.account if o == "self" else o for o in Owners}
            images = [i for i in images if i.owner in owners]
        return {"Images": [i.shape() for i in images]}

    @operation("ModifyImageAttribute")
    def modify_image_attribute(
        self,
        *,
        ImageId: str,
        Attribute: str | None = None,
        LaunchPermission: dict[str, list[dict[str, str]]] | None = None,
        OperationType: str | None = None,
        UserIds: list[str] | None = None,
        UserGroups: list[str] | None = None,
        OrganizationArns: list[str] | None = None,
        OrganizationalUnitArns: list[str] | None = None,
        Description: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Launch permissions by account, organization, OU or ``all``; only the owner may change them.

        An AMI whose snapshots use the AWS managed key cannot be shared, and an AMI with encrypted
        snapshots cannot be made public ("Share an AMI with specific AWS accounts", considerations).
        """
        image = self._own_image(ImageId)
        self._authorize("ModifyImageAttribute", self._arn("image", ImageId))
        if Description is not None:
            image.description = Description.get("Value", "")
            return {}
        if Attribute not in (None, "launchPermission"):
            raise UnsupportedParameterError("ec2", "ModifyImageAttribute", [f"Attribute={Attribute}"])
        add: list[dict[str, str]] = list((LaunchPermission or {}).get("Add", []))
        remove: list[dict[str, str]] = list((LaunchPermission or {}).get("Remove", []))
        legacy = (
            [{"UserId": u} for u in UserIds or []]
            + [{"Group": g} for g in UserGroups or []]
            + [{"OrganizationArn": o} for o in OrganizationArns or []]
            + [{"OrganizationalUnitArn": o} for o in OrganizationalUnitArns or []]
        )
        if legacy:
            if OperationType not in ("add", "remove"):
                raise AwsError("InvalidParameterValue", "OperationType must be add or remove.")
            (add if OperationType == "add" else remove).extend(legacy)
        parsed_add = [_parsed(entry) for entry in add]
        parsed_remove = [_parsed(entry) for entry in remove]
        if parsed_add:
            keys = self._image_keys(image)
            managed = [k for k in keys if _kms_managed(self.cloud, k)]
            if managed:
                raise AwsError(
                    "InvalidParameter",
                    f"Images with snapshots encrypted with the AWS managed key ({managed[0]}) can't be shared. "
                    "Copy the image with a customer managed key first.",
                )
            if keys and any(p.group == "all" for p in parsed_add):
                raise AwsError("InvalidParameter", "Images with encrypted snapshots can't be made public.")
        image.launch_permissions = [p for p in image.launch_permissions if p not in parsed_remove]
        image.launch_permissions += [p for p in parsed_add if p not in image.launch_permissions]
        return {}

    @operation("DescribeImageAttribute")
    def describe_image_attribute(self, *, ImageId: str, Attribute: str) -> dict[str, Any]:
        image = self._own_image(ImageId)
        if Attribute == "launchPermission":
            return {"ImageId": ImageId, "LaunchPermissions": [p.to_dict() for p in image.launch_permissions]}
        if Attribute == "description":
            return {"ImageId": ImageId, "Description": {"Value": image.description}}
        raise UnsupportedParameterError("ec2", "DescribeImageAttribute", [f"Attribute={Attribute}"])

    def _image_keys(self, image: Image) -> list[str]:
        keys: list[str] = []
        for device in image.block_devices:
            snapshot = (
                find_snapshot(self.cloud, image.region, device.snapshot_id) if device.snapshot_id else None
            )
            if (
                snapshot is not None
                and snapshot.data_key is not None
                and snapshot.data_key.key_arn not in keys
            ):
                keys.append(snapshot.data_key.key_arn)
        return keys

    @operation("CopyImage")
    def copy_image(
        self,
        *,
        Name: str,
        SourceImageId: str,
        SourceRegion: str,
        Description: str = "",
        Encrypted: bool | None = None,
        KmsKeyId: str | None = None,
    ) -> dict[str, Any]:
        """Copy an AMI into this region (a full copy: every snapshot is re-encrypted).

        Encrypted snapshots, or any when ``Encrypted``: the new key is ``KmsKeyId``, else — same
        account and region — the source key, else the caller's default EBS key in this region. EBS
        decrypts each source data key (``kms:Decrypt`` via ``ec2.<source region>``) and makes a new one
        (``kms:GenerateDataKeyWithoutPlaintext`` via ``ec2.<this region>``). A cross-account copy also
        needs ``createVolumePermission`` on the snapshots. Encrypted → unencrypted is impossible.
        UNCONFIRMED: AWS fails a copy whose KMS access is missing asynchronously (image state
        ``failed``); the simulation raises the KMS error at once.
        """
        violation = check_ebs_encryption_flags(Encrypted, KmsKeyId, False)
        if violation is not None:
            _raise(violation)
        self._authorize("CopyImage", self._arn("image", "*"))
        source = self._visible_image(SourceImageId, SourceRegion, use=True)
        source_ebs = EbsKms(self.cloud, self.caller, SourceRegion)
        dest_ebs = self._ebs()
        devices: list[BlockDevice] = []
        try:
            for device in source.block_devices:
                snapshot = (
                    find_snapshot(self.cloud, SourceRegion, device.snapshot_id)
                    if device.snapshot_id
                    else None
                )
                if snapshot is None:
                    devices.append(
                        BlockDevice(device.device_name, None, device.volume_size, device.encrypted)
                    )
                    continue
                if source.owner != self.account and not self._snapshot_usable(snapshot):
                    raise AwsError(
                        "AuthFailure", "You do not have permission to access the storage of this ami"
                    )
                new_snapshot_id = new_id("snap")
                data_key: DataKey | None = None
                if snapshot.data_key is not None or Encrypted:
                    same_place = SourceRegion == self.region and source.owner == self.account
                    if KmsKeyId is not None:
                        target = dest_ebs.describe(KmsKeyId)
                    elif snapshot.data_key is not None and same_place:
                        target = snapshot.data_key.key_arn
                    else:
                        target = dest_ebs.describe(dest_ebs.default_key(self.account))
                    if snapshot.data_key is not None:
                        source_ebs.decrypt(snapshot.data_key, f"EBS reads {snapshot.snapshot_id} to copy it")
                    data_key = dest_ebs.new_data_key(target, new_snapshot_id)
                copy = Snapshot(
                    new_snapshot_id,
                    self.account,
                    snapshot.volume_id,
                    snapshot.volume_size,
                    self.cloud.clock.now(),
                    data_key,
                    f"Copied for DestinationAmi from SourceAmi {SourceImageId}",
                )
                self.backend.snapshots[copy.snapshot_id] = copy
                devices.append(
                    BlockDevice(device.device_name, copy.snapshot_id, device.volume_size, copy.encrypted)
                )
        except KmsStepFailed as failure:
            raise AwsError(
                failure.code, f"KMS: {failure.step.action} on {failure.step.resource}: {failure.step.reason}"
            ) from None
        image = Image(
            new_id("ami"),
            self.account,
            self.region,
            Name,
            self.cloud.clock.now(),
            source.root_device_name,
            devices,
            Description,
        )
        self.backend.images[image.image_id] = image
        return {"ImageId": image.image_id}

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
        """Launch from an owned or shared AMI (see :mod:`iacsim.sim.ec2_launch` for the KMS calls).

        Returns ``pending`` instances like EC2; one whose volumes cannot be created or attached
        because a KMS call failed is ``terminated`` with ``Client.InternalError`` in DescribeInstances.
        The KMS trace of each launch is kept: :meth:`launch_steps`.
        """
        if not 1 <= MinCount <= MaxCount:
            raise AwsError("InvalidParameterValue", "MinCount must be between 1 and MaxCount.")
        image = self._visible_image(ImageId, use=True)
        self._authorize("RunInstances", self._arn("instance", "*"))
        overrides = {m["DeviceName"]: m.get("Ebs", {}) for m in BlockDeviceMappings or []}
        for device, ebs in overrides.items():
            unknown = set(ebs) - _BLOCK_DEVICE_EBS_KEYS
            if unknown:
                raise UnsupportedParameterError(
                    "ec2", "RunInstances", sorted(f"BlockDeviceMappings.Ebs.{k}" for k in unknown)
                )
            source_encrypted = any(d.encrypted for d in image.block_devices if d.device_name == device)
            violation = check_ebs_encryption_flags(
                ebs.get("Encrypted"), ebs.get("KmsKeyId"), source_encrypted
            )
            if violation is not None:
                _raise(violation)
        instances = [self._launch(image, overrides) for _ in range(MaxCount)]
        reservation = {
            "ReservationId": new_id("r"),
            "OwnerId": self.account,
            "Instances": [
                {**i.shape(self.region), "State": {"Code": 0, "Name": "pending"}} for i in instances
            ],
        }
        return reservation

    def _launch(self, image: Image, overrides: dict[str, dict[str, Any]]) -> Instance:
        instance_id = new_id("i")
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
                volume_id = new_id("vol")
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
        except KmsStepFailed:
            state, reason = "terminated", LAUNCH_FAILURE
            for _, volume_id in volumes:
                del self.backend.volumes[volume_id]
            volumes = []
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
            raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{InstanceId}' does not exist")
        return steps

    @operation("DescribeInstances")
    def describe_instances(self, *, InstanceIds: list[str] | None = None) -> dict[str, Any]:
        if InstanceIds:
            missing = [i for i in InstanceIds if i not in self.backend.instances]
            if missing:
                raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{missing[0]}' does not exist")
            instances = [self.backend.instances[i] for i in InstanceIds]
        else:
            instances = list(self.backend.instances.values())
        return {
            "Reservations": [
                {"ReservationId": new_id("r"), "OwnerId": self.account, "Instances": [i.shape(self.region)]}
                for i in instances
            ]
        }


def _parsed(entry: dict[str, str]) -> LaunchPermission:
    result = parse_launch_permission(entry)
    if isinstance(result, Violation):
        raise AwsError(result.code, result.message)
    return result


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
                raise AwsError("InvalidParameterValue", f"Invalid createVolumePermission item {entry}.")
        return out

    add = ids((structured or {}).get("Add", []))
    remove = ids((structured or {}).get("Remove", []))
    legacy = set(user_ids or []) | {"all" for g in groups or [] if g == "all"}
    if legacy:
        if operation_type not in ("add", "remove"):
            raise AwsError("InvalidParameterValue", "OperationType must be add or remove.")
        (add if operation_type == "add" else remove).update(legacy)
    return add, remove


def _backend(cloud: Cloud, account: str, region: str) -> Ec2Backend:
    return Ec2Backend(cloud, account, region)


EC2: ServiceSpec[Ec2Backend] = register_service(ServiceSpec("ec2", _backend, Ec2Client))
