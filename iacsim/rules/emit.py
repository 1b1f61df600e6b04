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
from iacsim.findings import Finding
from iacsim.model.base import ModelObject
from iacsim.rules.base import Rule


def rule_enabled(rule: type[Rule], config: Config) -> bool:
    """False when the configuration turns the rule off (then it need not even run)."""
    setting = config.rules.get(rule.id)
    return setting is None or setting.enabled


def build_finding(rule: type[Rule], config: Config, obj: ModelObject, message: str, *, fix: str | None = None,
                  line: int | None = None, flow: str | None = None) -> Finding | None:
    """The finding ``rule`` reports on ``obj``, or None when the configuration disables the rule.

    ``line`` is a more precise line than the object's own, when the rule knows it; ``flow`` names the
    replayed flow the finding comes from.
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
    )
