"""The one place a rule's hit becomes a :class:`~iacsim.findings.Finding`.

Static rules (:func:`iacsim.rules.registry.run_rules`) and replayed flows
(:func:`iacsim.flows.engine.run_flows`) both report through :func:`build_finding`,
so the user's settings apply the same way to both: ``rules.<ID>.enabled: false``
drops the finding, ``rules.<ID>.severity`` overrides the rule's default, and an
inline ``iacsim:ignore <ID>`` on the resource marks it suppressed (kept in the
report, not counted). This module sits below the renderers and imports none.
"""

from __future__ import annotations

from iacsim.config import Config
from iacsim.findings import Finding, ModuleCallSite
from iacsim.model.base import ModelObject
from iacsim.rules.base import Rule


def rule_enabled(rule: type[Rule], config: Config) -> bool:
    """False when the configuration turns the rule off (then it need not even run): ``rules: {ID: {enabled:
    false}}``, or a customer-managed-key rule whose service ``encryption.customer_managed_key`` does not list."""
    service = rule.customer_managed_key_service
    if service is not None and not config.requires_customer_managed_key(service):
        return False
    setting = config.rules.get(rule.id)
    return setting is None or setting.enabled


def module_call_sites(obj: ModelObject, attr: str | None = None) -> tuple[ModuleCallSite, ...]:
    """The ``module`` blocks ``obj``'s resource was created through, outermost first.

    When the finding is about model attribute ``attr`` and its source attribute reads a module variable,
    each call names the argument that fed it (and points at that argument's line); a value passed through
    several modules is followed outward as long as each argument reads the enclosing module's variable.
    """
    provenance = obj.provenance
    source = provenance.source_name(attr) if attr is not None else None
    wanted = set(provenance.attr_vars.get(source, ())) if source is not None else set()
    sites: list[ModuleCallSite] = []
    for call in reversed(provenance.module_calls):  # innermost first: the variable names are the callee's
        argument = next((a for a in call.arguments if a.name in wanted), None)
        sites.append(ModuleCallSite(module=call.address, file=call.file,
                                    line=argument.line if argument else call.line,
                                    argument=argument.name if argument else None))
        wanted = set(argument.reads) if argument else set()
    return tuple(reversed(sites))


def build_finding(rule: type[Rule], config: Config, obj: ModelObject, message: str, *, fix: str | None = None,
                  line: int | None = None, flow: str | None = None, attr: str | None = None) -> Finding | None:
    """The finding ``rule`` reports on ``obj``, or None when the configuration disables the rule.

    ``line`` is a more precise line than the object's own, when the rule knows it; ``flow`` names the
    replayed flow the finding comes from; ``attr`` the model attribute it is about (for a resource inside
    a module, the finding then names the module argument that fed it).
    """
    if not rule_enabled(rule, config):
        return None
    setting = config.rules.get(rule.id)
    severity = setting.severity if setting is not None and setting.severity else rule.severity
    ignore = next((s for s in obj.suppressions if s.rule_id.upper() == rule.id), None)
    return Finding(
        rule_id=rule.id, severity=severity, category=rule.category, resource=obj.address,
        file=obj.source.file, line=line or obj.source.line, message=message, fix=fix,
        suppressed=ignore is not None, suppression_reason=ignore.reason if ignore else None, flow=flow,
        module_calls=module_call_sites(obj, attr),
    )
