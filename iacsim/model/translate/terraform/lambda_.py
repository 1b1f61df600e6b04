"""Terraform ``aws_lambda_function`` → :class:`iacsim.model.lambda_.LambdaFunction`.

terraform-provider-aws ``r/lambda_function``: ``function_name``, ``role``, ``kms_key_arn`` (key for
the environment variables), ``environment { variables = {...} }``, ``runtime``. Variable values are
summarized and dropped here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.lambda_ import EnvironmentVariable, LambdaFunction, environment_variable
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import attr, block, computed, get_str, placement_fields, req_str, tags
from iacsim.values import Unknown


def variables(value: object) -> tuple[EnvironmentVariable, ...] | Unknown:
    """A variables map → summarized variables (Unknown when the map itself is unknown)."""
    if value is None:
        return ()
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, Mapping):
        return Unknown(f"environment variables: expected a map, got {type(value).__name__}")
    return tuple(environment_variable(str(k), v) for k, v in value.items())


@translates("aws_lambda_function", attrs={
    "name": "function_name",
    "role": "role",
    "key": "kms_key_arn",
    "environment": "environment",
    "runtime": "runtime",
})
def lambda_function(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    found_arn = computed(a, "arn", resource.address)
    yield LambdaFunction(
        **placement_fields(resource),
        name=req_str(a, "function_name", "function"),
        arn=Arn(found_arn) if isinstance(found_arn, str) else found_arn,
        role=req_str(a, "role", "function"),
        key=get_str(a, "kms_key_arn"),
        environment=variables(attr(block(a, "environment"), "variables")),
        runtime=get_str(a, "runtime"),
        tags=tags(a),
    )
