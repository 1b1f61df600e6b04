"""What a ``PARSE…`` rule is: a documented ``parse-error`` rule whose findings come from diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.rules.base import Hit, Rule, RuleContext


class ParseRule(Rule):
    """A ``parse-error`` rule: the loaders and the model builder report these problems as diagnostics while
    they read the input, and :mod:`iacsim.rules.parse.diagnostics` turns each into a finding of its rule.
    ``check`` finds nothing on the model by itself.
    """

    category: ClassVar[str] = "parse-error"
    reported_in: ClassVar[str] = "findings"
    """``coverage`` for a rule that documents notices (docs/architecture.md §4 "Notices are not findings"):
    its cases match the report's coverage notices, and it never produces a finding."""

    @classmethod
    def allowed_categories(cls) -> tuple[str, ...]:
        return ("parse-error",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        return iter(())
