"""EC2 images, EBS encryption and what launches from images.

Sources: Amazon EC2 user guide "Share an AMI with specific AWS accounts",
"Use encryption with EBS-backed AMIs"; Amazon EBS user guide "Encryption by
default", "Share a snapshot"; Terraform ``aws_ami``, ``aws_ami_copy``,
``aws_ami_from_instance``, ``aws_ami_launch_permission``,
``aws_snapshot_create_volume_permission``, ``aws_ebs_default_kms_key``,
``aws_ebs_encryption_by_default``, ``aws_instance``, ``aws_launch_template``, ``aws_launch_configuration``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import ModelObject, ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.slot import Slot
from iacsim.values import Unknown

AmiKind = Literal["ami", "copy", "from_instance"]


@dataclass(frozen=True)
class BlockDevice:
    """An EBS block device of an image, instance or launch template."""

    device_name: str | Unknown | None
    """Device name (``/dev/xvda``); None for an instance's root device when not given."""
    snapshot_id: Ref | None = None
    """Snapshot the volume is created from."""
    encrypted: bool | Unknown | None = None
    """Whether the volume is encrypted; None when not said (then the snapshot's state or EBS
    encryption-by-default decides)."""
    kms_key: Ref | None = None
    """KMS key (id, ARN or alias); None means the account's default EBS key."""
    volume_size: int | Unknown | None = None
    """Size in GiB."""
    volume_type: str | Unknown | None = None
    """Volume type (gp3, io2…)."""
    root: bool = False
    """True for an instance's ``root_block_device``."""


@dataclass(frozen=True, kw_only=True)
class Ami(ModelObject):
    """An AMI registered (``aws_ami``), copied (``aws_ami_copy``) or made from an instance
    (``aws_ami_from_instance``)."""

    stored_in = Slot("region", "amis")
    named_by = ("arn", "name", "image_id")

    kind: AmiKind
    """How the image is made."""
    name: str | Unknown
    """Image name."""
    image_id: str | Unknown
    """Image id (``ami-…``, synthesized by the loader when not known)."""
    arn: Arn | Unknown
    """``arn:aws:ec2:<region>::image/<image id>``."""
    description: str | Unknown | None = None
    """Description."""
    root_device_name: str | Unknown | None = None
    """Root device name."""
    block_devices: tuple[BlockDevice, ...] | Unknown = ()
    """EBS block devices (``ebs_block_device``)."""
    source_ami: Ref | None = None
    """For a copy: the source image id."""
    source_ami_region: str | Unknown | None = None
    """For a copy: the source image's region."""
    source_instance: Ref | None = None
    """For ``aws_ami_from_instance``: the instance id."""
    encrypted: bool | Unknown | None = None
    """For a copy: whether the copy's snapshots are encrypted (``encrypted``)."""
    kms_key: Ref | None = None
    """For a copy: the key the copy is encrypted with (``kms_key_id``)."""
    tags: Tags = field(default_factory=dict)
    """Tags."""


@dataclass(frozen=True, kw_only=True)
class LaunchPermission(ModelObject):
    """Who may launch an image (``aws_ami_launch_permission``); exactly one grantee field is set."""

    stored_in = Slot("region", "launch_permissions")

    image: Ref
    """Image id."""
    account_id: str | Unknown | None = None
    """Target account."""
    group: str | Unknown | None = None
    """``all`` makes the image public."""
    organization_arn: str | Unknown | None = None
    """Target organization."""
    organizational_unit_arn: str | Unknown | None = None
    """Target organizational unit."""


@dataclass(frozen=True, kw_only=True)
class CreateVolumePermission(ModelObject):
    """Lets another account create volumes from a snapshot (``aws_snapshot_create_volume_permission``)."""

    stored_in = Slot("region", "create_volume_permissions")

    snapshot: Ref
    """Snapshot id."""
    account_id: str | Unknown
    """Target account."""


@dataclass(frozen=True, kw_only=True)
class EbsSnapshot(ModelObject):
    """An EBS snapshot (``aws_ebs_snapshot``, ``aws_ebs_snapshot_copy``)."""

    stored_in = Slot("region", "snapshots")
    named_by = ("snapshot_id",)

    snapshot_id: str | Unknown
    """Snapshot id (synthesized by the loader when not known)."""
    volume: Ref | None = None
    """For a snapshot: the volume id."""
    source_snapshot: Ref | None = None
    """For a copy: the source snapshot id."""
    source_region: str | Unknown | None = None
    """For a copy: the source snapshot's region."""
    encrypted: bool | Unknown | None = None
    """Encrypted (a copy can add encryption)."""
    kms_key: Ref | None = None
    """Key (copies)."""


@dataclass(frozen=True, kw_only=True)
class EbsVolume(ModelObject):
    """An EBS volume (``aws_ebs_volume``)."""

    stored_in = Slot("region", "volumes")

    volume_id: str | Unknown
    """Volume id."""
    availability_zone: str | Unknown | None = None
    """Availability zone."""
    snapshot: Ref | None = None
    """Snapshot it is created from."""
    encrypted: bool | Unknown | None = None
    """Encrypted."""
    kms_key: Ref | None = None
    """Key."""


@dataclass(frozen=True, kw_only=True)
class EbsDefaultKmsKey(ModelObject):
    """The account+region default key for EBS encryption (``aws_ebs_default_kms_key``)."""

    stored_in = Slot("region", "ebs_default_kms_key", single=True)

    key: Ref
    """Key ARN."""


