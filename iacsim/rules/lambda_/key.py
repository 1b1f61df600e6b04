from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.lambda_ import LambdaFunction
from iacsim.rules._service_keys import key_ref_form
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.secretsmanager._keys import key_problem


class FunctionKeyUnusable(Rule):
    """A function's ``kms_key_arn`` is not a symmetric encryption key ARN in the function's Region.

    What it does:
        Checks ``kms_key_arn``/``KmsKeyArn`` of every Lambda function: it must be a key ARN (the API's pattern
        is an ARN), in the function's Region, of a symmetric encryption key.
    Why it matters:
        Lambda creates a grant and encrypts the environment with the key when the function is created; a key
        id, an asymmetric key or a key from another Region makes CreateFunction fail
        (``InvalidParameterValueException``/``ValidationException``).
    Example:
        resource "aws_lambda_function" "api" { kms_key_arn = aws_kms_key.other_region.arn ... }
    Fix:
        Use the ARN of a symmetric encryption key in the function's Region (``aws_kms_key.x.arn``), or omit it
        to use the AWS managed key ``aws/lambda``.
    References:
        https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
        https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
    """

    id = "LAMBDA001"
    name = "function-key-unusable"
    summary = "A function's kms_key_arn is not a symmetric key ARN in its Region"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fn in ctx.world.of_type(LambdaFunction):
            if fn.key is None or fn.region == "unknown":
                continue
            problem: str | None = None
            form = key_ref_form(fn.key)
            if form in ("key-id", "alias-name"):
                problem = f"kms_key_arn is a {form.replace('-', ' ')}, not an ARN (the API accepts ARNs only)"
            else:
                problem = key_problem(ctx.world, fn.key, fn.account, fn.region, fn.address, fn.region_assumed)
            if problem is not None:
                yield Hit(fn, f"{problem}; Lambda cannot encrypt the environment variables and CreateFunction fails",
                          fix=fix_for(fn, f"kms_key_arn = <ARN of a symmetric encryption key in {fn.region}>",
                                      f"KmsKeyArn: <ARN of a symmetric encryption key in {fn.region}>"))
