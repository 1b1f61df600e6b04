from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.ecs import EcsTaskDefinition
from iacsim.rules._secrets import secret_reasons
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class SecretInContainerEnvironment(Rule):
    """A container's ``environment`` holds a secret in plain text.

    What it does:
        Flags ``environment`` entries of ECS container definitions whose value looks like a credential or
        whose name says it holds a secret while the value is not a reference. The value is never printed.
    Why it matters:
        Plain environment values are stored in the task definition, visible to anyone who can describe it, and
        kept in Terraform state and templates. ECS can inject secrets at start from Secrets Manager or
        Parameter Store instead (``secrets[].valueFrom``).
    Example:
        environment = [{ name = "DB_PASSWORD", value = "hunter2-prod" }]
    Fix:
        Store the value in Secrets Manager or as an SSM SecureString and reference it from ``secrets``:
        ``{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }``; give the task *execution*
        role ``secretsmanager:GetSecretValue``/``ssm:GetParameters`` and ``kms:Decrypt``.
    References:
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
    """

    id = "ECS201"
    name = "secret-in-container-environment"
    summary = "A container environment variable holds a plaintext secret"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for td in ctx.world.of_type(EcsTaskDefinition):
            if not isinstance(td.containers, tuple):
                continue
            for container in td.containers:
                for var in container.environment:
                    reasons = secret_reasons(var.name, var.value, reference=var.reference)
                    if reasons:
                        cname = container.name if isinstance(container.name, str) else "?"
                        yield Hit(td, f"container {cname}, environment {var.name}: {' and '.join(reasons)}; it is "
                                      "stored in plain text in the task definition",
                                  fix=fix_for(td, f'move {var.name} to "secrets": [{{ name = "{var.name}", valueFrom = '
                                                  "aws_secretsmanager_secret.x.arn }] (or a SecureString parameter)",
                                              f"move {var.name} to Secrets: [{{Name: {var.name}, ValueFrom: !Ref "
                                              "<secret>}] (or a SecureString parameter)"))
