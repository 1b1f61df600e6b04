"""CloudFormation S3 resources → :mod:`iacsim.model.s3`.

AWS CloudFormation User Guide: ``AWS::S3::Bucket`` (``BucketEncryption``,
``VersioningConfiguration``, ``ReplicationConfiguration``, ``ObjectLockEnabled``) and
``AWS::S3::BucketPolicy``. Unlike Terraform, the bucket's settings are properties of the
bucket itself, so they are attached to :class:`S3Bucket` directly (each keeping the bucket's
address); a bucket policy is a fragment merged by ``build_world``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn, Ref
from iacsim.model.registry import translates
from iacsim.model.s3 import (
    BucketEncryption,
    BucketPolicy,
    BucketVersioning,
    ReplicationConfiguration,
    ReplicationDestination,
    ReplicationRule,
    S3Bucket,
)
from iacsim.model.translate.attrs import (
    bool_or,
    get_str,
    placement_fields,
    req_str,
    require_policy,
    string_map,
    tags,
    to_bool,
    to_int,
)
from iacsim.model.translate.cloudformation.common import (
    deploy_time,
    field_of,
    first,
    items,
    mapping,
    status_of,
)
from iacsim.model.translate.cloudformation.messaging import bucket_notification
from iacsim.values import Unknown


def _str(value: Any) -> str | Unknown | None:
    if value is None or isinstance(value, str | Unknown):
        return value
    return str(value)


def _versioning(resource: Resource, bucket: Ref) -> BucketVersioning | None:
    config = mapping(resource.attrs.get("VersioningConfiguration"))
    if config is None:
        return None
    status = _str(field_of(config, "Status"))
    return BucketVersioning(
        **placement_fields(resource),
        bucket=bucket,
        status=status if status is not None else Unknown("VersioningConfiguration.Status not set"),
    )


def _encryption(resource: Resource, bucket: Ref) -> BucketEncryption | None:
    config = mapping(resource.attrs.get("BucketEncryption"))
    if config is None:
        return None
    rules = items(field_of(config, "ServerSideEncryptionConfiguration"))
    rule = rules if isinstance(rules, Unknown) else (mapping(rules[0]) if rules else None)
    if rule is None:
        return None
    default = mapping(field_of(rule, "ServerSideEncryptionByDefault"))
    algorithm = _str(field_of(default, "SSEAlgorithm"))
    bucket_key = to_bool(field_of(rule, "BucketKeyEnabled"), "BucketKeyEnabled")
    return BucketEncryption(
        **placement_fields(resource),
        bucket=bucket,
        sse_algorithm=algorithm if algorithm is not None else Unknown("SSEAlgorithm not set"),
        kms_key=_str(field_of(default, "KMSMasterKeyID")),
        bucket_key_enabled=False if bucket_key is None else bucket_key,
    )


def _rule(raw: Any) -> ReplicationRule:
    rule = mapping(raw)
    destination = mapping(field_of(rule, "Destination"))
    encryption = mapping(field_of(destination, "EncryptionConfiguration"))
    acl = mapping(field_of(destination, "AccessControlTranslation"))
    filter_ = mapping(field_of(rule, "Filter"))
    and_ = mapping(field_of(filter_, "And"))
    prefix = first(
        _str(field_of(filter_, "Prefix")), _str(field_of(and_, "Prefix")), _str(field_of(rule, "Prefix"))
    )
    tag_filter = mapping(field_of(filter_, "TagFilter"))
    filter_tags: Any = None
    if tag_filter is not None:
        filter_tags = string_map([tag_filter] if isinstance(tag_filter, dict) else tag_filter, "TagFilter")
    elif and_ is not None and field_of(and_, "TagFilters") is not None:
        filter_tags = string_map(field_of(and_, "TagFilters"), "TagFilters")
    status = _str(field_of(rule, "Status"))
    bucket = _str(field_of(destination, "Bucket"))
    return ReplicationRule(
        id=_str(field_of(rule, "Id")),
        status=status if status is not None else Unknown("replication rule Status not set"),
        destination=ReplicationDestination(
            bucket=bucket if bucket is not None else Unknown("replication Destination.Bucket not set"),
            account=_str(field_of(destination, "Account")),
            storage_class=_str(field_of(destination, "StorageClass")),
            replica_kms_key_id=_str(field_of(encryption, "ReplicaKmsKeyID")),
            access_control_translation_owner=_str(field_of(acl, "Owner")),
            replication_time_enabled=status_of(destination, "ReplicationTime"),
            metrics_enabled=status_of(destination, "Metrics"),
        ),
        priority=to_int(field_of(rule, "Priority"), "Priority"),
        prefix=prefix,
        filter_tags=filter_tags,
        has_filter=filter_ is not None,
        sse_kms_encrypted_objects=status_of(
            mapping(field_of(rule, "SourceSelectionCriteria")), "SseKmsEncryptedObjects"
        ),
        replica_modifications=status_of(
            mapping(field_of(rule, "SourceSelectionCriteria")), "ReplicaModifications"
        ),
        delete_marker_replication=status_of(rule, "DeleteMarkerReplication"),
    )


def _replication(resource: Resource, bucket: Ref) -> ReplicationConfiguration | None:
    config = mapping(resource.attrs.get("ReplicationConfiguration"))
    if config is None:
        return None
    raw_rules = items(field_of(config, "Rules"))
    rules: tuple[ReplicationRule, ...] | Unknown = (
        raw_rules if isinstance(raw_rules, Unknown) else tuple(_rule(r) for r in raw_rules)
    )
    role = _str(field_of(config, "Role"))
    return ReplicationConfiguration(
        **placement_fields(resource),
        bucket=bucket,
        role=role if role is not None else Unknown("ReplicationConfiguration.Role not set"),
        rules=rules,
    )


@translates("AWS::S3::Bucket", attrs={"object_lock_enabled": "ObjectLockEnabled", "tags": "Tags"})
def s3_bucket(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name: str | Unknown = first(get_str(a, "BucketName"), deploy_time(resource, "Ref", "the bucket name"))
    bucket_arn: Arn | Unknown = (
        Arn(str(AwsArn.s3_bucket(fields["partition"], name)))
        if isinstance(name, str)
        else deploy_time(resource, "Arn", "the bucket ARN")
    )
    yield S3Bucket(
        **fields,
        name=name,
        arn=bucket_arn,
        versioning=_versioning(resource, name),
        encryption=_encryption(resource, name),
        replication=_replication(resource, name),
        object_lock_enabled=bool_or(a, "ObjectLockEnabled", False),
        tags=tags(a, "Tags"),
    )
    # Event notifications to SNS/SQS/Lambda (issue 8, messaging): a separate object naming the bucket.
    notification = bucket_notification(resource, name)
    if notification is not None:
        yield notification


@translates("AWS::S3::BucketPolicy", attrs={"bucket": "Bucket", "policy": "PolicyDocument"})
def s3_bucket_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield BucketPolicy(
        **placement_fields(resource),
        bucket=req_str(a, "Bucket", "bucket policy"),
        policy=require_policy(a.get("PolicyDocument"), "AWS::S3::BucketPolicy"),
    )
