"""Policy-bearing IAM resource types no translator models: the principals they name have unknown permissions.

Every policy-bearing IAM type iacsim knows is translated (``terraform/iam.py``, ``cloudformation/iam.py``).
A type added to a provider later (or one missed) must not silently leave a principal looking as if it had
only the permissions the scan saw: ``build_world`` asks :func:`unmodelled_grants` about every resource
without a translator, and a ``PermissionsGap`` marks each principal the resource names as incomplete.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.iam import PermissionsGap, PrincipalKind
from iacsim.model.translate.attrs import known_str_tuple
from iacsim.model.translate.cloudformation.common import iam_fields

_PRINCIPAL_ATTRS: tuple[tuple[PrincipalKind, tuple[str, ...]], ...] = (
    ("role", ("role", "role_name", "roles", "RoleName", "Roles")),
    ("user", ("user", "user_name", "users", "UserName", "Users")),
    ("group", ("group", "group_name", "groups", "GroupName", "Groups")),
)


def policy_bearing(type_name: str) -> bool:
    """An IAM resource type that can carry or attach a policy (by its name: ``…polic…``)."""
    return type_name.startswith(("aws_iam_", "AWS::IAM::")) and "polic" in type_name.lower()


def unmodelled_grants(resource: Resource) -> Iterator[PermissionsGap]:
    """One gap per principal an untranslated policy-bearing ``resource`` names (none for other types)."""
    if not policy_bearing(resource.type):
        return
    fields = iam_fields(resource)
    reason = f"{resource.address}: {resource.type} is not modelled by iacsim; the policies it grants are unknown"
    for kind, names in _PRINCIPAL_ATTRS:
        for attr in names:
            if attr in resource.attrs:
                for principal in known_str_tuple(resource.attrs[attr], attr):
                    yield PermissionsGap(**fields, principal_kind=kind, principal=principal, reason=reason)
