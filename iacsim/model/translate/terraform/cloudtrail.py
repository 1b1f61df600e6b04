"""Terraform ``aws_cloudtrail`` → :class:`iacsim.model.cloudtrail.Trail`.

Provider docs ``r/cloudtrail``: ``name``, ``s3_bucket_name``, ``s3_key_prefix``, ``kms_key_id`` (a key
ARN), ``is_multi_region_trail``, ``is_organization_trail``, ``enable_log_file_validation`` (default
false), ``enable_logging`` (default true), ``include_global_service_events`` (default true),
``cloud_watch_logs_group_arn``, ``cloud_watch_logs_role_arn``, ``sns_topic_name``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.cloudtrail import Trail, trail_arn
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import bool_or, computed, get_str, placement_fields, req_str, tags
from iacsim.values import Unknown


@translates("aws_cloudtrail", attrs={
    "s3_bucket": "s3_bucket_name",
    "s3_key_prefix": "s3_key_prefix",
    "kms_key": "kms_key_id",
    "multi_region": "is_multi_region_trail",
    "organization_trail": "is_organization_trail",
    "log_file_validation": "enable_log_file_validation",
    "logging": "enable_logging",
    "include_global_service_events": "include_global_service_events",
    "cloud_watch_logs_group": "cloud_watch_logs_group_arn",
    "cloud_watch_logs_role": "cloud_watch_logs_role_arn",
    "sns_topic": "sns_topic_name",
})
def cloudtrail(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = req_str(a, "name", "trail")
    arn: Arn | Unknown
    if isinstance(name, str) and "unknown" not in (fields["account"], fields["region"]):
        arn = Arn(trail_arn(fields["partition"], fields["region"], fields["account"], name))
    else:
        found = computed(a, "arn", resource.address)
        arn = Arn(found) if isinstance(found, str) else found
    yield Trail(
        **fields,
        name=name,
        arn=arn,
        s3_bucket=req_str(a, "s3_bucket_name", "trail"),
        s3_key_prefix=get_str(a, "s3_key_prefix"),
        kms_key=get_str(a, "kms_key_id"),
        multi_region=bool_or(a, "is_multi_region_trail", False),
        organization_trail=bool_or(a, "is_organization_trail", False),
        log_file_validation=bool_or(a, "enable_log_file_validation", False),
        logging=bool_or(a, "enable_logging", True),
        include_global_service_events=bool_or(a, "include_global_service_events", True),
        cloud_watch_logs_group=get_str(a, "cloud_watch_logs_group_arn"),
        cloud_watch_logs_role=get_str(a, "cloud_watch_logs_role_arn"),
        sns_topic=get_str(a, "sns_topic_name"),
        tags=tags(a),
    )
