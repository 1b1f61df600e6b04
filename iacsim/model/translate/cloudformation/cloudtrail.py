"""CloudFormation ``AWS::CloudTrail::Trail`` → :class:`iacsim.model.cloudtrail.Trail`.

AWS CloudFormation User Guide, ``AWS::CloudTrail::Trail``: ``TrailName`` (generated when omitted),
``S3BucketName``, ``S3KeyPrefix``, ``KMSKeyId`` (alias name, alias ARN, key ARN or key id),
``IsLogging`` (required), ``IsMultiRegionTrail``, ``IsOrganizationTrail``, ``EnableLogFileValidation``,
``IncludeGlobalServiceEvents``, ``CloudWatchLogsLogGroupArn``, ``CloudWatchLogsRoleArn``, ``SnsTopicName``.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.cloudtrail import Trail, trail_arn
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import bool_or, get_str, placement_fields, req_str, tags
from iacsim.model.translate.cloudformation.common import deploy_time
from iacsim.values import Unknown


@translates("AWS::CloudTrail::Trail", attrs={
    "s3_bucket": "S3BucketName",
    "s3_key_prefix": "S3KeyPrefix",
    "kms_key": "KMSKeyId",
    "multi_region": "IsMultiRegionTrail",
    "organization_trail": "IsOrganizationTrail",
    "log_file_validation": "EnableLogFileValidation",
    "logging": "IsLogging",
    "include_global_service_events": "IncludeGlobalServiceEvents",
    "cloud_watch_logs_group": "CloudWatchLogsLogGroupArn",
    "cloud_watch_logs_role": "CloudWatchLogsRoleArn",
    "sns_topic": "SnsTopicName",
    "tags": "Tags",
})
def trail(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = get_str(a, "TrailName")
    trail_name: str | Unknown = name if name is not None else deploy_time(resource, "Ref", "the trail name")
    arn: Arn | Unknown
    if isinstance(trail_name, str) and "unknown" not in (fields["account"], fields["region"]):
        arn = Arn(trail_arn(fields["partition"], fields["region"], fields["account"], trail_name))
    else:
        arn = deploy_time(resource, "Arn", "the trail ARN")
    yield Trail(
        **fields,
        name=trail_name,
        arn=arn,
        s3_bucket=req_str(a, "S3BucketName", "trail"),
        s3_key_prefix=get_str(a, "S3KeyPrefix"),
        kms_key=get_str(a, "KMSKeyId"),
        multi_region=bool_or(a, "IsMultiRegionTrail", False),
        organization_trail=bool_or(a, "IsOrganizationTrail", False),
        log_file_validation=bool_or(a, "EnableLogFileValidation", False),
        logging=bool_or(a, "IsLogging", True),
        include_global_service_events=bool_or(a, "IncludeGlobalServiceEvents", True),
        cloud_watch_logs_group=get_str(a, "CloudWatchLogsLogGroupArn"),
        cloud_watch_logs_role=get_str(a, "CloudWatchLogsRoleArn"),
        sns_topic=get_str(a, "SnsTopicName"),
        tags=tags(a, "Tags"),
    )
