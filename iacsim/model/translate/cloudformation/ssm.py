"""CloudFormation ``AWS::SSM::Parameter`` → :class:`iacsim.model.ssm.SsmParameter`.

AWS CloudFormation User Guide, ``AWS::SSM::Parameter``: ``Type`` is String or StringList —
CloudFormation cannot create SecureString parameters (a template that tries fails at deploy
time; rules report it from ``type``). ``Policies`` is the parameter-policy JSON array as text,
``Tier`` Standard/Advanced/Intelligent-Tiering. The value is summarized and dropped here.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.ssm import SsmParameter, ValueShape
from iacsim.model.translate.attrs import get_str, parse_policy, placement_fields, req_str, tags
from iacsim.model.translate.cloudformation.common import deploy_time, first
from iacsim.model.value_shape import summarize, unknown_value
from iacsim.values import Unknown


def _value_shape(resource: Resource) -> ValueShape:
    value = resource.attrs.get("Value")
    if value is None:
        return ValueShape(present=False)
    if isinstance(value, str):
        return summarize(value, "Value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return summarize(str(value), "Value")
    return unknown_value("Value", value)


@translates("AWS::SSM::Parameter", attrs={
    "type": "Type",
    "tier": "Tier",
    "data_type": "DataType",
    "allowed_pattern": "AllowedPattern",
    "description": "Description",
    "policies": "Policies",
    "tags": "Tags",
})
def ssm_parameter(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name: str | Unknown = first(get_str(a, "Name"), deploy_time(resource, "Ref", "the parameter name"))
    parameter_arn: Arn | Unknown
    if isinstance(name, str) and fields["region"] != "unknown" and fields["account"] != "unknown":
        # SSM ARNs drop the hierarchy's leading slash (encryption context PARAMETER_ARN, docs/aws-behaviour.md §10).
        parameter_arn = Arn(
            str(AwsArn.ssm_parameter(fields["partition"], fields["region"], fields["account"], name))
        )
    else:
        parameter_arn = deploy_time(resource, "Arn", "the parameter ARN")
    yield SsmParameter(
        **fields,
        name=name,
        arn=parameter_arn,
        type=req_str(a, "Type", "parameter"),
        tier=first(get_str(a, "Tier"), "Standard"),
        data_type=first(get_str(a, "DataType"), "text"),
        allowed_pattern=get_str(a, "AllowedPattern"),
        description=get_str(a, "Description"),
        policies=parse_policy(a.get("Policies")),
        value=_value_shape(resource),
        tags=tags(a, "Tags"),
    )
