"""Terraform ``aws_cloudwatch_log_group`` → :class:`iacsim.model.logs.LogGroup`.

Provider docs ``r/cloudwatch_log_group``: ``name`` | ``name_prefix``, ``kms_key_id`` ("The ARN of the KMS
Key to use when encrypting log data"), ``retention_in_days``, ``log_group_class``; the exported ``arn``
has no ``:*`` suffix.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.logs import LogGroup, log_group_arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import computed, generated_name, get_int, get_str, placement_fields, tags
from iacsim.values import Unknown


@translates("aws_cloudwatch_log_group", attrs={
    "kms_key": "kms_key_id",
    "retention_in_days": "retention_in_days",
    "log_group_class": "log_group_class",
})
def cloudwatch_log_group(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = get_str(a, "name")
    prefix = get_str(a, "name_prefix")
    group_name: str | Unknown = name if name is not None else generated_name(resource, "the log group name")
    group_arn: Arn | Unknown
    if isinstance(group_name, str) and "unknown" not in (fields["account"], fields["region"]):
        group_arn = Arn(log_group_arn(fields["partition"], fields["region"], fields["account"], group_name))
    else:
        found = computed(a, "arn", resource.address)
        group_arn = Arn(found.removesuffix(":*")) if isinstance(found, str) else found
    yield LogGroup(
        **fields,
        name=group_name,
        arn=group_arn,
        name_prefix=prefix,
        kms_key=get_str(a, "kms_key_id"),
        retention_in_days=get_int(a, "retention_in_days"),
        log_group_class=get_str(a, "log_group_class"),
        tags=tags(a),
    )
