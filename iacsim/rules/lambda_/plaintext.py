from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.lambda_ import LambdaFunction
from iacsim.rules._secrets import secret_reasons
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class SecretInFunctionEnvironment(Rule):
    """A Lambda environment variable holds a secret in plain text.

    What it does:
        Flags environment variables whose value looks like a credential (access keys, tokens, PEM keys,
        high-entropy strings) or whose name says it holds a secret (password, secret, token, api_key…) while
        its value is not a reference (an ARN, a parameter path, a URL without credentials) or an identifier (a
        key id, an alias, a number), nor a value iacsim made up (a name built from a stack name it derived from
        the file name). The value is judged at load time and never printed.
    Why it matters:
        Environment variables are visible to anyone with ``lambda:GetFunctionConfiguration`` (and the key),
        are kept in Terraform state and templates, and cannot be rotated without a redeploy. AWS recommends
        Secrets Manager for credentials.
    Example:
        environment { variables = { DB_PASSWORD = "hunter2-prod" } }
    Fix:
        Store the value in Secrets Manager (or an SSM SecureString), pass its ARN/name in the environment
        (``DB_PASSWORD_SECRET_ARN``) and read it at run time (or with the Parameters and Secrets Lambda
        extension); allow the function role ``secretsmanager:GetSecretValue`` and ``kms:Decrypt``.
    References:
        https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
    """

    id = "LAMBDA201"
    name = "secret-in-function-environment"
    summary = "A Lambda environment variable holds a plaintext secret"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for fn in ctx.world.of_type(LambdaFunction):
            if not isinstance(fn.environment, tuple):
                continue
            for var in fn.environment:
                reasons = secret_reasons(var.name, var.value, reference=var.reference)
                if reasons:
                    yield Hit(fn, f"environment variable {var.name}: {' and '.join(reasons)}; it is stored in plain "
                                  "text in the function configuration",
                              fix=fix_for(fn, f"move {var.name} to aws_secretsmanager_secret (or a SecureString) and "
                                              f"pass its ARN, e.g. {var.name}_SECRET_ARN = aws_secretsmanager_secret.x.arn",
                                          f"move {var.name} to an AWS::SecretsManager::Secret and pass its ARN "
                                          f"(!Ref), e.g. {var.name}_SECRET_ARN"))
