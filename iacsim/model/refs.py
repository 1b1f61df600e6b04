"""Replacing after-apply Unknowns inside documents once something knows their value.

A policy written against ``aws_kms_key.db.arn`` holds ``Unknown(ref="aws_kms_key.db.arn")``
when the input (a plan, a CloudFormation ``!GetAtt``) only knows the ARN after deployment.
A flow that created that key in the simulated cloud knows its simulated ARN; this module
puts such values in, leaving every other Unknown as it is::

    resolved = substitute_unknowns(doc, lambda u: sim_arns.get(world.deref(u)))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from iacsim.model.world import World
from iacsim.values import Unknown

Resolver = Callable[[Unknown], Any | None]
"""Returns the value for an Unknown, or None to keep it unknown."""


def substitute_unknowns(value: Any, resolve: Resolver) -> Any:
    """A copy of ``value`` (JSON-like) with each Unknown replaced by ``resolve(unknown)`` when not None."""
    if isinstance(value, Unknown):
        found = resolve(value)
        return value if found is None else found
    if isinstance(value, Mapping):
        return {k: substitute_unknowns(v, resolve) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute_unknowns(v, resolve) for v in value]
    if isinstance(value, tuple):
        return tuple(substitute_unknowns(v, resolve) for v in value)
    return value


def model_value_resolver(world: World) -> Resolver:
    """Resolve ``Unknown(ref="<address>.<attr>")`` to the model object's attribute when the model knows it
    (e.g. a bucket ARN the loader left unknown but the model derived from the bucket name)."""

    def resolve(unknown: Unknown) -> Any | None:
        found = world.deref(unknown)
        if found is None:
            return None
        obj, attr = found
        if not attr or "." in attr or "[" in attr:
            return None
        known = getattr(obj, attr, None)
        return known if isinstance(known, str | int | bool) else None

    return resolve
