"""Terraform EC2/EBS image resources → :mod:`iacsim.model.ec2`.

Provider docs ``r/ami``, ``r/ami_copy``, ``r/ami_from_instance``, ``r/ami_launch_permission``,
``r/snapshot_create_volume_permission``, ``r/ebs_snapshot``, ``r/ebs_snapshot_copy``,
``r/ebs_volume``, ``r/ebs_default_kms_key``, ``r/ebs_encryption_by_default``, ``r/instance``,
``r/launch_template``, ``r/launch_configuration``, ``r/imagebuilder_distribution_configuration``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ec2 import (
    Ami,
    AmiKind,
    AutoScalingGroup,
    AutoScalingNotification,
    BlockDevice,
    CreateVolumePermission,
    DistributionTarget,
    EbsDefaultKmsKey,
    EbsEncryptionByDefault,
    EbsSnapshot,
    EbsVolume,
    ImageDistribution,
    Instance,
    LaunchConfiguration,
    LaunchPermission,
    LaunchTemplate,
)
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    attr,
    block,
    blocks,
    bool_or,
    computed,
    first_set,
    get_bool,
    get_str,
    placement_fields,
    req_str,
    str_or,
    str_tuple,
    sub,
    tags,
    to_bool,
    to_int,
)
from iacsim.values import Unknown


def _opt_str(value: Any, name: str) -> str | Unknown | None:
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return value or None
    return Unknown(f"{name}: expected a string, got {type(value).__name__}")


def _device(b: dict[str, Any], *, root: bool = False, device_name: Any = None) -> BlockDevice:
    return BlockDevice(
        device_name=_opt_str(b.get("device_name", device_name), "device_name"),
        snapshot_id=_opt_str(b.get("snapshot_id"), "snapshot_id"),
        encrypted=to_bool(b.get("encrypted"), "encrypted"),
        kms_key=_opt_str(b.get("kms_key_id"), "kms_key_id"),
        volume_size=to_int(b.get("volume_size"), "volume_size"),
        volume_type=_opt_str(b.get("volume_type"), "volume_type"),
        root=root,
    )


def _devices(a: dict[str, Any], name: str) -> tuple[BlockDevice, ...] | Unknown:
    found = blocks(a, name)
    if isinstance(found, Unknown):
        return found
    return tuple(_device(b) for b in found)


def _ami(resource: Resource, kind: AmiKind, **extra: Any) -> Ami:
    a = resource.attrs
    fields = placement_fields(resource)
    image_id = computed(a, "id", resource.address)
    given_arn = a.get("arn")
    image_arn: Arn | Unknown
    if isinstance(given_arn, str) and given_arn:
        image_arn = Arn(given_arn)
    elif isinstance(image_id, str) and fields["region"] != "unknown":
        image_arn = Arn(str(AwsArn.ec2_image(fields["partition"], fields["region"], image_id)))
    else:
        image_arn = Unknown("known after apply", f"{resource.address}.arn")
    return Ami(
        **fields,
        kind=kind,
        name=req_str(a, "name", "image"),
        image_id=image_id,
        arn=image_arn,
        description=get_str(a, "description"),
        root_device_name=get_str(a, "root_device_name"),
        block_devices=_devices(a, "ebs_block_device"),
        tags=tags(a),
        **extra,
    )


@translates("aws_ami")
def ami(resource: Resource) -> Iterator[ModelObject]:
    yield _ami(resource, "ami")


@translates("aws_ami_copy", attrs={
    "source_ami": "source_ami_id",
    "source_ami_region": "source_ami_region",
    "encrypted": "encrypted",
    "kms_key": "kms_key_id",
})
def ami_copy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield _ami(
        resource,
        "copy",
        source_ami=req_str(a, "source_ami_id", "image copy"),
        source_ami_region=get_str(a, "source_ami_region"),
        # Provider default: encrypted = false; a kms_key_id without encrypted = true is an error.
        encrypted=bool_or(a, "encrypted", False),
        kms_key=get_str(a, "kms_key_id"),
    )


@translates("aws_ami_from_instance")
def ami_from_instance(resource: Resource) -> Iterator[ModelObject]:
    yield _ami(
        resource, "from_instance", source_instance=req_str(resource.attrs, "source_instance_id", "image")
    )


@translates("aws_ami_launch_permission", attrs={
    "image": "image_id",
    "account_id": "account_id",
    "group": "group",
    "organization_arn": "organization_arn",
    "organizational_unit_arn": "organizational_unit_arn",
})
def ami_launch_permission(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield LaunchPermission(
        **placement_fields(resource),
        image=req_str(a, "image_id", "launch permission"),
        account_id=get_str(a, "account_id"),
        group=get_str(a, "group"),
        organization_arn=get_str(a, "organization_arn"),
        organizational_unit_arn=get_str(a, "organizational_unit_arn"),
    )


@translates("aws_snapshot_create_volume_permission", attrs={
    "snapshot": "snapshot_id",
    "account_id": "account_id",
})
def snapshot_create_volume_permission(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield CreateVolumePermission(
        **placement_fields(resource),
        snapshot=req_str(a, "snapshot_id", "create volume permission"),
        account_id=req_str(a, "account_id", "create volume permission"),
    )


@translates("aws_ebs_snapshot", attrs={
    "volume": "volume_id",
    "encrypted": "encrypted",
    "kms_key": "kms_key_id",
})
def ebs_snapshot(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield EbsSnapshot(
        **placement_fields(resource),
        snapshot_id=computed(a, "id", resource.address),
        volume=req_str(a, "volume_id", "snapshot"),
        # A snapshot inherits the volume's encryption; the provider only reports it after apply.
        encrypted=get_bool(a, "encrypted"),
        kms_key=get_str(a, "kms_key_id"),
    )


@translates("aws_ebs_snapshot_copy", attrs={
    "source_snapshot": "source_snapshot_id",
    "source_region": "source_region",
    "encrypted": "encrypted",
    "kms_key": "kms_key_id",
})
def ebs_snapshot_copy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield EbsSnapshot(
        **placement_fields(resource),
        snapshot_id=computed(a, "id", resource.address),
        source_snapshot=req_str(a, "source_snapshot_id", "snapshot copy"),
        source_region=get_str(a, "source_region"),
        encrypted=get_bool(a, "encrypted"),
        kms_key=get_str(a, "kms_key_id"),
    )


@translates("aws_ebs_volume", attrs={
    "availability_zone": "availability_zone",
    "snapshot": "snapshot_id",
    "encrypted": "encrypted",
    "kms_key": "kms_key_id",
})
def ebs_volume(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield EbsVolume(
        **placement_fields(resource),
        volume_id=computed(a, "id", resource.address),
        availability_zone=get_str(a, "availability_zone"),
        snapshot=get_str(a, "snapshot_id"),
        encrypted=get_bool(a, "encrypted"),
        kms_key=get_str(a, "kms_key_id"),
    )


@translates("aws_ebs_default_kms_key")
def ebs_default_kms_key(resource: Resource) -> Iterator[ModelObject]:
    yield EbsDefaultKmsKey(
        **placement_fields(resource), key=req_str(resource.attrs, "key_arn", "EBS default key")
    )


@translates("aws_ebs_encryption_by_default")
def ebs_encryption_by_default(resource: Resource) -> Iterator[ModelObject]:
    yield EbsEncryptionByDefault(
        **placement_fields(resource), enabled=bool_or(resource.attrs, "enabled", True)
    )


def _root_and_ebs_devices(a: dict[str, Any]) -> tuple[BlockDevice, ...] | Unknown:
    """``root_block_device`` and ``ebs_block_device`` blocks (an instance and a launch configuration share them)."""
    devices: list[BlockDevice] = []
    unknown: Unknown | None = None
    root = blocks(a, "root_block_device")
    ebs = blocks(a, "ebs_block_device")
    for found, is_root in ((root, True), (ebs, False)):
        if isinstance(found, Unknown):
            unknown = found
            continue
        devices.extend(_device(b, root=is_root) for b in found)
    return unknown if unknown is not None else tuple(devices)


@translates("aws_instance", attrs={"image": "ami", "instance_profile": "iam_instance_profile"})
def instance(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    template = block(a, "launch_template")
    template_ref = first_set(attr(template, "id"), attr(template, "name"))
    yield Instance(
        **placement_fields(resource),
        instance_id=computed(a, "id", resource.address),
        image=get_str(a, "ami"),
        launch_template=_opt_str(template_ref, "launch_template"),
        block_devices=_root_and_ebs_devices(a),
        instance_profile=get_str(a, "iam_instance_profile"),
    )


@translates("aws_launch_configuration", attrs={"image": "image_id", "instance_profile": "iam_instance_profile"})
def launch_configuration(resource: Resource) -> Iterator[ModelObject]:
    """Provider docs ``r/launch_configuration``: ``name``/``name_prefix``, ``image_id``, ``iam_instance_profile``,
    ``root_block_device { encrypted }``, ``ebs_block_device { device_name, snapshot_id, encrypted }``."""
    a = resource.attrs
    yield LaunchConfiguration(
        **placement_fields(resource),
        name=get_str(a, "name"),
        image=get_str(a, "image_id"),
        block_devices=_root_and_ebs_devices(a),
        instance_profile=get_str(a, "iam_instance_profile"),
    )


@translates("aws_launch_template", attrs={"image": "image_id"})
def launch_template(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    mappings = blocks(a, "block_device_mappings")
    devices: tuple[BlockDevice, ...] | Unknown
    if isinstance(mappings, Unknown):
        devices = mappings
    else:
        out: list[BlockDevice] = []
        for m in mappings:
            ebs = block(m, "ebs")
            if ebs is None:
                continue  # instance-store / no_device mappings carry no EBS encryption
            if isinstance(ebs, Unknown):
                out.append(
                    BlockDevice(device_name=_opt_str(m.get("device_name"), "device_name"), encrypted=ebs)
                )
                continue
            # The provider types launch-template ebs.encrypted as a string ("true"/"false"); to_bool reads both.
            out.append(_device(ebs, device_name=m.get("device_name")))
        devices = tuple(out)
    profile = block(a, "iam_instance_profile")
    name = get_str(a, "name")
    yield LaunchTemplate(
        **placement_fields(resource),
        name=name,
        template_id=computed(a, "id", resource.address),
        image=get_str(a, "image_id"),
        block_devices=devices,
        instance_profile=_opt_str(
            first_set(attr(profile, "arn"), attr(profile, "name")), "iam_instance_profile"
        ),
    )


@translates("aws_imagebuilder_distribution_configuration", attrs={"name": "name"})
def imagebuilder_distribution(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    found = blocks(a, "distribution")
    targets: tuple[DistributionTarget, ...] | Unknown
    if isinstance(found, Unknown):
        targets = found
    else:
        items = []
        for d in found:
            ami_config = block(d, "ami_distribution_configuration")
            permission = sub(ami_config, "launch_permission")
            items.append(
                DistributionTarget(
                    region=str_or(
                        _opt_str(d.get("region"), "region"), Unknown("distribution region not set")
                    ),
                    kms_key=_opt_str(attr(ami_config, "kms_key_id"), "kms_key_id"),
                    target_account_ids=str_tuple(
                        attr(ami_config, "target_account_ids"), "target_account_ids"
                    ),
                    launch_account_ids=str_tuple(attr(permission, "user_ids"), "user_ids"),
                    launch_groups=str_tuple(attr(permission, "user_groups"), "user_groups"),
                    launch_organization_arns=str_tuple(
                        attr(permission, "organization_arns"), "organization_arns"
                    ),
                    launch_organizational_unit_arns=str_tuple(
                        attr(permission, "organizational_unit_arns"), "organizational_unit_arns"
                    ),
                )
            )
        targets = tuple(items)
    yield ImageDistribution(
        **placement_fields(resource), name=req_str(a, "name", "distribution"), targets=targets
    )


@translates("aws_autoscaling_group", attrs={"name": "name", "service_linked_role": "service_linked_role_arn",
                                           "launch_configuration": "launch_configuration"})
def autoscaling_group(resource: Resource) -> Iterator[ModelObject]:
    """Provider docs ``r/autoscaling_group``: ``launch_template { id | name }``,
    ``mixed_instances_policy { launch_template { launch_template_specification { launch_template_id |
    launch_template_name } } }``, ``service_linked_role_arn``."""
    a = resource.attrs
    template = block(a, "launch_template")
    spec = sub(sub(block(a, "mixed_instances_policy"), "launch_template"), "launch_template_specification")
    ref = first_set(attr(template, "id"), attr(template, "name"),
                    attr(spec, "launch_template_id"), attr(spec, "launch_template_name"))
    yield AutoScalingGroup(
        **placement_fields(resource),
        name=get_str(a, "name"),
        launch_template=_opt_str(ref, "launch_template"),
        launch_configuration=get_str(a, "launch_configuration"),
        service_linked_role=get_str(a, "service_linked_role_arn"),
    )


@translates("aws_autoscaling_notification", attrs={"groups": "group_names", "topic": "topic_arn"})
def autoscaling_notification(resource: Resource) -> Iterator[ModelObject]:
    """Provider docs ``r/autoscaling_notification``: ``group_names``, ``notifications``, ``topic_arn``."""
    a = resource.attrs
    groups = str_tuple(a.get("group_names"), "group_names")
    yield AutoScalingNotification(**placement_fields(resource), topic=req_str(a, "topic_arn", "notification"),
                                  groups=groups if isinstance(groups, tuple) else (groups,))
