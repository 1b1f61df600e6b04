"""CloudFormation ``AWS::ECS::TaskDefinition`` → :class:`iacsim.model.ecs.EcsTaskDefinition`.

AWS CloudFormation User Guide ``AWS::ECS::TaskDefinition``: ``Family``, ``ExecutionRoleArn``,
``TaskRoleArn``, ``ContainerDefinitions[].Environment[{Name, Value}]`` and
``ContainerDefinitions[].Secrets[{Name, ValueFrom}]``; ``Ref`` returns the task definition ARN.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ecs import EcsTaskDefinition
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import get_str, placement_fields, tags
from iacsim.model.translate.cloudformation.common import deploy_time, first
from iacsim.model.translate.terraform.ecs import containers


@translates("AWS::ECS::TaskDefinition", attrs={
    "execution_role": "ExecutionRoleArn",
    "task_role": "TaskRoleArn",
    "containers": "ContainerDefinitions",
    "tags": "Tags",
})
def task_definition(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    family = get_str(a, "Family")
    yield EcsTaskDefinition(
        **placement_fields(resource),
        family=family if family is not None else deploy_time(resource, "Family", "the task definition family"),
        arn=deploy_time(resource, "Ref", "the task definition ARN"),
        execution_role=get_str(a, "ExecutionRoleArn"),
        task_role=get_str(a, "TaskRoleArn"),
        containers=containers(first(a.get("ContainerDefinitions"), []), "Name", "Environment", "Secrets", "Value",
                              "ValueFrom"),
        tags=tags(a, "Tags"),
    )
