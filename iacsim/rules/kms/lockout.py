from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules._policy import account_of, as_list, aws_principals, condition_keys
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.values import Unknown, first_unknown


def _allows_policy_management(stmt: object, account: str) -> bool:
    """Whether the statement lets a principal of ``account`` call PutKeyPolicy — or could, through a value
    not known before apply (an unknown Effect, action or principal is never a hit: docs/architecture.md §4)."""
    if isinstance(stmt, Unknown):
        return True
    if not isinstance(stmt, dict) or condition_keys(stmt):
        return False
    effect = stmt.get("Effect")
    if effect != "Allow" and not isinstance(effect, Unknown):
        return False
    raw_actions = stmt.get("Action")
    actions = [a for a in as_list(raw_actions) if isinstance(a, str)]
    if not any(fnmatch.fnmatchcase("kms:putkeypolicy", a.lower()) for a in actions) and \
            first_unknown(raw_actions) is None:
        return False
    principal = stmt.get("Principal")
    if isinstance(principal, Unknown):
        return True
    return any(p == "*" or isinstance(p, Unknown) or account_of(p) == account for p in aws_principals(stmt))


class KeyPolicyLocksOutCaller(Rule):
    """A key policy no principal of the key's own account could ever change, without the bypass flag.

    What it does:
        Flags key policies that allow ``kms:PutKeyPolicy`` (directly or through ``kms:*``) to no principal
        of the key's account — not the account root, not a role or user — while
        ``bypass_policy_lockout_safety_check`` / ``BypassPolicyLockoutSafetyCheck`` is not set. Whoever
        deploys the key is a principal of that account, so such a policy would lock them out.
    Why it matters:
        KMS refuses such a policy at CreateKey/PutKeyPolicy (MalformedPolicyDocumentException: "The new key
        policy will not allow you to update the key policy in the future"), so the apply fails. With the
        bypass flag it applies — and nobody can ever administer the key again.
    Example:
        policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn },
                                             Action = ["kms:Decrypt"], Resource = "*" }] })
    Fix:
        Keep the account statement (``arn:aws:iam::<account>:root`` with ``kms:*``), or allow
        ``kms:PutKeyPolicy`` to the deploying role.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
        https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
    """

    id = "KMS013"
    name = "key-policy-locks-out-caller"
    summary = "Key policy would lock out the deploying account (no PutKeyPolicy for it, no bypass)"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if key.policy is None or key.bypass_policy_lockout_safety_check is not False:
                continue  # no policy written = AWS's default, which enables the account
            if not isinstance(key.policy.document, dict) or not key.policy.document.get("Statement"):
                continue
            listed = key.policy.document["Statement"]
            every = listed if isinstance(listed, list) else [listed]
            if not any(_allows_policy_management(s, key.account) for s in every):
                yield Hit(key, f"no statement lets a principal of account {key.account} call kms:PutKeyPolicy; KMS "
                               "rejects the policy because it would lock the caller out",
                          fix=fix_for(key, 'add { Sid = "EnableIAM", Effect = "Allow", Principal = { AWS = '
                                           '"arn:aws:iam::<account>:root" }, Action = "kms:*", Resource = "*" }',
                                      "add a KeyPolicy statement for arn:aws:iam::<account>:root with kms:*"))
