"""Terraform KMS resources → :mod:`iacsim.model.kms`.

terraform-provider-aws docs: ``r/kms_key``, ``r/kms_external_key``, ``r/kms_replica_key``,
``r/kms_replica_external_key``, ``r/kms_alias``, ``r/kms_grant``, ``r/kms_key_policy``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.ids import Arn
from iacsim.model.kms import (
    GrantConstraints,
    ImportedMaterial,
    KeyOrigin,
    KeyPolicy,
    KmsAlias,
    KmsGrant,
    KmsKey,
)
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    arn,
    blocks,
    bool_or,
    computed,
    get_int,
    get_str,
    known_str_tuple,
    parse_policy,
    placement_fields,
    req_str,
    require_policy,
    str_or,
    str_tuple,
    string_map,
    tags,
)
from iacsim.values import Unknown

_KEY_ATTRS = {
    "description": "description",
    "deletion_window_days": "deletion_window_in_days",
    "policy": "policy",
    "bypass_policy_lockout_safety_check": "bypass_policy_lockout_safety_check",
    "tags": "tags",
}
"""Model attribute → Terraform argument, shared by every key resource (see :mod:`iacsim.model.provenance`)."""


def _common_key_fields(resource: Resource) -> dict[str, Any]:
    """Arguments every key resource shares."""
    a = resource.attrs
    return {
        **placement_fields(resource),
        "arn": computed(a, "arn", resource.address),
        "key_id": computed(a, "key_id", resource.address),
        "description": get_str(a, "description"),
        "deletion_window_days": get_int(a, "deletion_window_in_days"),
        "policy": parse_policy(a.get("policy")),
        "bypass_policy_lockout_safety_check": bool_or(a, "bypass_policy_lockout_safety_check", False),
        "tags": tags(a),
    }


def _imported(resource: Resource) -> ImportedMaterial:
    """What the code says about imported material; ``key_material_base64`` itself is dropped here."""
    material = resource.attrs.get("key_material_base64")
    present: bool | Unknown
    if isinstance(material, Unknown):
        # Supplied at apply time (a variable without default, TF_VAR_…): present, but only then.
        present = Unknown(f"key material not known statically: {material.reason}")
    else:
        present = isinstance(material, str) and material != ""
    return ImportedMaterial(material_present=present, valid_to=get_str(resource.attrs, "valid_to"))


def _origin(a: dict[str, Any]) -> KeyOrigin:
    # xks_key_id is required for (and only for) keys in an external key store; a custom key store
    # without it is a CloudHSM key store (provider docs, r/kms_key).
    if a.get("xks_key_id") is not None:
        return "EXTERNAL_KEY_STORE"
    if a.get("custom_key_store_id") is not None:
        return "AWS_CLOUDHSM"
    return "AWS_KMS"


@translates("aws_kms_key", attrs={
    **_KEY_ATTRS,
    "spec": "customer_master_key_spec",
    "usage": "key_usage",
    "multi_region": "multi_region",
    "rotation_enabled": "enable_key_rotation",
    "rotation_period_days": "rotation_period_in_days",
    "enabled": "is_enabled",
    "custom_key_store_id": "custom_key_store_id",
})
def kms_key(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield KmsKey(
        **_common_key_fields(resource),
        spec=str_or(get_str(a, "customer_master_key_spec"), "SYMMETRIC_DEFAULT"),
        usage=str_or(get_str(a, "key_usage"), "ENCRYPT_DECRYPT"),
        origin=_origin(a),
        multi_region=bool_or(a, "multi_region", False),
        rotation_enabled=bool_or(a, "enable_key_rotation", False),
        rotation_period_days=get_int(a, "rotation_period_in_days"),
        enabled=bool_or(a, "is_enabled", True),
        custom_key_store_id=get_str(a, "custom_key_store_id"),
    )


@translates("aws_kms_external_key", attrs={
    **_KEY_ATTRS,
    "spec": "key_spec",
    "usage": "key_usage",
    "multi_region": "multi_region",
    "enabled": "enabled",
    "imported": "key_material_base64",
})
def kms_external_key(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield KmsKey(
        **_common_key_fields(resource),
        spec=str_or(get_str(a, "key_spec"), "SYMMETRIC_DEFAULT"),
        usage=str_or(get_str(a, "key_usage"), "ENCRYPT_DECRYPT"),
        origin="EXTERNAL",
        multi_region=bool_or(a, "multi_region", False),
        enabled=bool_or(a, "enabled", True),
        imported=_imported(resource),
    )


def _replica(resource: Resource, *, external: bool) -> KmsKey:
    a = resource.attrs
    primary = req_str(a, "primary_key_arn", "replica key")
    return KmsKey(
        **_common_key_fields(resource),
        # Spec, usage, origin and rotation are the primary's (KMS "Multi-Region keys"); the
        # replica states only its origin class, World.primary_of() gives the rest.
        origin="EXTERNAL" if external else "AWS_KMS",
        multi_region=True,
        enabled=bool_or(a, "enabled", True),
        replica_of=primary,
        imported=_imported(resource) if external else None,
    )


@translates("aws_kms_replica_key", attrs={**_KEY_ATTRS, "enabled": "enabled", "replica_of": "primary_key_arn"})
def kms_replica_key(resource: Resource) -> Iterator[ModelObject]:
    yield _replica(resource, external=False)


@translates("aws_kms_replica_external_key", attrs={
    **_KEY_ATTRS, "enabled": "enabled", "replica_of": "primary_key_arn", "imported": "key_material_base64",
})
def kms_replica_external_key(resource: Resource) -> Iterator[ModelObject]:
    yield _replica(resource, external=True)


@translates("aws_kms_key_policy", attrs={
    "key": "key_id", "policy": "policy", "bypass_policy_lockout_safety_check": "bypass_policy_lockout_safety_check",
})
def kms_key_policy(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    policy = require_policy(a.get("policy"), "aws_kms_key_policy")
    yield KeyPolicy(
        **placement_fields(resource),
        key=req_str(a, "key_id", "key policy"),
        policy=policy,
        bypass_policy_lockout_safety_check=bool_or(a, "bypass_policy_lockout_safety_check", False),
    )


@translates("aws_kms_alias", attrs={"name": "name", "arn": "arn", "target_key": "target_key_id"})
def kms_alias(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = get_str(a, "name")
    is_prefix = False
    if name is None:
        prefix = get_str(a, "name_prefix")
        is_prefix = prefix is not None
        name = prefix if prefix is not None else Unknown("aws_kms_alias: neither name nor name_prefix set")
    alias_arn: Arn | Unknown
    given = a.get("arn")
    if isinstance(given, str):
        alias_arn = Arn(given)
    elif isinstance(name, str) and not is_prefix and fields["region"] != "unknown":
        # Alias ARNs are deterministic: arn:<p>:kms:<region>:<account>:<alias name>.
        alias_arn = Arn(arn(fields["partition"], "kms", fields["region"], fields["account"], name))
    else:
        computed_arn = computed(a, "arn", resource.address)
        alias_arn = Arn(computed_arn) if isinstance(computed_arn, str) else computed_arn
    yield KmsAlias(
        **fields,
        name=name,
        name_is_prefix=is_prefix,
        arn=alias_arn,
        target_key=req_str(a, "target_key_id", "alias"),
    )


@translates("aws_kms_grant", attrs={
    "name": "name",
    "key": "key_id",
    "grantee_principal": "grantee_principal",
    "retiring_principal": "retiring_principal",
    "operations": "operations",
    "constraints": "constraints",
    "grant_creation_tokens": "grant_creation_tokens",
})
def kms_grant(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    constraints: list[GrantConstraints] = []
    found = blocks(a, "constraints")
    if isinstance(found, Unknown):
        constraints.append(GrantConstraints(encryption_context_equals=found, encryption_context_subset=found))
    else:
        for c in found:
            constraints.append(
                GrantConstraints(
                    encryption_context_equals=string_map(
                        c.get("encryption_context_equals"), "encryption_context_equals"
                    ),
                    encryption_context_subset=string_map(
                        c.get("encryption_context_subset"), "encryption_context_subset"
                    ),
                )
            )
    yield KmsGrant(
        **placement_fields(resource),
        name=get_str(a, "name"),
        key=req_str(a, "key_id", "grant"),
        grantee_principal=req_str(a, "grantee_principal", "grant"),
        retiring_principal=get_str(a, "retiring_principal"),
        operations=str_tuple(a.get("operations"), "operations"),
        constraints=tuple(constraints),
        grant_creation_tokens=known_str_tuple(a.get("grant_creation_tokens"), "grant_creation_tokens"),
    )
