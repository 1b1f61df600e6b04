"""Helpers shared by the CloudFormation translators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.ids import GLOBAL_REGION
from iacsim.model.translate.attrs import placement_fields, status_bool
from iacsim.values import Unknown


def deploy_time(resource: Resource, attribute: str, what: str) -> Unknown:
    """A value CloudFormation generates at deploy time, referencing this resource's attribute."""
    return Unknown(f"{what} is generated when the stack is deployed", f"{resource.address}.{attribute}")


def iam_fields(resource: Resource) -> dict[str, Any]:
    """Placement of a global IAM object: the stack's account, region ``global``."""
    fields = placement_fields(resource)
    fields["region"] = GLOBAL_REGION
    fields["region_assumed"] = False
    return fields


def mapping(value: Any) -> dict[str, Any] | Unknown | None:
    """A nested property structure (CloudFormation writes single blocks as mappings)."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, Mapping):
        return dict(value)
    return Unknown(f"expected a structure, got {type(value).__name__}")


def items(value: Any) -> list[Any] | Unknown:
    """A list property (a missing one is empty)."""
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    if isinstance(value, list | tuple):
        return list(value)
    return Unknown(f"expected a list, got {type(value).__name__}")


def field_of(structure: dict[str, Any] | Unknown | None, name: str) -> Any:
    """A field of a possibly unknown structure (its Unknown when the structure is unknown)."""
    if structure is None:
        return None
    if isinstance(structure, Unknown):
        return structure
    return structure.get(name)


def status_of(structure: dict[str, Any] | Unknown | None, name: str) -> bool | Unknown | None:
    """``{Name: {Status: Enabled}}`` → True; absent → None."""
    inner = mapping(field_of(structure, name))
    if inner is None:
        return None
    return status_bool(field_of(inner, "Status"), f"{name}.Status")


def first(*values: Any) -> Any:
    """The first value that is set (not None). Unlike ``a or b`` it never asks an ``Unknown`` for
    its truth value (which raises) and keeps empty strings only when nothing else is set."""
    for value in values:
        if value is not None and value != "":
            return value
    return None
