"""Terraform SSM parameters → :class:`iacsim.model.ssm.SsmParameter`.

``aws_ssm_parameter`` (provider docs ``r/ssm_parameter``: ``value`` | ``insecure_value`` |
``value_wo``; no parameter policies, terraform-provider-aws#39310) and the Cloud Control
``awscc_ssm_parameter`` (= ``AWS::SSM::Parameter``: ``tier``, ``policies`` as JSON text,
String/StringList only). The value is summarized by :mod:`iacsim.model.value_shape` and dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.ssm import SsmParameter, ValueAttribute, ValueShape
from iacsim.model.translate.attrs import (
    computed,
    get_bool,
    get_str,
    parse_policy,
    placement_fields,
    req_str,
    str_or,
    tags,
)
from iacsim.model.value_shape import summarize, unknown_value
from iacsim.values import Unknown

_VALUE_ATTRIBUTES: tuple[ValueAttribute, ...] = ("value", "insecure_value", "value_wo")


def _value_shape(attrs: dict[str, Any]) -> ValueShape:
    for name in _VALUE_ATTRIBUTES:
        value = attrs.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            return summarize(value, name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return summarize(str(value), name)
        return unknown_value(name, value)
    return ValueShape(present=False)


def parameter_arn(resource: Resource, fields: dict[str, Any], name: str | Unknown) -> Arn | Unknown:
    """The loader's ARN, else the deterministic ``arn:<p>:ssm:<region>:<account>:parameter/<name>``."""
    given = resource.attrs.get("arn")
    if isinstance(given, str) and given:
        return Arn(given)
    if isinstance(name, str) and fields["region"] != "unknown" and fields["account"] != "unknown":
        # SSM ARNs drop the hierarchy's leading slash (docs/aws-behaviour.md §10, encryption context PARAMETER_ARN).
        return Arn(
            str(AwsArn.ssm_parameter(fields["partition"], fields["region"], fields["account"], name))
        )
    found = computed(resource.attrs, "arn", resource.address)
    return Arn(found) if isinstance(found, str) else found


@translates("aws_ssm_parameter", attrs={
    "type": "type",
    "tier": "tier",
    "key": "key_id",
    "data_type": "data_type",
    "allowed_pattern": "allowed_pattern",
    "description": "description",
    "overwrite": "overwrite",
})
def ssm_parameter(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = req_str(a, "name", "parameter")
    yield SsmParameter(
        **fields,
        name=name,
        arn=parameter_arn(resource, fields, name),
        type=req_str(a, "type", "parameter"),
        tier=str_or(get_str(a, "tier"), "Standard"),
        key=get_str(a, "key_id"),
        data_type=str_or(get_str(a, "data_type"), "text"),
        allowed_pattern=get_str(a, "allowed_pattern"),
        description=get_str(a, "description"),
        value=_value_shape(a),
        overwrite=get_bool(a, "overwrite"),
        tags=tags(a),
    )


@translates("awscc_ssm_parameter", attrs={
    "type": "type",
    "tier": "tier",
    "data_type": "data_type",
    "allowed_pattern": "allowed_pattern",
    "description": "description",
    "policies": "policies",
})
def awscc_ssm_parameter(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = req_str(a, "name", "parameter")
    yield SsmParameter(
        **fields,
        name=name,
        arn=parameter_arn(resource, fields, name),
        type=req_str(a, "type", "parameter"),
        tier=str_or(get_str(a, "tier"), "Standard"),
        data_type=str_or(get_str(a, "data_type"), "text"),
        allowed_pattern=get_str(a, "allowed_pattern"),
        description=get_str(a, "description"),
        policies=parse_policy(a.get("policies")),
        value=_value_shape(a),
        # awscc tags are a plain map, like aws_*.
        tags=tags(a),
    )
