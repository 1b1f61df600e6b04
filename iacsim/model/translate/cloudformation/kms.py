"""CloudFormation KMS resources → :mod:`iacsim.model.kms`.

AWS CloudFormation User Guide: ``AWS::KMS::Key``, ``AWS::KMS::ReplicaKey``, ``AWS::KMS::Alias``
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/AWS_KMS.html).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn, KeyId
from iacsim.model.kms import ImportedMaterial, KeyOrigin, KmsAlias, KmsKey
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    arn,
    bool_or,
    get_int,
    get_str,
    parse_policy,
    placement_fields,
    req_str,
    tags,
)
from iacsim.model.translate.cloudformation.common import deploy_time, first
from iacsim.values import Unknown

_ORIGINS: tuple[KeyOrigin, ...] = ("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE")


_KEY_ATTRS = {
    "description": "Description",
    "deletion_window_days": "PendingWindowInDays",
    "policy": "KeyPolicy",
    "enabled": "Enabled",
    "tags": "Tags",
}
"""Model attribute → CloudFormation property, shared by keys and replica keys (see :mod:`iacsim.model.provenance`)."""


def _key_fields(resource: Resource) -> dict[str, Any]:
    a = resource.attrs
    key_arn: Arn | Unknown = deploy_time(resource, "Arn", "the key ARN")
    key_id: KeyId | Unknown = deploy_time(resource, "KeyId", "the key id")
    return {
        **placement_fields(resource),
        "arn": key_arn,
        "key_id": key_id,
        "description": get_str(a, "Description"),
        # PendingWindowInDays: 7–30, AWS default 30 (left None like Terraform's unset argument).
        "deletion_window_days": get_int(a, "PendingWindowInDays"),
        "policy": parse_policy(a.get("KeyPolicy")),
        "enabled": bool_or(a, "Enabled", True),
        "tags": tags(a, "Tags"),
    }


def _origin(value: str | Unknown | None) -> KeyOrigin | Unknown:
    if value is None:
        return "AWS_KMS"
    if isinstance(value, Unknown):
        return value
    for origin in _ORIGINS:
        if origin == value:
            return origin
    return Unknown(f"Origin {value!r} is not a KMS key origin")


@translates("AWS::KMS::Key", attrs={
    **_KEY_ATTRS,
    "spec": "KeySpec",
    "usage": "KeyUsage",
    "origin": "Origin",
    "multi_region": "MultiRegion",
    "rotation_enabled": "EnableKeyRotation",
    "rotation_period_days": "RotationPeriodInDays",
    "bypass_policy_lockout_safety_check": "BypassPolicyLockoutSafetyCheck",
})
def kms_key(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    origin = _origin(get_str(a, "Origin"))
    imported = None
    if origin == "EXTERNAL":
        # CloudFormation creates the key in PendingImport; the material (and its ValidTo) is imported
        # afterwards with ImportKeyMaterial, outside the template (AWS::KMS::Key "Origin").
        outside = Unknown("key material is imported outside CloudFormation (ImportKeyMaterial)")
        imported = ImportedMaterial(material_present=outside, valid_to=outside)
    yield KmsKey(
        **_key_fields(resource),
        spec=first(get_str(a, "KeySpec"), "SYMMETRIC_DEFAULT"),
        usage=first(get_str(a, "KeyUsage"), "ENCRYPT_DECRYPT"),
        origin=origin,
        multi_region=bool_or(a, "MultiRegion", False),
        rotation_enabled=bool_or(a, "EnableKeyRotation", False),
        rotation_period_days=get_int(a, "RotationPeriodInDays"),
        bypass_policy_lockout_safety_check=bool_or(a, "BypassPolicyLockoutSafetyCheck", False),
        imported=imported,
    )


@translates("AWS::KMS::ReplicaKey", attrs={**_KEY_ATTRS, "replica_of": "PrimaryKeyArn"})
def kms_replica_key(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    # Spec, usage, origin and rotation belong to the primary (KMS "Multi-Region keys"); the
    # template cannot say them for a replica, World.primary_of() gives them.
    yield KmsKey(
        **_key_fields(resource),
        multi_region=True,
        replica_of=req_str(a, "PrimaryKeyArn", "replica key"),
    )


@translates("AWS::KMS::Alias", attrs={"name": "AliasName", "target_key": "TargetKeyId"})
def kms_alias(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = req_str(a, "AliasName", "alias")
    alias_arn: Arn | Unknown
    if isinstance(name, str) and fields["region"] != "unknown" and fields["account"] != "unknown":
        # Alias ARNs are deterministic: arn:<p>:kms:<region>:<account>:<alias name>.
        alias_arn = Arn(arn(fields["partition"], "kms", fields["region"], fields["account"], name))
    else:
        alias_arn = deploy_time(resource, "Arn", "the alias ARN")
    yield KmsAlias(**fields, name=name, arn=alias_arn, target_key=req_str(a, "TargetKeyId", "alias"))
