"""Function environments encrypted with aws/lambda rather than a customer managed key (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.lambda_ import LambdaFunction
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class EnvironmentWithoutCustomerManagedKey(Rule):
    """A function's environment variables are encrypted with ``aws/lambda`` (checked when ``.iacsim.yml`` asks).

    What it does:
        With customer managed keys required for ``lambda`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags functions (SAM functions
        included) that have environment variables and no ``kms_key_arn`` / ``KmsKeyArn``, or name
        ``alias/aws/lambda``. Lambda always encrypts environment variables at rest, with ``aws/lambda`` by
        default, so there is no "not encrypted" rule; a function without variables has nothing to encrypt. A
        customer managed key the replay shows Lambda cannot use for the function (LAMBDA101) is not a pass.
    Why it matters:
        Anyone allowed ``lambda:GetFunctionConfiguration`` in the account reads variables encrypted with
        ``aws/lambda``; with a customer managed key the key policy decides who can decrypt them. Secrets do not
        belong in variables at all (LAMBDA201). Peer: Checkov CKV_AWS_173.
    Example:
        resource "aws_lambda_function" "api" { environment { variables = { STAGE = "prod" } } ... }
    Fix:
        ``kms_key_arn = aws_kms_key.lambda.arn``, with the execution role allowed ``kms:Decrypt`` on it.
    References:
        https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
    """

    id = "LAMBDA202"
    name = "environment-without-customer-managed-key"
    summary = "Function environment encrypted with aws/lambda, not a customer managed key (opt-in)"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_173",)
    customer_managed_key_service: ClassVar[str] = "lambda"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fn in ctx.world.of_type(LambdaFunction):
            if not isinstance(fn.environment, tuple) or not fn.environment:
                continue  # no variables (or not known which): nothing Lambda encrypts
            problem = customer_key_problem(ctx, fn, fn.key, "the AWS managed key aws/lambda", "Lambda")
            if problem is not None:
                yield Hit(fn, f"environment variables: {problem}", attr="key",
                          fix=fix_for(fn, "kms_key_arn = aws_kms_key.<lambda key>.arn", "KmsKeyArn: !GetAtt <Key>.Arn"))
