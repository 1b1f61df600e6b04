"""AMI operations of the simulated EC2 client: RegisterImage, DescribeImages, ModifyImageAttribute,
DescribeImageAttribute, CopyImage.

Sharing rules: "Share an AMI with specific AWS accounts", "Share an AMI with organizations or OUs"
(AMIs whose snapshots use the AWS managed key cannot be shared; encrypted AMIs cannot be public);
"Copy an AMI" (a full copy re-encrypts every snapshot). docs/aws-behaviour.md §12.
"""

from __future__ import annotations

from typing import Any

from iacsim.aws.violation import Violation
from iacsim.sim.client import operation
from iacsim.sim.ec2.backend import (
    BlockDevice,
    DataKey,
    Image,
    Snapshot,
    find_snapshot,
    new_id,
    organization_of,
)
from iacsim.sim.ec2.base import BLOCK_DEVICE_EBS_KEYS, Ec2Base, kms_managed, raise_violation
from iacsim.sim.ec2.errors import (
    AuthFailure,
    InvalidAmiNameDuplicate,
    InvalidBlockDeviceMapping,
    InvalidSnapshotNotFound,
)
from iacsim.sim.ec2.launch import EbsKms
from iacsim.sim.ec2.rules import (
    LaunchPermission,
    check_ebs_encryption_flags,
    launch_permitted,
    parse_launch_permission,
)
from iacsim.sim.errors import (
    InvalidParameter,
    InvalidParameterValue,
    UnsupportedParameterError,
    aws_error,
)
from iacsim.sim.trace import KmsRefused


class Ec2ImagesMixin(Ec2Base):
    """The AMI operations of :class:`iacsim.sim.ec2.Ec2Client`."""

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
            unknown = set(ebs) - BLOCK_DEVICE_EBS_KEYS
            if unknown or set(mapping) - {"DeviceName", "Ebs"}:
                raise UnsupportedParameterError(
                    "ec2", "RegisterImage", sorted(unknown | (set(mapping) - {"DeviceName", "Ebs"}))
                )
            snapshot_id = ebs.get("SnapshotId")
            snapshot = find_snapshot(self.cloud, self.region, snapshot_id) if snapshot_id else None
            if snapshot_id and (snapshot is None or not self._snapshot_usable(snapshot)):
                raise InvalidSnapshotNotFound(f"The snapshot '{snapshot_id}' does not exist.")
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
            raise InvalidBlockDeviceMapping(
                f"The root device {RootDeviceName} has no block device mapping."
            )
        if any(image.name == Name for image in self.backend.images.values()):
            raise InvalidAmiNameDuplicate(
                f"AMI name {Name} is already in use by AMI in this account."
            )
        image = Image(
            new_id(self.cloud, "ami"),
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
                raise InvalidParameterValue("OperationType must be add or remove.")
            (add if OperationType == "add" else remove).extend(legacy)
        parsed_add = [_parsed(entry) for entry in add]
        parsed_remove = [_parsed(entry) for entry in remove]
        if parsed_add:
            keys = self._image_keys(image)
            managed = [k for k in keys if kms_managed(self.cloud, k)]
            if managed:
                raise InvalidParameter(
                    f"Images with snapshots encrypted with the AWS managed key ({managed[0]}) can't be shared. "
                    "Copy the image with a customer managed key first.",
                )
            if keys and any(p.group == "all" for p in parsed_add):
                raise InvalidParameter("Images with encrypted snapshots can't be made public.")
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
            raise_violation(violation)
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
                    raise AuthFailure(
                        "You do not have permission to access the storage of this ami"
                    )
                new_snapshot_id = new_id(self.cloud, "snap")
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
        except KmsRefused as failure:
            raise aws_error(
                failure.code, f"KMS: {failure.step.action} on {failure.step.resource}: {failure.step.reason}"
            ) from None
        image = Image(
            new_id(self.cloud, "ami"),
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


def _parsed(entry: dict[str, str]) -> LaunchPermission:
    result = parse_launch_permission(entry)
    if isinstance(result, Violation):
        raise aws_error(result.code, result.message)
    return result
