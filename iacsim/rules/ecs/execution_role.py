from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.ecs import EcsTaskDefinition
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class SecretsWithoutExecutionRole(Rule):
    """A task definition passes ``secrets`` to a container but has no execution role.

    What it does:
        Flags task definitions with ``secrets[].valueFrom`` entries and no ``execution_role_arn``/
        ``ExecutionRoleArn``.
    Why it matters:
        The ECS agent fetches container secrets as the task *execution* role; ECS refuses to register a task
        definition with secrets and no execution role (ClientException), so the apply fails. The task role
        does not take its place.
    Example:
        resource "aws_ecs_task_definition" "app" { task_role_arn = aws_iam_role.app.arn  container_definitions
        = jsonencode([{ secrets = [{ name = "DB", valueFrom = "/prod/db" }] ... }]) }
    Fix:
        Set ``execution_role_arn`` to a role trusted by ``ecs-tasks.amazonaws.com`` with ``ssm:GetParameters``/
        ``secretsmanager:GetSecretValue`` and ``kms:Decrypt`` on the secrets and their keys.
    References:
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    """

    id = "ECS001"
    name = "secrets-without-execution-role"
    summary = "Container secrets without a task execution role"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for td in ctx.world.of_type(EcsTaskDefinition):
            if td.execution_role is not None or not isinstance(td.containers, tuple):
                continue
            if any(c.secrets for c in td.containers):
                yield Hit(td, "containers receive secrets but the task definition has no execution role to fetch them",
                          fix=fix_for(td, "execution_role_arn = aws_iam_role.<execution role>.arn",
                                      "ExecutionRoleArn: !GetAtt <ExecutionRole>.Arn"))
