"""Provenance: which input format a model object was written in, and on which line each attribute is.

Findings should point at the line that is wrong (``enable_key_rotation = false``), not only at the
resource, and fixes must be written in the input's own language. Rules read the model, whose
attribute names are the same for every format (``rotation_enabled``); the translator of each resource
type declares, once, which source attribute each model attribute comes from
(``@translates("aws_kms_key", attrs={"rotation_enabled": "enable_key_rotation"})``), so a rule names
the model attribute and :meth:`Provenance.line_of` finds the line in whichever format it was written.

Terraform plan JSON carries no lines for attributes (``terraform show -json`` output is one resource
record per address): objects from a plan fall back to the line of their resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from iacsim.load.resource import ModuleCall, Origin


@dataclass(frozen=True)
class Provenance:
    """Where a model object came from, beyond its file and resource line (``ModelObject.source``)."""

    origin: Origin | None = None
    """The input format (``terraform``, ``tfplan``, ``cloudformation``); None for objects not built
    from a loader resource (hand-made in tests)."""
    attr_lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each source attribute as written (``enable_key_rotation``, ``EnableKeyRotation``;
    nested ones as dotted paths where the loader records them)."""
    attr_names: Mapping[str, str] = field(default_factory=dict)
    """Model attribute name → source attribute name, as the resource type's translator declares it."""
    module_calls: tuple[ModuleCall, ...] = ()
    """The ``module`` blocks the resource was created through, outermost first (Terraform HCL)."""
    attr_vars: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Source attribute name → the module variables its expression reads (inside a module only)."""

    def source_name(self, attr: str) -> str | None:
        """The source attribute model attribute ``attr`` is read from, when the translator declares it."""
        return self.attr_names.get(attr)

    def line_of(self, attr: str) -> int | None:
        """The line of model attribute ``attr``, or None when the source does not say (not written,
        not declared by the translator, or a plan)."""
        source_name = self.attr_names.get(attr)
        return None if source_name is None else self.attr_lines.get(source_name)


NO_PROVENANCE = Provenance()
"""The provenance of objects not built from a loader resource."""
