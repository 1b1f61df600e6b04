"""What the loader tells the model about code it could not evaluate in full.

docs/architecture.md §4 "Missing is unknown too": a principal whose permissions may come from something
the scan did not see has unknown permissions. Two such things are known only to the loader:

* a ``module`` call whose remote source is not downloaded: :func:`unread_module` records it as a
  :class:`Resource` of mode ``module`` carrying the inputs it was given (evaluated as far as the caller's
  scope allows), so the model can tell which roles, users and groups it could attach a policy to;
* a block whose ``count``/``for_each`` is not known statically: :func:`repetition` says so in words the
  reader can act on, and the loader stores it on each record (``Resource.repetition``) instead of quietly
  standing one instance for "zero or more".
"""

from __future__ import annotations

from typing import Any

from iacsim.load.hcl import EvalContext, evaluate
from iacsim.load.hcl.references import Traversal, references
from iacsim.load.resource import ModuleCall, Placement, Resource, SourceLocation
from iacsim.load.terraform.body import MODULE_META_ATTRS, force
from iacsim.load.terraform.module import Located
from iacsim.values import Unknown

MODULE_TYPE = "module"
"""``Resource.type`` of a not-downloaded module call (its ``mode`` is ``module``)."""


def _dotted(traversal: Traversal) -> str:
    return ".".join(str(step) for step in traversal[:3])


def repetition(located: Located, shape: str | Unknown) -> str | None:
    """Why the instances of ``located`` are not known (``for_each = var.roles is not known statically: …``),
    or None when ``shape`` (the evaluator's instance shape) is known."""
    if not isinstance(shape, Unknown):
        return None
    attributes = located.block.body.attributes
    meta = "count" if "count" in attributes else "for_each"
    expr = attributes.get(meta)
    read = ", ".join(dict.fromkeys(_dotted(t) for t in references(expr.expr))) if expr is not None else ""
    what = f"{meta} = {read}" if read else meta
    head, sep, cause = shape.reason.partition(" unknown: ")  # the evaluator's "for_each of <address> unknown: …"
    return f"{what} is not known statically ({cause if sep and head.startswith(meta) else shape.reason})"


def unread_module(located: Located, call: str, name: str, source: str, ctx: EvalContext,
                  placement: Placement, calls: tuple[ModuleCall, ...]) -> Resource:
    """The record of a ``module`` call whose source is not downloaded: its arguments as the caller gives them.

    The arguments are evaluated once in the caller's scope, with ``count.index``/``each`` unknown (the
    module's own instances do not matter here: any of them could attach a policy to what it is given).
    """
    instance = Unknown(f"the instances of {call} are not evaluated (its source is not downloaded)", call)
    scope = ctx.with_names(count={"index": instance}, each={"key": instance, "value": instance})
    body = located.block.body
    inputs: dict[str, Any] = {n: force(evaluate(a.expr, scope))
                              for n, a in body.attributes.items() if n not in MODULE_META_ATTRS}
    return Resource(
        type=MODULE_TYPE, address=call, attrs={"source": source, **inputs},
        source=SourceLocation(located.file, located.block.line, located.block.end_line),
        placement=placement, origin="terraform", mode="module", name=name,
        attr_lines={n: a.line for n, a in body.attributes.items()}, module_calls=calls,
    )
