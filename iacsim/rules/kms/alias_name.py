from __future__ import annotations

import re
from collections.abc import Iterator

from iacsim.model.kms import KmsAlias
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext

_ALIAS = re.compile(r"alias/[a-zA-Z0-9:/_-]+")


class AliasNameInvalid(Rule):
    """An alias name is malformed or in the reserved ``alias/aws/`` namespace.

    What it does:
        Checks alias names: ``alias/`` followed by 1–256 characters of ``a-zA-Z0-9:/_-`` in all, and
        not beginning with ``alias/aws/``, which AWS reserves for AWS managed keys.
    Why it matters:
        CreateAlias rejects malformed names (ValidationException) and reserved names
        (NotAuthorizedException), so the apply fails.
    Example:
        resource "aws_kms_alias" "bad" {
          name          = "alias/aws/my-app"
          target_key_id = aws_kms_key.app.key_id
        }
    Fix:
        Use a name of your own, e.g. ``alias/my-app``.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
        https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html
    """

    id = "KMS007"
    name = "alias-name-invalid"
    summary = "Malformed alias name or one in the reserved alias/aws/ namespace"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for alias in ctx.world.of_type(KmsAlias):
            name = text(alias.name)
            if name is None or alias.name_is_prefix:
                continue
            if name.startswith("alias/aws/"):
                yield Hit(alias, f"{name} is in the reserved alias/aws/ namespace", fix="choose another name", attr="name")
            elif not _ALIAS.fullmatch(name) or len(name) > 256:
                yield Hit(alias, f"{name!r} is not a valid alias name: alias/ followed by a-zA-Z0-9:/_- "
                                 "(256 characters at most)", attr="name")
