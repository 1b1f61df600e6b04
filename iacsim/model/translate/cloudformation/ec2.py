"""CloudFormation EC2 resources → :mod:`iacsim.model.ec2`.

AWS CloudFormation User Guide: ``AWS::EC2::Instance`` (``ImageId``, ``LaunchTemplate``,
``BlockDeviceMappings[].Ebs`` with ``Encrypted``/``KmsKeyId``, ``IamInstanceProfile``) and
``AWS::EC2::LaunchTemplate`` (``LaunchTemplateData``), ``AWS::AutoScaling::LaunchConfiguration`` (``ImageId``,
``IamInstanceProfile``, ``BlockDeviceMappings[].Ebs`` with ``Encrypted`` and ``SnapshotId``). CloudFormation has no resource that
registers an AMI or grants launch permissions; images reach templates as ids (often
``{{resolve:ssm:…}}``) and are distributed with ``AWS::ImageBuilder::DistributionConfiguration``
(``Distributions[]`` with ``Region`` and ``AmiDistributionConfiguration``: ``KmsKeyId``,
``TargetAccountIds``, ``LaunchPermissionConfiguration`` with ``UserIds``, ``UserGroups``,
``OrganizationArns``, ``OrganizationalUnitArns``), how CloudFormation users copy encrypted AMIs to
other regions and accounts and grant launch permissions. (Terraform's translators keep Image Builder
in their ``ec2`` module too, as the model does.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ec2 import (
    AutoScalingGroup,
    AutoScalingNotification,
    BlockDevice,
    DistributionTarget,
    EbsVolume,
    ImageDistribution,
    Instance,
    LaunchConfiguration,
    LaunchTemplate,
)
from iacsim.model.ids import Ref
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import get_str, placement_fields, req_str, str_tuple, to_bool, to_int
from iacsim.model.translate.cloudformation.common import deploy_time, field_of, first, items, mapping
from iacsim.values import Unknown


def _str(value: Any) -> str | Unknown | None:
    if value is None or isinstance(value, str | Unknown):
        return value
    return str(value)


def block_devices(value: Any) -> tuple[BlockDevice, ...] | Unknown:
    """``BlockDeviceMappings`` (instance and launch template share the shape); entries without
    ``Ebs`` (instance store, ``NoDevice``) hold no EBS encryption and are skipped."""
    found = items(value)
    if isinstance(found, Unknown):
        return found
    out: list[BlockDevice] = []
    for raw in found:
        entry = mapping(raw)
        if isinstance(entry, Unknown):
            return entry
        if entry is None:
            continue
        ebs = mapping(entry.get("Ebs"))
        if ebs is None:
            continue
        out.append(
            BlockDevice(
                device_name=_str(entry.get("DeviceName")),
                snapshot_id=_str(field_of(ebs, "SnapshotId")),
                encrypted=to_bool(field_of(ebs, "Encrypted"), "Encrypted"),
                kms_key=_str(field_of(ebs, "KmsKeyId")),
                volume_size=to_int(field_of(ebs, "VolumeSize"), "VolumeSize"),
                volume_type=_str(field_of(ebs, "VolumeType")),
            )
        )
    return tuple(out)


def _launch_template_ref(value: Any) -> Ref | None:
    spec = mapping(value)
    if spec is None or isinstance(spec, Unknown):
        return spec
    found: Ref | None = first(_str(spec.get("LaunchTemplateId")), _str(spec.get("LaunchTemplateName")))
    return found


@translates("AWS::EC2::Instance", attrs={
    "image": "ImageId",
    "launch_template": "LaunchTemplate",
    "block_devices": "BlockDeviceMappings",
    "instance_profile": "IamInstanceProfile",
})
def ec2_instance(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield Instance(
        **placement_fields(resource),
        instance_id=deploy_time(resource, "Ref", "the instance id"),
        image=get_str(a, "ImageId"),
        launch_template=_launch_template_ref(a.get("LaunchTemplate")),
        block_devices=block_devices(a.get("BlockDeviceMappings")),
        instance_profile=get_str(a, "IamInstanceProfile"),
    )


@translates("AWS::EC2::LaunchTemplate", attrs={"name": "LaunchTemplateName"})
def ec2_launch_template(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    data = mapping(a.get("LaunchTemplateData"))
    profile = mapping(field_of(data, "IamInstanceProfile"))
    instance_profile: Ref | None = (
        profile
        if isinstance(profile, Unknown)
        else first(_str(field_of(profile, "Arn")), _str(field_of(profile, "Name")))
    )
    yield LaunchTemplate(
        **placement_fields(resource),
        name=get_str(a, "LaunchTemplateName"),
        template_id=deploy_time(resource, "Ref", "the launch template id"),
        image=_str(field_of(data, "ImageId")),
        block_devices=block_devices(field_of(data, "BlockDeviceMappings")),
        instance_profile=instance_profile,
    )


@translates("AWS::AutoScaling::LaunchConfiguration", attrs={
    "name": "LaunchConfigurationName",
    "image": "ImageId",
    "block_devices": "BlockDeviceMappings",
    "instance_profile": "IamInstanceProfile",
})
def launch_configuration(resource: Resource) -> Iterator[ModelObject]:
    """``AWS::AutoScaling::LaunchConfiguration``: its ``BlockDeviceMappings`` have the instance's shape (without
    ``KmsKeyId``: the volumes use the account's default EBS key)."""
    a = resource.attrs
    yield LaunchConfiguration(
        **placement_fields(resource),
        name=get_str(a, "LaunchConfigurationName"),
        image=get_str(a, "ImageId"),
        block_devices=block_devices(a.get("BlockDeviceMappings")),
        instance_profile=get_str(a, "IamInstanceProfile"),
    )


