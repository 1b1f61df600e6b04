"""A block body → attribute values, with nested blocks as lists of dicts and ``dynamic`` blocks expanded.

The shape is ``terraform show -json``'s: ``{"rule": [{"destination": [{...}]}]}``.
A ``dynamic "x"`` block yields one ``x`` entry per element of its ``for_each``,
evaluated with the iterator (``x`` or the ``iterator`` name) bound to
``{key, value}`` (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacsim.load.hcl import Body, EvalContext, Literal, Variable, evaluate
from iacsim.load.hcl.convert import PartialObject, TfSet
from iacsim.values import Unknown

RESOURCE_META_ATTRS = frozenset({"count", "for_each", "provider", "depends_on"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
MODULE_META_ATTRS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


MAP_ATTRIBUTES = frozenset({
    "tags", "tags_all", "default_tags", "labels", "variables", "parameters", "triggers", "metadata",
    "encryption_context_equals", "encryption_context_subset", "context", "environment_variables",
    "request_parameters", "request_templates", "response_parameters", "response_templates",
    "stage_variables", "options", "attributes", "properties", "settings", "annotations",
})
"""Map-typed arguments that hold objects in ``.tf.json`` and must stay objects."""


def json_blocks_as_lists(attrs: dict[str, Any]) -> dict[str, Any]:
    """``.tf.json`` nested blocks are plain objects; give them ``terraform show -json``'s list shape.

    Without the provider schema a block cannot be told from a map argument, so
    an object-valued argument is treated as a block unless its name is a known
    map argument (:data:`MAP_ATTRIBUTES`), recursively.
    """
    out: dict[str, Any] = {}
    for name, value in attrs.items():
        if name in MAP_ATTRIBUTES:
            out[name] = value
        elif isinstance(value, dict):
            out[name] = [json_blocks_as_lists(value)]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out[name] = [json_blocks_as_lists(v) for v in value]
        else:
            out[name] = value
    return out


def force(value: Any) -> Any:
    """Resolve thunks (lazy module outputs) left inside a value, so records hold plain data."""
    if callable(value):
        return force(value())
    if isinstance(value, PartialObject):
        # a resource object (passed through a module output): its unlisted attributes stay unknown
        return PartialObject({k: force(v) for k, v in value.items()}, value.ref)
    if isinstance(value, dict):
        return {k: force(v) for k, v in value.items()}
    if isinstance(value, TfSet):
        return TfSet(force(v) for v in value)  # stays a set: `for k, v in` a set gives the element as k
    if isinstance(value, list):
        return [force(v) for v in value]
    return value


def iteration_items(collection: Any) -> list[tuple[Any, Any]] | Unknown:
    """(key, value) pairs of a ``for_each`` collection: maps by key, lists/sets by position/element."""
    if isinstance(collection, Unknown):
        return collection
    if isinstance(collection, dict):
        return list(collection.items())
    if isinstance(collection, TfSet | set | frozenset):
        return [(v, v) for v in collection]  # Terraform: a set element's key is the element itself
    if isinstance(collection, list | tuple):
        return list(enumerate(collection))
    if collection is None:
        return []
    return Unknown(f"for_each over a {type(collection).__name__}, not a collection")


def _iterator_name(body: Body, default: str) -> str:
    attr = body.attributes.get("iterator")
    if attr is None:
        return default
    if isinstance(attr.expr, Variable):
        return attr.expr.name
    if isinstance(attr.expr, Literal) and isinstance(attr.expr.value, str):
        return attr.expr.value
    return default


def eval_body(body: Body, ctx: EvalContext, skip_attrs: frozenset[str] = frozenset(),
              skip_blocks: frozenset[str] = frozenset(),
              on_error: Callable[[int, str], None] | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """(attrs, attr_lines) of a body; ``skip_*`` drop meta-arguments (count, lifecycle…).

    ``attr_lines`` has top-level names and, for nested blocks, dotted paths (``rule.0.id``)."""
    attrs: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for name, attr in body.attributes.items():
        if name in skip_attrs:
            continue
        attrs[name] = force(evaluate(attr.expr, ctx))
        lines[name] = attr.line
    for block in body.blocks:
        if block.type in skip_blocks:
            continue
        if block.type == "dynamic" and block.labels:
            label = block.labels[0]
            lines.setdefault(label, block.line)
            expanded = _expand_dynamic(block.body, label, ctx, on_error)
            existing = attrs.get(label)
            if isinstance(expanded, Unknown) or isinstance(existing, Unknown):
                attrs[label] = expanded if isinstance(expanded, Unknown) else existing
            else:
                attrs[label] = [*(existing or []), *expanded]
            continue
        lines.setdefault(block.type, block.line)
        nested, nested_lines = eval_body(block.body, ctx, on_error=on_error)
        existing = attrs.get(block.type)
        index = len(existing) if isinstance(existing, list) else 0
        # Nested lines as dotted paths through the list-of-blocks shape: ``rule.0.apply_…``.
        lines.update({f"{block.type}.{index}.{key}": line for key, line in nested_lines.items()})
        if isinstance(existing, list):
            existing.append(nested)
        elif not isinstance(existing, Unknown):
            attrs[block.type] = [nested]
    return attrs, lines


def _expand_dynamic(body: Body, label: str, ctx: EvalContext,
                    on_error: Callable[[int, str], None] | None) -> list[dict[str, Any]] | Unknown:
    for_each = body.attributes.get("for_each")
    contents = body.blocks_of("content")
    if for_each is None or not contents:
        if on_error:
            on_error(body.line, f'dynamic "{label}" block needs for_each and a content block')
        return []
    items = iteration_items(force(evaluate(for_each.expr, ctx)))
    if isinstance(items, Unknown):
        return Unknown(f'dynamic "{label}" blocks unknown: {items.reason}')
    iterator = _iterator_name(body, label)
    out: list[dict[str, Any]] = []
    for key, value in items:
        inner = ctx.with_names(**{iterator: {"key": key, "value": value}})
        nested, _ = eval_body(contents[0].body, inner, on_error=on_error)
        out.append(nested)
    return out
