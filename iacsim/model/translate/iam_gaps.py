"""Grants the scan cannot see: the principals they may reach have unknown permissions.

Every policy-bearing IAM type iacsim knows is translated (``terraform/iam.py``, ``cloudformation/iam.py``).
A type added to a provider later (or one missed) must not silently leave a principal looking as if it had
only the permissions the scan saw: ``build_world`` asks :func:`unmodelled_grants` about every resource
without a translator, and a ``PermissionsGap`` marks each principal the resource names as incomplete.
Likewise a ``module`` call that is not downloaded (:func:`unread_module_gap`) and a policy or attachment
whose ``count``/``for_each``/``Condition`` is not known (:func:`maybe_absent`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.iam import InlinePolicy, ModuleGap, PermissionsGap, PolicyAttachment, PrincipalKind
from iacsim.model.ids import Ref
from iacsim.model.translate.attrs import known_str_tuple
from iacsim.model.translate.cloudformation.common import iam_fields
from iacsim.values import Unknown

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


INPUT_ONLY_SOURCES = re.compile(r"(^|[/:.])(terraform-aws-modules|cloudposse)/")
"""Module collections whose modules attach policies only to principals they create or are given as
inputs (they take every name and ARN as a variable and look no principal up by a name of their own), so a
principal the call does not pass them keeps its permissions."""

_MAX_INPUTS = 500
"""Values of one call's inputs looked at (a bound: a call given a huge map is still read in time)."""


def _refs(value: Any, out: list[Ref]) -> None:
    if len(out) >= _MAX_INPUTS:
        return
    if isinstance(value, str | Unknown):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _refs(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            _refs(item, out)


def unread_module_gap(resource: Resource) -> ModuleGap:
    """The gap a not-downloaded ``module`` call leaves (``Resource.mode == "module"``)."""
    source = str(resource.attrs.get("source", "?"))
    inputs: list[Ref] = []
    for name, value in resource.attrs.items():
        if name != "source":
            _refs(value, inputs)
    reason = (f"{resource.address} ({resource.source.file}:{resource.source.line}): module source {source!r} is "
              "not downloaded, so the policies it may attach are unknown (run `terraform init` so the module "
              "is downloaded)")
    return ModuleGap(**iam_fields(resource), inputs=tuple(dict.fromkeys(inputs)),
                     any_principal=INPUT_ONLY_SOURCES.search(source) is None, reason=reason)


def maybe_absent(fragments: list[ModelObject], resource: Resource) -> list[ModelObject]:
    """``fragments`` of a policy-bearing ``resource`` whose instances are not known (``Resource.repetition``):
    each policy or attachment becomes a gap on the principal it names, since it may or may not exist."""
    if resource.repetition is None:
        return fragments
    reason = (f"{resource.address}: {resource.repetition}; the policies it grants may or may not exist")
    out: list[ModelObject] = []
    for fragment in fragments:
        if isinstance(fragment, InlinePolicy | PolicyAttachment):
            out.append(PermissionsGap(**_fields(fragment), principal_kind=fragment.principal_kind,
                                      principal=fragment.principal, reason=reason))
        else:
            out.append(fragment)
    return out


def _fields(obj: ModelObject) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(ModelObject) if f.init}