@dataclass(frozen=True, kw_only=True)
class EbsEncryptionByDefault(ModelObject):
    """Whether new EBS volumes are always encrypted in this account+region
    (``aws_ebs_encryption_by_default``)."""

    stored_in = Slot("region", "ebs_encryption_by_default", single=True)

    enabled: bool | Unknown
    """Encryption by default on."""


@dataclass(frozen=True, kw_only=True)
class LaunchTemplate(ModelObject):
    """A launch template (``aws_launch_template`` / ``AWS::EC2::LaunchTemplate``)."""

    stored_in = Slot("region", "launch_templates")

    name: str | Unknown | None
    """Template name."""
    template_id: str | Unknown
    """Template id (synthesized by the loader when not known)."""
    image: Ref | None = None
    """Image id."""
    block_devices: tuple[BlockDevice, ...] | Unknown = ()
    """``block_device_mappings[].ebs``."""
    instance_profile: Ref | None = None
    """Instance profile name or ARN."""


@dataclass(frozen=True, kw_only=True)
class LaunchConfiguration(ServiceObject):
    """A launch configuration (``aws_launch_configuration`` / ``AWS::AutoScaling::LaunchConfiguration``): what
    an Auto Scaling group launches, the older form of a launch template (Amazon EC2 Auto Scaling User Guide,
    "Launch configurations"; provider docs ``r/launch_configuration``: ``root_block_device``,
    ``ebs_block_device { encrypted, snapshot_id }``; no ``kms_key_id`` — its volumes use the account's default
    EBS key)."""

    name: str | Unknown | None
    """Configuration name (None when generated)."""
    image: Ref | None = None
    """Image id (``image_id`` / ``ImageId``)."""
    block_devices: tuple[BlockDevice, ...] | Unknown = ()
    """Root and EBS block devices."""
    instance_profile: Ref | None = None
    """Instance profile name or ARN."""


@dataclass(frozen=True, kw_only=True)
class Instance(ModelObject):
    """An instance (``aws_instance`` / ``AWS::EC2::Instance``) launched from an image."""

    stored_in = Slot("region", "instances")

    instance_id: str | Unknown
    """Instance id (synthesized by the loader when not known)."""
    image: Ref | None = None
    """Image id (``ami``); None when it comes from the launch template."""
    launch_template: Ref | None = None
    """Launch template id or name."""
    block_devices: tuple[BlockDevice, ...] | Unknown = ()
    """Root and EBS block devices."""
    instance_profile: Ref | None = None
    """Instance profile name."""


@dataclass(frozen=True)
class DistributionTarget:
    """One region of an image distribution."""

    region: str | Unknown
    """Target region."""
    kms_key: Ref | None = None
    """Key the distributed image's snapshots are encrypted with."""
    target_account_ids: tuple[str | Unknown, ...] | Unknown = ()
    """Accounts the image is copied to."""
    launch_account_ids: tuple[str | Unknown, ...] | Unknown = ()
    """Accounts given launch permission."""
    launch_groups: tuple[str | Unknown, ...] | Unknown = ()
    """Groups given launch permission (``all`` = public)."""
    launch_organization_arns: tuple[str | Unknown, ...] | Unknown = ()
    """Organizations given launch permission."""
    launch_organizational_unit_arns: tuple[str | Unknown, ...] | Unknown = ()
    """OUs given launch permission."""


@dataclass(frozen=True, kw_only=True)
class ImageDistribution(ModelObject):
    """EC2 Image Builder distribution (``aws_imagebuilder_distribution_configuration`` /
    ``AWS::ImageBuilder::DistributionConfiguration``): where built AMIs go, with which keys."""

    stored_in = Slot("region", "image_distributions")

    name: str | Unknown
    """Configuration name."""
    targets: tuple[DistributionTarget, ...] | Unknown
    """One entry per region."""


@dataclass(frozen=True, kw_only=True)
class AutoScalingNotification(ServiceObject):
    """Auto Scaling groups notifying an SNS topic of launches and terminations (``aws_autoscaling_notification``
    / ``AWS::AutoScaling::AutoScalingGroup.NotificationConfigurations``): a producer of the topic's messages
    (Amazon EC2 Auto Scaling User Guide, "Amazon SNS notification options for Amazon EC2 Auto Scaling")."""

    groups: tuple[Ref, ...]
    """The groups (names as written; the group's address for CloudFormation)."""
    topic: Ref
    """The topic ARN as written."""


@dataclass(frozen=True, kw_only=True)
class AutoScalingGroup(ServiceObject):
    """An Auto Scaling group launching from a launch template (``aws_autoscaling_group`` /
    ``AWS::AutoScaling::AutoScalingGroup``).

    Its instances are launched by the group's service-linked role (``AWSServiceRoleForAutoScaling``
    unless ``service_linked_role_arn`` names another), which must be admitted by the key policy of a
    customer managed key encrypting the template's volumes (Amazon EC2 Auto Scaling User Guide,
    "Required AWS KMS key policy for use with encrypted volumes").
    """

    name: str | Unknown | None
    """Group name (None when generated)."""
    launch_template: Ref | None = None
    """Launch template id or name (``launch_template``, or the mixed instances policy's specification)."""
    launch_configuration: Ref | None = None
    """Launch configuration name (``launch_configuration`` / ``LaunchConfigurationName``)."""
    service_linked_role: Ref | None = None
    """``service_linked_role_arn`` / ``ServiceLinkedRoleARN``; None: ``AWSServiceRoleForAutoScaling``."""
