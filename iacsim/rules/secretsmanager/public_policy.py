from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.model.base import Policy
from iacsim.model.secretsmanager import Secret, SecretPolicy
from iacsim.rules._policy import aws_principals, statements
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


def _open_statement(policy: Policy | None) -> bool:
    for st in statements(policy):
        if st.get("Effect") != "Allow" or st.get("Condition"):
            continue
        principal: Any = st.get("Principal")
        if principal == "*" or "*" in aws_principals(st):
            return True
    return False


class SecretPolicyAllowsEveryone(Rule):
    """A secret's resource policy allows every AWS principal (``Principal: "*"``) without a condition.

    What it does:
        Flags ``aws_secretsmanager_secret_policy``/``AWS::SecretsManager::ResourcePolicy`` (and the inline
        ``policy`` of a secret) with an Allow statement for ``"*"`` or ``{"AWS": "*"}`` and no Condition.
    Why it matters:
        Any principal in any account with ``secretsmanager:GetSecretValue`` in its own policies can then read
        the secret (with a key that admits it). Secrets Manager's ``BlockPublicPolicy`` exists to refuse such
        policies.
    Example:
        Statement = [{ Effect = "Allow", Principal = "*", Action = "secretsmanager:GetSecretValue", Resource = "*" }]
    Fix:
        Name the principals (role ARNs, accounts), or add conditions such as ``aws:PrincipalOrgID``; set
        ``block_public_policy = true`` / ``BlockPublicPolicy: true``.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html
    """

    id = "SM201"
    name = "secret-policy-allows-everyone"
    summary = "A secret's resource policy allows Principal \"*\" without a condition"
    category = "security"
    severity = "critical"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for sp in ctx.world.of_type(SecretPolicy):
            if _open_statement(sp.policy):
                yield Hit(sp, "the resource policy allows every AWS principal without a condition",
                          fix=fix_for(sp, "name the reading principals (or add an aws:PrincipalOrgID condition) and "
                                          "set block_public_policy = true",
                                      "name the reading principals (or add an aws:PrincipalOrgID condition) and set "
                                      "BlockPublicPolicy: true"))
        for secret in ctx.world.of_type(Secret):
            if _open_statement(secret.policy):
                yield Hit(secret, "the secret's policy allows every AWS principal without a condition",
                          fix="name the reading principals, or add an aws:PrincipalOrgID condition")
