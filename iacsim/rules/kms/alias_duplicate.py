from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from iacsim.model.kms import KmsAlias
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext


class AliasNameDuplicate(Rule):
    """Two aliases with the same name in one account and region.

    What it does:
        Groups aliases by account, region and name, and flags every alias after the first.
    Why it matters:
        An alias name is unique per account and region; the second CreateAlias fails with
        AlreadyExistsException. This often comes with a replica or module deployed into the wrong
        region.
    Example:
        resource "aws_kms_alias" "a" { name = "alias/orders" ... }
        resource "aws_kms_alias" "b" { name = "alias/orders" ... }   # same account and region
    Fix:
        Rename one alias, or deploy it to the account or region it was meant for.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
    """

    id = "KMS008"
    name = "alias-name-duplicate"
    summary = "Alias name declared twice in one account and region"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        groups: dict[tuple[str, str, str], list[KmsAlias]] = defaultdict(list)
        for alias in ctx.world.of_type(KmsAlias):
            name = text(alias.name)
            if name and not alias.name_is_prefix and alias.account != "unknown" and alias.region != "unknown":
                groups[(alias.account, alias.region, name)].append(alias)
        for (account, region, name), aliases in sorted(groups.items()):
            first, *rest = sorted(aliases, key=lambda a: (a.source.file, a.source.line, a.address))
            for dup in rest:
                yield Hit(dup, f"{name} is already declared by {first.address} ({first.source.file}:"
                               f"{first.source.line}) in {account}/{region}")
