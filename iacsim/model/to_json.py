"""``world_to_json``: the documented, versioned JSON form of a :class:`World`.

The JSON mirrors the dataclasses field by field, so ``world.account(a).region(r).keys[0].arn``
is ``json["accounts"][a]["regions"][r]["keys"][0]["arn"]``:

* every model object gets ``"kind"`` (its class name) before its fields;
* an :class:`~iacsim.values.Unknown` becomes ``{"unknown": reason, "ref": address-or-null}``;
* tuples become arrays, mappings objects, ``SourceLocation`` ``{"file", "line", "end_line"}``;
* private fields (``_…``) and properties are not part of the output.

The schema is ``docs/model-schema.json`` (generated from these classes by
:mod:`iacsim.model.schema`, described in ``docs/model-schema.md``). Secret values
never reach this output because the model never holds them (see :mod:`iacsim.model.ssm`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from iacsim.model.base import ModelObject
from iacsim.model.world import World
from iacsim.values import Unknown

SCHEMA_VERSION = "1.0"
"""Bumped on any incompatible change of the JSON form (removed/renamed field, changed meaning)."""


_PUBLIC_FIELDS: dict[type, tuple[str, ...]] = {}


def public_fields(cls: type) -> tuple[str, ...]:
    """Names of the serialized fields of a dataclass (cached: called once per object)."""
    names = _PUBLIC_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))
        _PUBLIC_FIELDS[cls] = names
    return names


def to_json_value(value: Any) -> Any:
    """A JSON-ready form of any model value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Unknown):
        return {"unknown": value.reason, "ref": value.ref}
    cls = type(value)
    if hasattr(cls, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        if isinstance(value, ModelObject):
            out["kind"] = cls.__name__
        for name in public_fields(cls):
            out[name] = to_json_value(getattr(value, name))
        return out
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((to_json_value(v) for v in value), key=repr)
    # Only loader values (JSON-like) reach here; an exotic number type from an evaluator must not stop
    # the report, and model objects never hold secret values, so its string form is safe to print.
    return str(value)


def world_to_json(world: World) -> dict[str, Any]:
    """The model section of the report and the output of ``iacsim translate``."""
    body = to_json_value(world)
    assert isinstance(body, dict)
    return {"schema_version": SCHEMA_VERSION, **body}
