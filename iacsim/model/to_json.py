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


def to_json_value(value: Any) -> Any:
    """A JSON-ready form of any model value."""
    if isinstance(value, Unknown):
        return {"unknown": value.reason, "ref": value.ref}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        if isinstance(value, ModelObject):
            out["kind"] = type(value).__name__
        for f in dataclasses.fields(value):
            if not f.name.startswith("_"):
                out[f.name] = to_json_value(getattr(value, f.name))
        return out
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((to_json_value(v) for v in value), key=repr)
    # Anything else is a model bug; fail loudly rather than print an unexpected repr.
    raise TypeError(f"cannot serialize {type(value).__name__} in the model JSON")


def world_to_json(world: World) -> dict[str, Any]:
    """The model section of the report and the output of ``iacsim translate``."""
    body = to_json_value(world)
    assert isinstance(body, dict)
    return {"schema_version": SCHEMA_VERSION, **body}
