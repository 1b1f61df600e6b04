"""Pure EC2 image rules: launch permissions, organization membership, block device mappings.

Sources:
- ModifyImageAttribute / LaunchPermissionModifications / LaunchPermission API reference:
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html
- "Share an AMI with organizations or OUs" (an OU share covers its child OUs):
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/share-amis-with-organizations-and-OUs.html
- "Share an AMI with specific AWS accounts" (aws/ebs-encrypted AMIs cannot be shared):
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html
- RunInstances / EbsBlockDevice (KmsKeyId needs Encrypted; encrypted snapshots stay encrypted):
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html
- docs/aws-behaviour.md §12.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from iacsim.aws.arn import PARTITION_PATTERN
from iacsim.aws.violation import Violation

_ACCOUNT = re.compile(r"\d{12}")
_ORG_ARN = re.compile(rf"arn:{PARTITION_PATTERN}:organizations::\d{{12}}:organization/o-[a-z0-9]{{10,32}}")
_OU_ARN = re.compile(
    rf"arn:{PARTITION_PATTERN}:organizations::\d{{12}}:ou/o-[a-z0-9]{{10,32}}/ou-[0-9a-z]{{4,32}}-[0-9a-z]{{8,32}}"
)

PUBLIC_GROUP: Final = "all"


@dataclass(frozen=True)
class LaunchPermission:
    """One entry of an image's launch permissions: exactly one field is set."""

    user_id: str | None = None
    group: str | None = None
    """Only ``"all"`` (public) exists."""
    organization_arn: str | None = None
    organizational_unit_arn: str | None = None

    def to_dict(self) -> dict[str, str]:
        """As DescribeImageAttribute returns it."""
        if self.user_id is not None:
            return {"UserId": self.user_id}
        if self.group is not None:
            return {"Group": self.group}
        if self.organization_arn is not None:
            return {"OrganizationArn": self.organization_arn}
        return {"OrganizationalUnitArn": self.organizational_unit_arn or ""}


@dataclass(frozen=True)
class OrgMembership:
    """Where an account sits in AWS Organizations (for organization and OU shares)."""

    organization_arn: str
    ou_path: tuple[str, ...] = ()
    """OU ARNs from the root down to the account's own OU (an OU share covers child OUs)."""


def parse_launch_permission(entry: Mapping[str, Any]) -> LaunchPermission | Violation:
    """Validate one LaunchPermission structure (``UserId`` | ``Group`` | ``OrganizationArn`` |
    ``OrganizationalUnitArn``)."""
    fields = {k: v for k, v in entry.items() if v is not None}
    if len(fields) != 1:
        return Violation(
            "InvalidParameterCombination",
            "A launch permission names exactly one of UserId, Group, OrganizationArn, OrganizationalUnitArn.",
        )
    (name, value), *_ = fields.items()
    if not isinstance(value, str):
        return Violation("InvalidParameterValue", f"{name} must be a string.")
    if name == "UserId":
        if not _ACCOUNT.fullmatch(value):
            return Violation(
                "InvalidAMIAttributeItemValue",
                f'Invalid attribute item value "{value}" for userId item type.',
            )
        return LaunchPermission(user_id=value)
    if name == "Group":
        if value != PUBLIC_GROUP:
            return Violation(
                "InvalidAMIAttributeItemValue", f'Invalid attribute item value "{value}" for group item type.'
            )
        return LaunchPermission(group=value)
    if name == "OrganizationArn":
        if not _ORG_ARN.fullmatch(value):
            return Violation("InvalidParameterValue", f"{value} is not a valid organization ARN.")
        return LaunchPermission(organization_arn=value)
    if name == "OrganizationalUnitArn":
        if not _OU_ARN.fullmatch(value):
            return Violation("InvalidParameterValue", f"{value} is not a valid organizational unit ARN.")
        return LaunchPermission(organizational_unit_arn=value)
    return Violation("InvalidParameterValue", f"Unknown launch permission field {name}.")


def launch_permitted(
    owner: str,
    account: str,
    permissions: Iterable[LaunchPermission],
    membership: OrgMembership | None,
) -> tuple[bool, str]:
    """Whether ``account`` may launch an image owned by ``owner``, and why.

    The owner always may; otherwise a public (``all``) permission, the account id, the account's
    organization, or any OU on its path (a share with an OU includes its child OUs).
    """
    if account == owner:
        return True, f"account {account} owns the image"
    for permission in permissions:
        if permission.group == PUBLIC_GROUP:
            return True, "the image is public (launch permission group 'all')"
        if permission.user_id == account:
            return True, f"launch permission for account {account}"
        if membership is not None:
            if permission.organization_arn == membership.organization_arn:
                return True, f"launch permission for organization {membership.organization_arn}"
            if permission.organizational_unit_arn in membership.ou_path:
                return True, f"launch permission for OU {permission.organizational_unit_arn}"
    where = "" if membership is None else f" (organization {membership.organization_arn})"
    return False, f"no launch permission of the image names account {account}{where}, its organization or OUs"


def check_ebs_encryption_flags(
    encrypted: bool | None, kms_key_id: str | None, source_encrypted: bool
) -> Violation | None:
    """EbsBlockDevice rules: ``KmsKeyId`` requires ``Encrypted=true``; a volume from an encrypted
    snapshot cannot be made unencrypted ("Encrypted → unencrypted is impossible", docs/aws-behaviour.md §12)."""
    if kms_key_id is not None and encrypted is not True:
        return Violation(
            "InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set."
        )
    if source_encrypted and encrypted is False:
        return Violation(
            "InvalidParameterCombination",
            "A volume created from an encrypted snapshot must be encrypted; Encrypted=false is not allowed.",
        )
    return None