@translates("AWS::AutoScaling::AutoScalingGroup", attrs={
    "name": "AutoScalingGroupName",
    "launch_template": "LaunchTemplate",
    "launch_configuration": "LaunchConfigurationName",
    "service_linked_role": "ServiceLinkedRoleARN",
})
def autoscaling_group(resource: Resource) -> Iterator[ModelObject]:
    """``LaunchTemplate`` or ``MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification``
    ({``LaunchTemplateId`` | ``LaunchTemplateName``}), ``ServiceLinkedRoleARN``."""
    a = resource.attrs
    mixed = mapping(field_of(mapping(a.get("MixedInstancesPolicy")), "LaunchTemplate"))
    spec = field_of(mixed, "LaunchTemplateSpecification")
    yield AutoScalingGroup(
        **placement_fields(resource),
        name=get_str(a, "AutoScalingGroupName"),
        launch_template=first(_launch_template_ref(a.get("LaunchTemplate")), _launch_template_ref(spec)),
        launch_configuration=get_str(a, "LaunchConfigurationName"),
        service_linked_role=get_str(a, "ServiceLinkedRoleARN"),
    )
    configurations = a.get("NotificationConfigurations", a.get("NotificationConfiguration"))
    for configuration in configurations if isinstance(configurations, list) else [configurations]:
        topic = field_of(mapping(configuration), "TopicARN") if configuration is not None else None
        if isinstance(topic, str | Unknown):
            yield AutoScalingNotification(**placement_fields(resource), groups=(resource.address,), topic=topic)


@translates("AWS::EC2::Volume", attrs={
    "availability_zone": "AvailabilityZone",
    "snapshot": "SnapshotId",
    "encrypted": "Encrypted",
    "kms_key": "KmsKeyId",
})
def ec2_volume(resource: Resource) -> Iterator[ModelObject]:
    """``AWS::EC2::Volume``: ``AvailabilityZone``, ``SnapshotId``, ``Encrypted``, ``KmsKeyId`` ("If
    KmsKeyId is specified, the encrypted state must be true")."""
    a = resource.attrs
    yield EbsVolume(
        **placement_fields(resource),
        volume_id=deploy_time(resource, "Ref", "the volume id"),
        availability_zone=get_str(a, "AvailabilityZone"),
        snapshot=get_str(a, "SnapshotId"),
        encrypted=to_bool(a.get("Encrypted"), "Encrypted"),
        kms_key=get_str(a, "KmsKeyId"),
    )


def _target(raw: Any) -> DistributionTarget:
    entry = mapping(raw)
    ami = mapping(field_of(entry, "AmiDistributionConfiguration"))
    launch = mapping(field_of(ami, "LaunchPermissionConfiguration"))
    region = field_of(entry, "Region")
    key = field_of(ami, "KmsKeyId")
    return DistributionTarget(
        region=region if isinstance(region, str | Unknown) else Unknown("Distributions[].Region not set"),
        kms_key=key if isinstance(key, str | Unknown) else None,
        target_account_ids=str_tuple(field_of(ami, "TargetAccountIds"), "TargetAccountIds"),
        launch_account_ids=str_tuple(field_of(launch, "UserIds"), "UserIds"),
        launch_groups=str_tuple(field_of(launch, "UserGroups"), "UserGroups"),
        launch_organization_arns=str_tuple(field_of(launch, "OrganizationArns"), "OrganizationArns"),
        launch_organizational_unit_arns=str_tuple(
            field_of(launch, "OrganizationalUnitArns"), "OrganizationalUnitArns"
        ),
    )


@translates("AWS::ImageBuilder::DistributionConfiguration", attrs={"name": "Name"})
def distribution_configuration(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    found = items(a.get("Distributions"))
    yield ImageDistribution(
        **placement_fields(resource),
        name=req_str(a, "Name", "distribution configuration"),
        targets=found if isinstance(found, Unknown) else tuple(_target(d) for d in found),
    )
