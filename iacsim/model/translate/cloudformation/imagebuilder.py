"""CloudFormation ``AWS::ImageBuilder::DistributionConfiguration`` → :class:`ImageDistribution`.

AWS CloudFormation User Guide, ``AWS::ImageBuilder::DistributionConfiguration``:
``Distributions[]`` with ``Region`` and ``AmiDistributionConfiguration`` (``KmsKeyId``,
``TargetAccountIds``, ``LaunchPermissionConfiguration`` with ``UserIds``, ``UserGroups``,
``OrganizationArns``, ``OrganizationalUnitArns``). This is how CloudFormation users copy
encrypted AMIs to other regions and accounts and grant launch permissions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ec2 import DistributionTarget, ImageDistribution
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import placement_fields, req_str, str_tuple
from iacsim.model.translate.cloudformation.common import field_of, items, mapping
from iacsim.values import Unknown


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


@translates("AWS::ImageBuilder::DistributionConfiguration")
def distribution_configuration(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    found = items(a.get("Distributions"))
    yield ImageDistribution(
        **placement_fields(resource),
        name=req_str(a, "Name", "distribution configuration"),
        targets=found if isinstance(found, Unknown) else tuple(_target(d) for d in found),
    )
