"""ECS task definitions: the roles that run them and the secrets their containers receive.

Container environment variables are summarized as Lambda's are
(:class:`~iacsim.model.lambda_.EnvironmentVariable`: name and value shape, never the value).
Sources: "Pass sensitive data to an Amazon ECS container"
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html);
Terraform ``aws_ecs_task_definition``; CloudFormation ``AWS::ECS::TaskDefinition``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.lambda_ import EnvironmentVariable
from iacsim.values import Unknown

SecretSource = Literal["ssm", "secretsmanager", "unknown"]


@dataclass(frozen=True)
class ContainerSecret:
    """One ``secrets`` entry of a container: an environment variable filled from SSM or Secrets Manager."""

    name: str | Unknown
    """Environment variable the container receives."""
    value_from: Ref
    """``valueFrom``: a parameter name/ARN or a secret ARN (optionally ``:json-key:version-stage:version-id``)."""
    source: SecretSource
    """Which service ``valueFrom`` points at (from the ARN's service; a bare name is a parameter)."""


@dataclass(frozen=True)
class Container:
    """One container definition: what it receives in its environment."""

    name: str | Unknown
    """Container name."""
    environment: tuple[EnvironmentVariable, ...] = ()
    """Plain ``environment`` entries (names and value shapes)."""
    secrets: tuple[ContainerSecret, ...] = ()
    """``secrets`` entries."""


@dataclass(frozen=True, kw_only=True)
class EcsTaskDefinition(ServiceObject):
    """An ECS task definition (``aws_ecs_task_definition`` / ``AWS::ECS::TaskDefinition``)."""

    family: str | Unknown
    """Family name."""
    arn: Arn | Unknown
    """Task definition ARN (``…:task-definition/<family>:<revision>``), known after apply."""
    execution_role: Ref | None = None
    """``execution_role_arn``: the role the ECS agent uses to pull images and fetch ``secrets``."""
    task_role: Ref | None = None
    """``task_role_arn``: the role the application code runs as."""
    containers: tuple[Container, ...] | Unknown = ()
    """Container definitions; Unknown when the JSON is not known statically or is not valid."""
    containers_parse_error: str | None = None
    """Why ``container_definitions`` is not valid JSON, when it is not (RegisterTaskDefinition rejects it)."""
    tags: Tags = field(default_factory=dict)
    """Tags."""


def secret_source(value_from: Ref) -> SecretSource:
    """``arn:…:ssm:…`` or a bare name → ``ssm``; ``arn:…:secretsmanager:…`` → ``secretsmanager``."""
    if isinstance(value_from, Unknown):
        return "unknown"
    if value_from.startswith("arn:"):
        arn = AwsArn.parse(value_from)
        if arn is not None and arn.service in ("ssm", "secretsmanager"):
            return "ssm" if arn.service == "ssm" else "secretsmanager"
        return "unknown"
    return "ssm"
