from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from iacsim.model.base import ModelObject, Policy
from iacsim.model.iam import IamGroup, IamPolicy, IamRole, IamUser
from iacsim.rules._policy import as_list, condition_keys, statements
from iacsim.rules.base import Hit, Rule, RuleContext

_RISKY = ("kms:Decrypt", "kms:ReEncryptFrom", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:ScheduleKeyDeletion")


def _covers_all_keys(resource: str) -> bool:
    """``*``, or a KMS ARN pattern matching keys of any account and region (``arn:aws:kms:*:*:key/*``)."""
    probes = ("arn:aws:kms:us-east-1:111111111111:key/a", "arn:aws:kms:eu-west-1:222222222222:key/b")
    return resource == "*" or all(fnmatch.fnmatchcase(p, resource) for p in probes)


class IdentityPolicyAllowsDecryptOnAllKeys(Rule):
    """An IAM policy allows ``kms:Decrypt`` (or ``kms:*``) on every key without a condition.

    What it does:
        Flags Allow statements of IAM identity policies (managed and inline) whose actions cover
        kms:Decrypt, kms:ReEncryptFrom, kms:PutKeyPolicy, kms:CreateGrant or kms:ScheduleKeyDeletion, with
        ``Resource: "*"`` (or ``arn:aws:kms:*``) and no condition. Key policies are not judged by this rule.
    Why it matters:
        Any key whose policy enables IAM policies for the account becomes usable by this principal: one
        role can then read every encrypted parameter, secret and object in the account.
    Example:
        { "Effect": "Allow", "Action": "kms:*", "Resource": "*" }
    Fix:
        List the key ARNs the principal needs, or add ``kms:ViaService`` / ``kms:EncryptionContext:*``
        conditions.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html
    """

    id = "IAM201"
    name = "kms-decrypt-on-all-keys"
    summary = "IAM policy allows kms:Decrypt or kms:* on all keys without a condition"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for pol in ctx.world.of_type(IamPolicy):
            yield from self._policy(pol, pol.policy)
        owners: list[IamRole | IamUser | IamGroup] = [*ctx.world.of_type(IamRole), *ctx.world.of_type(IamUser),
                                                      *ctx.world.of_type(IamGroup)]
        for owner in owners:
            for inline in owner.inline_policies:
                yield from self._policy(inline, inline.policy)

    def _policy(self, obj: ModelObject, policy: Policy) -> Iterator[Hit]:
        for stmt in statements(policy):
            if stmt.get("Effect") != "Allow" or condition_keys(stmt):
                continue
            resources = [r for r in as_list(stmt.get("Resource")) if isinstance(r, str)]
            if not any(_covers_all_keys(r) for r in resources):
                continue
            actions = [a for a in as_list(stmt.get("Action")) if isinstance(a, str)]
            hits = sorted({risky for risky in _RISKY for a in actions if fnmatch.fnmatchcase(risky.lower(), a.lower())})
            if hits:
                yield Hit(obj, f"allows {', '.join(hits)} on all KMS keys without a condition",
                          fix="name the key ARNs, or add a kms:ViaService or kms:EncryptionContext condition")
                return
