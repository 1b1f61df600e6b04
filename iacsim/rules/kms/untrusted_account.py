from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules._policy import account_of, aws_principals, statements
from iacsim.rules.base import Hit, Rule, RuleContext


class KeyUsableByUntrustedAccount(Rule):
    """A key policy lets an account use the key that ``.iacsim.yml`` does not trust.

    What it does:
        When ``trusted_accounts`` is set in ``.iacsim.yml``, flags Allow statements of key policies naming
        a principal of any other account (the key's own account is always trusted).
    Why it matters:
        Cross-account key access is how data leaves an organization; an unexpected account in a key
        policy is either a typo (a broken flow) or an exposure.
    Example:
        trusted_accounts: ["444455556666"] and a key policy naming arn:aws:iam::999999999999:root.
    Fix:
        Remove the statement, or add the account to ``trusted_accounts`` if it is meant to be there.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
    """

    id = "KMS203"
    name = "key-usable-by-untrusted-account"
    summary = "Key policy grants use to an account not in trusted_accounts"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        trusted = set(ctx.config.trusted_accounts)
        if not trusted:
            return
        for key in ctx.world.of_type(KmsKey):
            if key.account_assumed:
                continue  # the stand-in account is not the key's: an account the policy names may be its own
            outsiders: set[str] = set()
            for stmt in statements(key.policy):
                if stmt.get("Effect") == "Allow":
                    outsiders |= {a for p in aws_principals(stmt) if (a := account_of(p)) and a != key.account}
            for account in sorted(outsiders - trusted):
                yield Hit(key, f"the key policy lets account {account} use the key; it is not in trusted_accounts")
