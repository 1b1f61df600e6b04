"""``data "aws_kms_key"`` / ``data "aws_kms_alias"`` answered from keys defined in the scan.

``key_id`` of ``aws_kms_key`` accepts a key id, key ARN, alias name or alias ARN
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_key);
``aws_kms_alias`` takes ``name`` (``alias/…``). A key or alias lives in one
account and region, so a lookup by id or name matches only resources placed in
the data source's own account and region. A lookup that finds nothing stays
Unknown: the key may exist in AWS outside the scanned code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.load.resource import Placement, Resource
from iacsim.values import Unknown

KEY_TYPES = frozenset({"aws_kms_key", "aws_kms_external_key", "aws_kms_replica_key", "aws_kms_replica_external_key"})


@dataclass
class KmsRegistry:
    """KMS keys and aliases seen anywhere in the scan, by ARN and by (account, region, id/name)."""

    keys_by_arn: dict[str, Resource] = field(default_factory=dict)
    keys_by_id: dict[tuple[str, str, str], Resource] = field(default_factory=dict)
    aliases: dict[tuple[str, str, str], Resource] = field(default_factory=dict)

    def add(self, r: Resource) -> None:
        if r.mode != "managed":
            return
        account, region = r.placement.account, r.placement.region
        placed = isinstance(account, str) and isinstance(region, str)
        if r.type in KEY_TYPES:
            arn, key_id = r.attrs.get("arn"), r.attrs.get("key_id")
            if isinstance(arn, str):
                self.keys_by_arn[arn] = r
            if placed and isinstance(key_id, str):
                self.keys_by_id[(str(account), str(region), key_id)] = r
        elif r.type == "aws_kms_alias" and placed:
            name = r.attrs.get("name")
            if isinstance(name, str):
                self.aliases[(str(account), str(region), name)] = r

    def __bool__(self) -> bool:
        return bool(self.keys_by_arn or self.keys_by_id or self.aliases)

    def alias(self, ref: str, placement: Placement) -> Resource | None:
        if ref.startswith("arn:"):
            arn = Arn.parse(ref)
            if arn is not None and arn.resource.startswith("alias/"):
                return self.aliases.get((arn.account, arn.region, arn.resource))
            return None
        if isinstance(placement.account, str) and isinstance(placement.region, str):
            return self.aliases.get((placement.account, placement.region, ref))
        return None

    def key(self, ref: str, placement: Placement) -> Resource | None:
        """A key by id, key ARN, alias name or alias ARN."""
        if ref.startswith("arn:") and ":key/" in ref:
            return self.keys_by_arn.get(ref)
        if ref.startswith("alias/") or (ref.startswith("arn:") and ":alias/" in ref):
            alias = self.alias(ref, placement)
            if alias is None:
                return None
            alias_placement = alias.placement
            target = alias.attrs.get("target_key_arn")
            if isinstance(target, str) and target in self.keys_by_arn:
                return self.keys_by_arn[target]
            target_id = alias.attrs.get("target_key_id")
            return self.key(target_id, alias_placement) if isinstance(target_id, str) else None
        if isinstance(placement.account, str) and isinstance(placement.region, str):
            return self.keys_by_id.get((placement.account, placement.region, ref))
        return None


def _not_found(what: str, address: str, ref: Any) -> Unknown:
    if isinstance(ref, Unknown):
        return Unknown(f"{what} lookup value unknown: {ref.reason}", address)
    return Unknown(f"{what} {ref!r} is not defined in the scanned code (it may exist in AWS)", address)


def kms_key(attrs: Mapping[str, Any], placement: Placement, address: str,
            registry: KmsRegistry) -> dict[str, Any] | Unknown:
    ref = attrs.get("key_id")
    key = registry.key(ref, placement) if isinstance(ref, str) else None
    if key is None:
        return _not_found("KMS key", address, ref)
    a = key.attrs
    spec = a.get("customer_master_key_spec") or a.get("key_spec") or "SYMMETRIC_DEFAULT"
    return {
        "id": a.get("key_id"),
        "key_id": a.get("key_id"),
        "arn": a.get("arn"),
        "aws_account_id": key.placement.account,
        "description": a.get("description", ""),
        "enabled": a.get("is_enabled", a.get("enabled", True)),
        "key_manager": "CUSTOMER",
        "key_usage": a.get("key_usage") or "ENCRYPT_DECRYPT",
        "customer_master_key_spec": spec,
        "key_spec": spec,
        "multi_region": a.get("multi_region", key.type.startswith("aws_kms_replica")),
        "origin": "EXTERNAL" if "external" in key.type else "AWS_KMS",
        "resolved_from": key.address,
    }


def kms_alias(attrs: Mapping[str, Any], placement: Placement, address: str,
              registry: KmsRegistry) -> dict[str, Any] | Unknown:
    ref = attrs.get("name")
    alias = registry.alias(ref, placement) if isinstance(ref, str) else None
    if alias is None:
        return _not_found("KMS alias", address, ref)
    a = alias.attrs
    target_id = a.get("target_key_id")
    target = registry.key(target_id, alias.placement) if isinstance(target_id, str) else None
    key_id = target.attrs.get("key_id") if target is not None else target_id
    return {
        "id": a.get("arn"),
        "arn": a.get("arn"),
        "name": a.get("name"),
        "target_key_id": key_id,
        "target_key_arn": target.attrs.get("arn") if target is not None else a.get("target_key_arn"),
        "resolved_from": alias.address,
    }
