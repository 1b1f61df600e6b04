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
    fix_text: ClassVar[str | None] = None
    """The fix when it does not depend on the issue (else override :meth:`fix`)."""

    def applies(self, doc: Document) -> bool:
        name = doc.type.name
        return (self.only_types is None or name in self.only_types) and name not in self.skip_types

    def detail(self, doc: Document, issue: Issue) -> str:
        return issue.message

    def consequence(self, doc: Document, found: list[Issue]) -> str:
        """What AWS does about it, appended once to the message (``; AWS rejects it (…)``)."""
        return ""

    def fix(self, doc: Document, issue: Issue) -> str | None:
        return self.fix_text

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for doc in documents(ctx.world):
            if not self.applies(doc):
                continue
            found = [i for i in doc.issues() if i.code in self.codes]
            if found:
                # one finding per document (a finding's fingerprint is rule, file, resource), naming every issue
                message = f"{doc.type.label}: " + "; ".join(self.detail(doc, i) for i in found)
                message += self.consequence(doc, found)
                fixes = dict.fromkeys(f for f in (self.fix(doc, i) for i in found) if f)
                yield Hit(doc.obj, message, fix=" ".join(fixes) or None, attr=doc.attr)
