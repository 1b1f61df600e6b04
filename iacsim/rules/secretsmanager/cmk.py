"""Secrets encrypted with the AWS managed key aws/secretsmanager rather than a customer managed key (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.secretsmanager import Secret
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class SecretWithoutCustomerManagedKey(Rule):
    """A secret is encrypted with the AWS managed key ``aws/secretsmanager`` (checked when ``.iacsim.yml`` asks).

    What it does:
        With customer managed keys required for ``secretsmanager`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags secrets without
        ``kms_key_id``/``KmsKeyId`` or naming ``alias/aws/secretsmanager``. Secrets Manager always encrypts:
        naming ``aws/secretsmanager`` is not an error (Secrets Manager creates it on first use), and a key the
        scan cannot classify (an ARN of a key outside the scan) is not judged. A customer managed key the
        replay shows Secrets Manager cannot use for the secret (SM103, SM101) is not a pass either.
    Why it matters:
        ``aws/secretsmanager`` cannot be shared with other accounts, its policy cannot be changed, and anyone in
        the account allowed ``secretsmanager:GetSecretValue`` can decrypt through it; a customer managed key lets
        the key policy decide who can read the secret. Peers: Checkov CKV_AWS_149, Trivy AVD-AWS-0098.
    Example:
        resource "aws_secretsmanager_secret" "db" { name = "prod/db" }   # aws/secretsmanager
    Fix:
        ``kms_key_id = aws_kms_key.secrets.arn``, with a key policy allowing the secret's readers ``kms:Decrypt``
        through Secrets Manager.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
        https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
    """

    id = "SM202"
    name = "secret-without-customer-managed-key"
    summary = "Secret encrypted with aws/secretsmanager, not a customer managed key (opt-in)"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_149", "AVD-AWS-0098")
    customer_managed_key_service: ClassVar[str] = "secretsmanager"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for secret in ctx.world.of_type(Secret):
            problem = customer_key_problem(ctx, secret, secret.key, "the AWS managed key aws/secretsmanager", "Secrets Manager")
            if problem is not None:
                yield Hit(secret, f"secret: {problem}", attr="key",
                          fix=fix_for(secret, "kms_key_id = aws_kms_key.<secrets key>.arn",
                                      "KmsKeyId: !Ref <Key>"))
