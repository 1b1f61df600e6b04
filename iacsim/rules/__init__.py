"""Static checks on the model, each with a stable id (``KMS001``) and documentation.

Add a rule by adding a module under a family package (``iacsim/rules/kms/``)
that defines one :class:`~iacsim.rules.base.Rule` subclass, and a case file
``tests/rules/cases/<ID>.yml`` with at least one failing and one passing case.
"""

from iacsim.rules.base import Hit, Rule, RuleContext
from iacsim.rules.registry import all_rules, metadata, rule_by_id, run_rules

__all__ = ["Hit", "Rule", "RuleContext", "all_rules", "metadata", "rule_by_id", "run_rules"]
