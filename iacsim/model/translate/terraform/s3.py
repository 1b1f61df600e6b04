"""Terraform S3 resources → :mod:`iacsim.model.s3`.

Both spellings of each setting are read: the legacy inline blocks of
``aws_s3_bucket`` (provider < v4 style, still accepted) and the separate
resources ``aws_s3_bucket_versioning``, ``aws_s3_bucket_server_side_encryption_configuration``,
``aws_s3_bucket_policy``, ``aws_s3_bucket_replication_configuration``
(provider docs ``r/s3_bucket*``). Separate resources become fragments that
:func:`iacsim.model.build_world` merges into the bucket.
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
    attr,
    block,
    blocks,
    bool_default,
    bool_or,
    generated_name,
    get_str,
    parse_policy,
    placement_fields,
    req_str,
    require_policy,
    status_bool,
    str_or,
    string_map,
    sub,
    tags,
    to_bool,
    to_int,
)
from iacsim.values import Unknown


def _bucket_name(resource: Resource) -> str | Unknown:
    a = resource.attrs
    name = get_str(a, "bucket")
    if name is not None:
        return name
    return generated_name(resource, "bucket name", name_attr="bucket", prefix_attr="bucket_prefix")


def _str_or_unknown(value: Any, name: str) -> str | Unknown | None:
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return value or None
    return Unknown(f"{name}: expected a string, got {type(value).__name__}")


# -- encryption --------------------------------------------------------------------------------


def _encryption(resource: Resource, bucket: Ref, config: dict[str, Any] | Unknown) -> BucketEncryption:
    """From ``{rule: [{apply_server_side_encryption_by_default: [...], bucket_key_enabled}]}``."""
    rules = blocks(config, "rule") if isinstance(config, dict) else config
    if isinstance(rules, Unknown):
        return BucketEncryption(**placement_fields(resource), bucket=bucket, sse_algorithm=rules)
    for rule in rules:
        by_default = block(rule, "apply_server_side_encryption_by_default")
        if by_default is None:
            continue
        return BucketEncryption(
            **placement_fields(resource),
            bucket=bucket,
            sse_algorithm=str_or(
                _str_or_unknown(attr(by_default, "sse_algorithm"), "sse_algorithm"),
                Unknown("sse_algorithm not set"),
            ),
            kms_key=_str_or_unknown(attr(by_default, "kms_master_key_id"), "kms_master_key_id"),
            bucket_key_enabled=bool_default(
                to_bool(rule.get("bucket_key_enabled"), "bucket_key_enabled"), False
            ),
        )
    return BucketEncryption(
        **placement_fields(resource), bucket=bucket, sse_algorithm=Unknown("no default encryption rule")
    )


# -- replication -------------------------------------------------------------------------------


def _status(value: Any, name: str) -> bool | Unknown | None:
    return status_bool(value, name)


def _destination_v2(dest: dict[str, Any] | Unknown | None) -> ReplicationDestination:
    if dest is None:
        return ReplicationDestination(bucket=Unknown("replication rule has no destination"))
    if isinstance(dest, Unknown):
        return ReplicationDestination(bucket=dest)
    return ReplicationDestination(
        bucket=str_or(
            _str_or_unknown(dest.get("bucket"), "destination.bucket"), Unknown("destination.bucket not set")
        ),
        account=_str_or_unknown(dest.get("account"), "destination.account"),
        storage_class=_str_or_unknown(dest.get("storage_class"), "storage_class"),
        replica_kms_key_id=_str_or_unknown(
            attr(sub(dest, "encryption_configuration"), "replica_kms_key_id"), "replica_kms_key_id"
        ),
        access_control_translation_owner=_str_or_unknown(
            attr(sub(dest, "access_control_translation"), "owner"), "access_control_translation.owner"
        ),
        replication_time_enabled=_status(
            attr(sub(dest, "replication_time"), "status"), "replication_time.status"
        ),
        metrics_enabled=_status(attr(sub(dest, "metrics"), "status"), "metrics.status"),
    )


def _filter(rule: dict[str, Any]) -> tuple[bool, str | Unknown | None, Any]:
    """(has_filter, prefix, tags) of a V2 rule: ``filter {prefix | tag | and {prefix, tags}}``."""
    filt = block(rule, "filter")
    if filt is None:
        return False, _str_or_unknown(rule.get("prefix"), "prefix"), None
    if isinstance(filt, Unknown):
        return True, filt, filt
    and_block = block(filt, "and")
    if and_block is not None:
        return (
            True,
            _str_or_unknown(attr(and_block, "prefix"), "filter.and.prefix"),
            (string_map(attr(and_block, "tags"), "filter.and.tags")),
        )
    tag = block(filt, "tag")
    tags_value: Any = None
    if isinstance(tag, Unknown):
        tags_value = tag
    elif tag is not None and isinstance(tag.get("key"), str):
        tags_value = {tag["key"]: tag.get("value")}
    return True, _str_or_unknown(filt.get("prefix"), "filter.prefix"), tags_value


def _rule_v2(rule: dict[str, Any]) -> ReplicationRule:
    has_filter, prefix, filter_tags = _filter(rule)
    criteria = block(rule, "source_selection_criteria")
    return ReplicationRule(
        id=_str_or_unknown(rule.get("id"), "id"),
        status=str_or(_str_or_unknown(rule.get("status"), "status"), Unknown("rule status not set")),
        destination=_destination_v2(block(rule, "destination")),
        priority=to_int(rule.get("priority"), "priority"),
        prefix=prefix,
        filter_tags=filter_tags,
        has_filter=has_filter,
        sse_kms_encrypted_objects=_status(
            attr(sub(criteria, "sse_kms_encrypted_objects"), "status"), "sse_kms_encrypted_objects.status"
        ),
        replica_modifications=_status(
            attr(sub(criteria, "replica_modifications"), "status"), "replica_modifications.status"
        ),
        delete_marker_replication=_status(
            attr(block(rule, "delete_marker_replication"), "status"), "delete_marker_replication.status"
        ),
        existing_object_replication=_status(
            attr(block(rule, "existing_object_replication"), "status"), "existing_object_replication.status"
        ),
    )


def _rule_legacy(rule: dict[str, Any]) -> ReplicationRule:
    """A rule of the inline ``replication_configuration.rules`` block (provider v3 shape)."""
    dest = block(rule, "destination")
    if dest is None or isinstance(dest, Unknown):
        destination = _destination_v2(dest)
    else:
        destination = ReplicationDestination(
            bucket=str_or(
                _str_or_unknown(dest.get("bucket"), "destination.bucket"),
                Unknown("destination.bucket not set"),
            ),
            account=_str_or_unknown(dest.get("account_id"), "destination.account_id"),
            storage_class=_str_or_unknown(dest.get("storage_class"), "storage_class"),
            replica_kms_key_id=_str_or_unknown(dest.get("replica_kms_key_id"), "replica_kms_key_id"),
            access_control_translation_owner=_str_or_unknown(
                attr(sub(dest, "access_control_translation"), "owner"), "access_control_translation.owner"
            ),
            replication_time_enabled=_status(
                attr(sub(dest, "replication_time"), "status"), "replication_time"
            ),
            metrics_enabled=_status(attr(sub(dest, "metrics"), "status"), "metrics"),
        )
    criteria = block(rule, "source_selection_criteria")
    filt = block(rule, "filter")
    prefix: str | Unknown | None
    filter_tags: Any
    if filt is None:
        prefix, filter_tags = _str_or_unknown(rule.get("prefix"), "prefix"), None
    elif isinstance(filt, Unknown):
        prefix, filter_tags = filt, filt
    else:
        prefix, filter_tags = (
            _str_or_unknown(filt.get("prefix"), "filter.prefix"),
            string_map(filt.get("tags"), "tags"),
        )
    delete_markers = rule.get("delete_marker_replication_status")
    return ReplicationRule(
        id=_str_or_unknown(rule.get("id"), "id"),
        status=str_or(_str_or_unknown(rule.get("status"), "status"), Unknown("rule status not set")),
        destination=destination,
        priority=to_int(rule.get("priority"), "priority"),
        prefix=prefix,
        filter_tags=filter_tags,
        has_filter=filt is not None,
        # v3 shape: sse_kms_encrypted_objects { enabled = true }.
        sse_kms_encrypted_objects=to_bool(
            attr(sub(criteria, "sse_kms_encrypted_objects"), "enabled"), "enabled"
        ),
        delete_marker_replication=_status(delete_markers, "delete_marker_replication_status")
        if delete_markers not in (None, "")
        else None,
    )


def _replication(
    resource: Resource, bucket: Ref, config: dict[str, Any] | Unknown, *, legacy: bool
) -> ReplicationConfiguration:
    fields = placement_fields(resource)
    if isinstance(config, Unknown):
        return ReplicationConfiguration(
            **fields, bucket=bucket, role=config, rules=config, legacy_inline=legacy
        )
    rules = blocks(config, "rules" if legacy else "rule")
    return ReplicationConfiguration(
        **fields,
        bucket=bucket,
        role=str_or(_str_or_unknown(config.get("role"), "role"), Unknown("replication role not set")),
        rules=rules
        if isinstance(rules, Unknown)
        else tuple((_rule_legacy if legacy else _rule_v2)(r) for r in rules),
        legacy_inline=legacy,
    )


# -- resources ---------------------------------------------------------------------------------


def _object_lock(a: dict[str, Any]) -> bool | Unknown:
    """``object_lock_enabled``, or the deprecated inline ``object_lock_configuration { object_lock_enabled =
    "Enabled" }`` (provider ``r/s3_bucket``)."""
    if a.get("object_lock_enabled") is not None:
        return bool_or(a, "object_lock_enabled", False)
    legacy = block(a, "object_lock_configuration")
    if isinstance(legacy, Unknown):
        return legacy
    if legacy is None:
        return False
    status = legacy.get("object_lock_enabled")
    return status if isinstance(status, Unknown) else status == "Enabled"


@translates("aws_s3_bucket", attrs={
    "object_lock_enabled": "object_lock_enabled",
    "force_destroy": "force_destroy",
})
def s3_bucket(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = _bucket_name(resource)
    bucket_arn: Arn | Unknown
    given_arn = a.get("arn")
    if isinstance(given_arn, str) and given_arn:
        bucket_arn = Arn(given_arn)
    elif isinstance(name, str):
        bucket_arn = Arn(str(AwsArn.s3_bucket(fields["partition"], name)))
    else:
        bucket_arn = Unknown(name.reason, f"{resource.address}.arn")
    ref: Ref = name

    versioning = None
    legacy_versioning = block(a, "versioning")
    if isinstance(legacy_versioning, Unknown):
        versioning = BucketVersioning(**fields, bucket=ref, status=legacy_versioning)
    elif legacy_versioning is not None:
        enabled = to_bool(legacy_versioning.get("enabled"), "versioning.enabled")
        # enabled = false is what plan JSON shows for a bucket that never configured versioning:
        # not a setting (it would otherwise clash with a separate aws_s3_bucket_versioning).
        if enabled is not False and enabled is not None:
            mfa = to_bool(legacy_versioning.get("mfa_delete"), "mfa_delete")
            versioning = BucketVersioning(
                **fields,
                bucket=ref,
                status=enabled if isinstance(enabled, Unknown) else "Enabled",
                mfa_delete=mfa if isinstance(mfa, Unknown) else ("Enabled" if mfa else None),
            )

    encryption = None
    legacy_sse = block(a, "server_side_encryption_configuration")
    if legacy_sse is not None:
        encryption = _encryption(resource, ref, legacy_sse)

    replication = None
    legacy_replication = block(a, "replication_configuration")
    if legacy_replication is not None:
        replication = _replication(resource, ref, legacy_replication, legacy=True)

    policy = None
    inline_policy = parse_policy(a.get("policy"))
    if inline_policy is not None:
        policy = BucketPolicy(**fields, bucket=ref, policy=inline_policy)

    yield S3Bucket(
        **fields,
        name=name,
        arn=bucket_arn,
        versioning=versioning,
        encryption=encryption,
        policy=policy,
        replication=replication,
        object_lock_enabled=_object_lock(a),
        force_destroy=bool_or(a, "force_destroy", False),
        tags=tags(a),
    )


@translates("aws_s3_bucket_versioning", attrs={"bucket": "bucket"})
def s3_bucket_versioning(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    config = block(a, "versioning_configuration")
    yield BucketVersioning(
        **placement_fields(resource),
        bucket=req_str(a, "bucket", "bucket versioning"),
        status=str_or(
            _str_or_unknown(attr(config, "status"), "status"),
            Unknown("versioning_configuration.status not set"),
        ),
        mfa_delete=_str_or_unknown(attr(config, "mfa_delete"), "mfa_delete"),
    )


@translates("aws_s3_bucket_server_side_encryption_configuration")
def s3_bucket_sse(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    rules = blocks(a, "rule")
    yield _encryption(
        resource,
        req_str(a, "bucket", "bucket encryption"),
        {"rule": rules} if isinstance(rules, list) else rules,
    )


@translates("aws_s3_bucket_policy", attrs={"bucket": "bucket", "policy": "policy"})
def s3_bucket_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield BucketPolicy(
        **placement_fields(resource),
        bucket=req_str(a, "bucket", "bucket policy"),
        policy=require_policy(a.get("policy"), "bucket policy"),
    )


@translates("aws_s3_bucket_replication_configuration")
def s3_bucket_replication(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield _replication(resource, req_str(a, "bucket", "replication configuration"), dict(a), legacy=False)
