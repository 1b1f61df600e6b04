"""CloudFormation Secrets Manager resources → :mod:`iacsim.model.secretsmanager`.

AWS CloudFormation User Guide: ``AWS::SecretsManager::Secret`` (``Name``, ``KmsKeyId``,
``ReplicaRegions: [{Region, KmsKeyId}]``, ``SecretString`` | ``GenerateSecretString``; ``Ref``
returns the secret ARN) and ``AWS::SecretsManager::ResourcePolicy`` (``SecretId``,
``ResourcePolicy``, ``BlockPublicPolicy``). Values are summarized and dropped here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.registry import translates
from iacsim.model.secretsmanager import Secret, SecretPolicy, SecretReplica, SecretRotation
from iacsim.model.ssm import ValueShape
from iacsim.model.translate.attrs import (
    get_bool,
    get_int,
    get_str,
    placement_fields,
    req_str,
    require_policy,
    tags,
)
from iacsim.model.translate.cloudformation.common import deploy_time, items
from iacsim.model.translate.terraform.secretsmanager import rotation_schedule as tf_schedule
from iacsim.model.value_shape import summarize, unknown_value
from iacsim.values import Unknown


def _replicas(resource: Resource) -> tuple[SecretReplica, ...]:
    found = items(resource.attrs.get("ReplicaRegions"))
    if isinstance(found, Unknown):
        return (SecretReplica(region=found),)
    out = []
    for entry in found:
        if isinstance(entry, Mapping):
            out.append(SecretReplica(region=req_str(entry, "Region", "replica"), key=get_str(entry, "KmsKeyId")))
        elif isinstance(entry, Unknown):
            out.append(SecretReplica(region=entry))
    return tuple(out)


def _initial_value(resource: Resource) -> ValueShape:
    value = resource.attrs.get("SecretString")
    if value is None:
        return ValueShape(present=False)
    return summarize(value, "Value") if isinstance(value, str) else unknown_value("Value")


@translates("AWS::SecretsManager::Secret", attrs={
    "key": "KmsKeyId",
    "description": "Description",
    "generated": "GenerateSecretString",
    "tags": "Tags",
})
def secret(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    name = get_str(a, "Name")
    fields = placement_fields(resource)
    yield Secret(
        **fields,
        name=name if name is not None else deploy_time(resource, "Name", "the secret name"),
        arn=deploy_time(resource, "Ref", "the secret ARN (with its random suffix)"),
        key=get_str(a, "KmsKeyId"),
        replicas=_replicas(resource),
        description=get_str(a, "Description"),
        generated=a.get("GenerateSecretString") is not None,
        initial_value=_initial_value(resource),
        tags=tags(a, "Tags"),
    )


@translates("AWS::SecretsManager::ResourcePolicy", attrs={
    "secret": "SecretId",
    "policy": "ResourcePolicy",
    "block_public_policy": "BlockPublicPolicy",
})
def resource_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield SecretPolicy(
        **placement_fields(resource),
        secret=req_str(a, "SecretId", "resource policy"),
        policy=require_policy(a.get("ResourcePolicy"), "resource policy"),
        block_public_policy=get_bool(a, "BlockPublicPolicy"),
    )


@translates("AWS::SecretsManager::RotationSchedule", attrs={
    "secret": "SecretId",
    "function": "RotationLambdaARN",
    "schedule": "RotationRules",
})
def rotation_schedule(resource: Resource) -> Iterator[ModelObject]:
    """AWS CloudFormation User Guide ``AWS::SecretsManager::RotationSchedule``: ``SecretId``,
    ``RotationLambdaARN`` or ``HostedRotationLambda``, ``RotationRules``."""
    a = resource.attrs
    rules = a.get("RotationRules")
    yield SecretRotation(
        **placement_fields(resource),
        secret=req_str(a, "SecretId", "rotation schedule"),
        function=get_str(a, "RotationLambdaARN"),
        hosted=a.get("HostedRotationLambda") is not None,
        schedule=tf_schedule(get_int(rules, "AutomaticallyAfterDays"), get_str(rules, "ScheduleExpression"))
        if isinstance(rules, dict) else None,
    )
