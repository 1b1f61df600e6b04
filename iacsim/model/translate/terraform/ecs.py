"""Terraform ``aws_ecs_task_definition`` → :class:`iacsim.model.ecs.EcsTaskDefinition`.

terraform-provider-aws ``r/ecs_task_definition``: ``family``, ``execution_role_arn``,
``task_role_arn`` and ``container_definitions``, a JSON array of ECS container definitions
(``environment: [{name, value}]``, ``secrets: [{name, valueFrom}]``, as in the RegisterTaskDefinition
API). Environment values are summarized and dropped here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ecs import Container, ContainerSecret, EcsTaskDefinition, secret_source
from iacsim.model.ids import Arn
from iacsim.model.lambda_ import environment_variable
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import computed, get_str, placement_fields, req_str, tags
from iacsim.values import Unknown


def definitions_error(exc: json.JSONDecodeError) -> str:
    """The reason an invalid ``container_definitions`` string is reported with (and its Unknown carries)."""
    return f"container_definitions: invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"


def parse_error(value: Any) -> str | None:
    """Why a ``container_definitions`` string is not valid JSON (RegisterTaskDefinition rejects it), else None."""
    if not isinstance(value, str):
        return None
    try:
        json.loads(value)
    except json.JSONDecodeError as exc:
        return definitions_error(exc)
    return None


def containers(value: Any, name_key: str = "name", env_key: str = "environment", secrets_key: str = "secrets",
               value_key: str = "value", value_from_key: str = "valueFrom") -> tuple[Container, ...] | Unknown:
    """Container definitions (a JSON string, or already a list) → model containers.

    The key names differ between the ECS API/Terraform JSON (``name``, ``valueFrom``) and
    CloudFormation (``Name``, ``ValueFrom``); the caller names them.
    """
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            return Unknown(definitions_error(exc))
    if not isinstance(value, list):
        return Unknown(f"container definitions: expected a list, got {type(value).__name__}")
    out: list[Container] = []
    for item in value:
        if not isinstance(item, Mapping):
            return Unknown("container definitions: an entry is not an object")
        env = item.get(env_key)
        secrets = item.get(secrets_key)
        if isinstance(env, Unknown):
            return env
        if isinstance(secrets, Unknown):
            return secrets
        env = env if isinstance(env, list) else []
        secrets = secrets if isinstance(secrets, list) else []
        variables = tuple(environment_variable(str(e.get(name_key)), e.get(value_key))
                          for e in env if isinstance(e, Mapping) and isinstance(e.get(name_key), str))
        refs: list[ContainerSecret] = []
        for s in secrets:
            if not isinstance(s, Mapping):
                continue
            raw = s.get(value_from_key)
            value_from: str | Unknown = raw if isinstance(raw, str | Unknown) else Unknown(f"{value_from_key} not set")
            secret_name = s.get(name_key)
            refs.append(ContainerSecret(secret_name if isinstance(secret_name, str | Unknown) else "?", value_from,
                                        secret_source(value_from)))
        cname = item.get(name_key)
        out.append(Container(cname if isinstance(cname, str | Unknown) else "?", variables, tuple(refs)))
    return tuple(out)


@translates("aws_ecs_task_definition", attrs={
    "family": "family",
    "execution_role": "execution_role_arn",
    "task_role": "task_role_arn",
    "containers": "container_definitions",
})
def task_definition(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    found_arn = computed(a, "arn", resource.address)
    yield EcsTaskDefinition(
        **placement_fields(resource),
        family=req_str(a, "family", "task definition"),
        arn=Arn(found_arn) if isinstance(found_arn, str) else found_arn,
        execution_role=get_str(a, "execution_role_arn"),
        task_role=get_str(a, "task_role_arn"),
        containers=containers(a.get("container_definitions")),
        containers_parse_error=parse_error(a.get("container_definitions")),
        tags=tags(a),
    )
