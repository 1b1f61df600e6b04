"""Pure EC2 image rules (iacsim.sim.ec2.rules)."""

from __future__ import annotations

from iacsim.aws.violation import Violation
from iacsim.sim.ec2.rules import (
    LaunchPermission,
    OrgMembership,
    check_ebs_encryption_flags,
    launch_permitted,
    parse_launch_permission,
)

OWNER = "111111111111"
TARGET = "222222222222"
ORG = "arn:aws:organizations::999999999999:organization/o-abcdefghij"
OU_PARENT = "arn:aws:organizations::999999999999:ou/o-abcdefghij/ou-ab12-parent01"
OU_CHILD = "arn:aws:organizations::999999999999:ou/o-abcdefghij/ou-ab12-child001"


def test_launch_permission_fields_parse() -> None:
    assert parse_launch_permission({"UserId": TARGET}) == LaunchPermission(user_id=TARGET)
    assert parse_launch_permission({"Group": "all"}) == LaunchPermission(group="all")
    assert parse_launch_permission({"OrganizationArn": ORG}) == LaunchPermission(organization_arn=ORG)
    assert parse_launch_permission({"OrganizationalUnitArn": OU_CHILD}) == LaunchPermission(
        organizational_unit_arn=OU_CHILD
    )


def test_launch_permission_with_bad_account_or_two_fields_is_refused() -> None:
    bad = parse_launch_permission({"UserId": "12345"})
    assert isinstance(bad, Violation)
    assert bad.code == "InvalidAMIAttributeItemValue"
    both = parse_launch_permission({"UserId": TARGET, "Group": "all"})
    assert isinstance(both, Violation)
    assert both.code == "InvalidParameterCombination"


def test_owner_can_always_launch() -> None:
    assert launch_permitted(OWNER, OWNER, [], None)[0]


def test_account_launch_permission_allows_that_account_only() -> None:
    permissions = [LaunchPermission(user_id=TARGET)]
    assert launch_permitted(OWNER, TARGET, permissions, None)[0]
    allowed, reason = launch_permitted(OWNER, "333333333333", permissions, None)
    assert not allowed
    assert "333333333333" in reason


def test_organization_launch_permission_allows_member_accounts() -> None:
    permissions = [LaunchPermission(organization_arn=ORG)]
    assert launch_permitted(OWNER, TARGET, permissions, OrgMembership(ORG))[0]
    assert not launch_permitted(OWNER, TARGET, permissions, None)[0]


def test_ou_launch_permission_covers_child_ous() -> None:
    permissions = [LaunchPermission(organizational_unit_arn=OU_PARENT)]
    member = OrgMembership(ORG, (OU_PARENT, OU_CHILD))
    assert launch_permitted(OWNER, TARGET, permissions, member)[0]
    sibling = OrgMembership(ORG, (OU_CHILD,))
    assert not launch_permitted(OWNER, TARGET, permissions, sibling)[0]


def test_public_image_is_launchable_by_anyone() -> None:
    assert launch_permitted(OWNER, TARGET, [LaunchPermission(group="all")], None)[0]


def test_kms_key_id_without_encrypted_is_refused() -> None:
    violation = check_ebs_encryption_flags(None, "alias/ebs", False)
    assert isinstance(violation, Violation)
    assert violation.code == "InvalidParameterDependency"


def test_encrypted_snapshot_cannot_become_unencrypted() -> None:
    violation = check_ebs_encryption_flags(False, None, True)
    assert isinstance(violation, Violation)
    assert violation.code == "InvalidParameterCombination"
    assert check_ebs_encryption_flags(True, "alias/ebs", True) is None
