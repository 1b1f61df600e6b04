"""A policy-validation rule: the issues of some codes, on some policy types, each a finding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.policy.validate import Issue
from iacsim.rules.base import Hit, Rule, RuleContext
from iacsim.rules.policy._documents import Document, documents


class IssueRule(Rule):
    """Reports each :class:`~iacsim.policy.validate.Issue` whose code is in ``codes`` on the documents ``applies``
    to; subclasses set the codes and may word the message and the fix."""

    codes: ClassVar[frozenset[str]]
    only_types: ClassVar[frozenset[str] | None] = None
    """Policy types the rule is about (None: all but ``skip_types``)."""
    skip_types: ClassVar[frozenset[str]] = frozenset()

    def applies(self, doc: Document) -> bool:
        name = doc.type.name
        return (self.only_types is None or name in self.only_types) and name not in self.skip_types

    def message(self, doc: Document, issue: Issue) -> str:
        return f"{doc.type.label}: {issue.message}"

    def fix(self, doc: Document, issue: Issue) -> str | None:
        return None

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for doc in documents(ctx.world):
            if not self.applies(doc):
                continue
            for issue in doc.issues():
                if issue.code in self.codes:
                    yield Hit(doc.obj, self.message(doc, issue), fix=self.fix(doc, issue), attr=doc.attr)
