"""CloudFormation ``AWS::Logs::LogGroup`` → :class:`iacsim.model.logs.LogGroup`.

AWS CloudFormation User Guide, ``AWS::Logs::LogGroup``: ``LogGroupName`` (generated when omitted),
``KmsKeyId`` (the key ARN: "To associate an AWS KMS key with the log group, specify the ARN of that KMS
key"), ``RetentionInDays``, ``LogGroupClass``. ``Fn::GetAtt Arn`` ends in ``:*``; the model keeps the
ARN without it, the value of the ``aws:logs:arn`` encryption context.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.logs import LogGroup, log_group_arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import get_int, get_str, placement_fields, tags
from iacsim.model.translate.cloudformation.common import deploy_time
from iacsim.values import Unknown


@translates("AWS::Logs::LogGroup", attrs={
    "kms_key": "KmsKeyId",
    "retention_in_days": "RetentionInDays",
    "log_group_class": "LogGroupClass",
    "tags": "Tags",
})
def log_group(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = get_str(a, "LogGroupName")
    group_name: str | Unknown = name if name is not None else deploy_time(resource, "Ref", "the log group name")
    group_arn: Arn | Unknown
    if isinstance(group_name, str) and "unknown" not in (fields["account"], fields["region"]):
        group_arn = Arn(log_group_arn(fields["partition"], fields["region"], fields["account"], group_name))
    else:
        group_arn = deploy_time(resource, "Arn", "the log group ARN")
    yield LogGroup(
        **fields,
        name=group_name,
        arn=group_arn,
        kms_key=get_str(a, "KmsKeyId"),
        retention_in_days=get_int(a, "RetentionInDays"),
        log_group_class=get_str(a, "LogGroupClass"),
        tags=tags(a, "Tags"),
    )
