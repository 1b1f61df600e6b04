from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules._policy import ACCOUNT_LIMITING_KEYS, aws_principals, condition_keys, statements
from iacsim.rules.base import Hit, Rule, RuleContext


class KeyPolicyOpenToEveryone(Rule):
    """A key policy allows any principal (``"*"``) without a condition that limits who.

    What it does:
        Reads each key policy *as a key policy*: an Allow statement whose principal is ``"*"`` (or
        ``{"AWS": "*"}``) and that has no condition confining callers to accounts, an organization or a
        network (``kms:CallerAccount``, ``aws:PrincipalOrgID``, ``aws:SourceAccount``, ``aws:SourceVpce``…).
        ``Resource: "*"`` and the account-root statement are normal in key policies and are not flagged.
    Why it matters:
        Such a statement lets principals of *every* AWS account use the key, subject only to their own
        IAM — i.e. anyone who can obtain a ciphertext can try to decrypt it.
    Example:
        { "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*" }
    Fix:
        Name the principals, or add ``"Condition": {"StringEquals": {"kms:CallerAccount": "<account>"}}``
        (with ``kms:ViaService`` for service use) or ``aws:PrincipalOrgID``.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
        https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
    """

    id = "KMS201"
    name = "key-policy-open-to-everyone"
    summary = "Key policy allows any principal without a limiting condition"
    category = "security"
    severity = "critical"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            for stmt in statements(key.policy):
                if stmt.get("Effect") != "Allow" or "*" not in aws_principals(stmt):
                    continue
                if condition_keys(stmt) & ACCOUNT_LIMITING_KEYS:
                    continue
                sid = stmt.get("Sid")
                yield Hit(key, f"key policy statement {sid or '(no Sid)'!s} allows Principal \"*\" with no condition "
                               "limiting accounts or organization",
                          fix='add "Condition": {"StringEquals": {"kms:CallerAccount": "<your account id>"}}')
