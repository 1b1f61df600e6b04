"""Terraform Secrets Manager resources → :mod:`iacsim.model.secretsmanager`.

terraform-provider-aws docs ``r/secretsmanager_secret`` (``kms_key_id``, ``policy``, ``replica``
blocks with ``region``/``kms_key_id``, ``recovery_window_in_days``), ``r/secretsmanager_secret_version``
(``secret_id``, ``secret_string`` | ``secret_string_wo`` | ``secret_binary``, ``version_stages``) and
``r/secretsmanager_secret_policy`` (``secret_arn``, ``policy``, ``block_public_policy``) and
``r/secretsmanager_secret_rotation`` (``secret_id``, ``rotation_lambda_arn``, ``rotation_rules``). Secret
values are summarized and dropped here.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.secretsmanager import Secret, SecretPolicy, SecretReplica, SecretRotation, SecretVersion
from iacsim.model.ssm import ValueShape
from iacsim.model.translate.attrs import (
    block,
    blocks,
    computed,
    generated_name,
    get_bool,
    get_int,
    get_str,
    known_str_tuple,
    parse_policy,
    placement_fields,
    req_str,
    require_policy,
    tags,
)
from iacsim.model.value_shape import summarize, unknown_value
from iacsim.values import Unknown


def _replicas(resource: Resource) -> tuple[SecretReplica, ...]:
    found = blocks(resource.attrs, "replica")
    if isinstance(found, Unknown):
        return (SecretReplica(region=found),)
    return tuple(SecretReplica(region=req_str(b, "region", "replica"), key=get_str(b, "kms_key_id")) for b in found)


@translates("aws_secretsmanager_secret", attrs={
    "key": "kms_key_id",
    "policy": "policy",
    "description": "description",
    "recovery_window_days": "recovery_window_in_days",
})
def secret(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    name = get_str(a, "name")
    if name is None:
        name = generated_name(resource, "secret name")
    found_arn = computed(a, "arn", resource.address)
    yield Secret(
        **placement_fields(resource),
        name=name,
        arn=Arn(found_arn) if isinstance(found_arn, str) else found_arn,
        key=get_str(a, "kms_key_id"),
        replicas=_replicas(resource),
        policy=parse_policy(a.get("policy")),
        description=get_str(a, "description"),
        recovery_window_days=get_int(a, "recovery_window_in_days"),
        tags=tags(a),
    )


def version_value(value: object, attribute: str) -> ValueShape:
    """The shape of a version's value; only presence for binary or write-only values."""
    if value is None:
        return ValueShape(present=False)
    if isinstance(value, str) and attribute == "secret_string":
        return summarize(value, "value")
    return unknown_value("value")


@translates("aws_secretsmanager_secret_version", attrs={"secret": "secret_id"})
def secret_version(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    shape = ValueShape(present=False)
    for attribute in ("secret_string", "secret_string_wo", "secret_binary"):
        if a.get(attribute) is not None:
            shape = version_value(a.get(attribute), attribute)
            break
    stages = known_str_tuple(a.get("version_stages"), "version_stages")
    yield SecretVersion(
        **placement_fields(resource),
        secret=req_str(a, "secret_id", "secret version"),
        value=shape,
        stages=stages,
    )


@translates("aws_secretsmanager_secret_policy", attrs={
    "secret": "secret_arn",
    "policy": "policy",
    "block_public_policy": "block_public_policy",
})
def secret_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield SecretPolicy(
        **placement_fields(resource),
        secret=req_str(a, "secret_arn", "secret policy"),
        policy=require_policy(a.get("policy"), "secret policy"),
        block_public_policy=get_bool(a, "block_public_policy"),
    )


def rotation_schedule(days: object, expression: object) -> str | Unknown | None:
    """``rate(N days)`` from ``automatically_after_days``, else the schedule expression as written."""
    if isinstance(days, int) and not isinstance(days, bool):
        return f"rate({days} days)"
    if isinstance(days, Unknown):
        return days
    return expression if isinstance(expression, str | Unknown) else None


@translates("aws_secretsmanager_secret_rotation", attrs={
    "secret": "secret_id",
    "function": "rotation_lambda_arn",
    "schedule": "rotation_rules",
})
def secret_rotation(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    rules = block(a, "rotation_rules")
    yield SecretRotation(
        **placement_fields(resource),
        secret=req_str(a, "secret_id", "secret rotation"),
        function=get_str(a, "rotation_lambda_arn"),
        schedule=rotation_schedule(get_int(rules, "automatically_after_days"), get_str(rules, "schedule_expression"))
        if isinstance(rules, dict) else None,
    )
