"""KMS key lifecycle: CreateKey, DescribeKey, ListKeys, Enable/DisableKey,
Schedule/CancelKeyDeletion, key policies, descriptions and tags.

API reference: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
and the pages of each operation; key states per KDG "Key states".
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from iacsim.aws.kms_specs import SPECS
from iacsim.policy.kms_rules import default_key_policy
from iacsim.sim.client import operation
from iacsim.sim.errors import KMSInvalidStateException, ValidationException
from iacsim.sim.kms.backend import new_core_material
from iacsim.sim.kms.base import KmsClientBase, check_grant_tokens
from iacsim.sim.kms.errors import InvalidMarkerException, NotFoundException, TagException
from iacsim.sim.kms.model import KeyCore, RegionalKey
from iacsim.sim.kms.policy import lockout_check, parse_key_policy


def tags_in(tags: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in tags or []:
        if not isinstance(tag, dict) or not isinstance(tag.get("TagKey"), str) or not isinstance(
                tag.get("TagValue"), str):
            raise TagException("each tag needs a string TagKey and TagValue")
        if tag["TagKey"].startswith("aws:"):
            raise TagException("tag keys beginning with aws: are reserved")
        out[tag["TagKey"]] = tag["TagValue"]
    if len(out) > 50:
        raise TagException("a KMS key can have at most 50 tags")
    return out


def tags_out(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"TagKey": k, "TagValue": v} for k, v in tags.items()]


class KmsKeyOps(KmsClientBase):
    @operation("CreateKey")
    def create_key(self, *, Policy: str | None = None, Description: str = "", KeyUsage: str | None = None,
                   CustomerMasterKeySpec: str | None = None, KeySpec: str | None = None,
                   Origin: str = "AWS_KMS", BypassPolicyLockoutSafetyCheck: bool = False,
                   Tags: list[dict[str, str]] | None = None, MultiRegion: bool = False) -> dict[str, Any]:
        if KeySpec is not None and CustomerMasterKeySpec is not None:
            raise ValidationException("Specify KeySpec or the deprecated CustomerMasterKeySpec, not both")
        spec = KeySpec or CustomerMasterKeySpec or "SYMMETRIC_DEFAULT"
        info = SPECS.get(spec)
        if info is None:
            raise ValidationException(f"KeySpec {spec} is not valid")
        if info.china_only and self.cloud.partition != "aws-cn":
            raise ValidationException(f"KeySpec {spec} is available only in China Regions")
        usage = KeyUsage or "ENCRYPT_DECRYPT"
        if usage not in info.usages:
            raise ValidationException(f"KeyUsage {usage} is not compatible with KeySpec {spec} "
                             f"(allowed: {', '.join(info.usages)})")
        if Origin in ("AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"):
            raise NotImplementedError(f"kms.create_key: Origin {Origin} needs a custom key store, "
                                      "which the iacsim simulator does not model")
        if Origin not in ("AWS_KMS", "EXTERNAL"):
            raise ValidationException(f"Origin {Origin} is not valid")
        if not isinstance(Description, str) or len(Description) > 8192:
            raise ValidationException("Description must be a string of at most 8192 characters")
        tags = tags_in(Tags)
        self.authorize_account("CreateKey", context={
            "kms:KeySpec": spec, "kms:KeyUsage": usage, "kms:KeyOrigin": Origin,
            "kms:MultiRegion": "true" if MultiRegion else "false",
        })
        backend = self.backend
        key_id = backend.new_key_id(bool(MultiRegion))
        arn = backend.key_arn(key_id)
        if Policy is None:
            policy = default_key_policy(self.account, self.cloud.partition)
            policy_text = json.dumps(policy, indent=2)
        else:
            policy = parse_key_policy(Policy)
            policy_text = Policy
            if not BypassPolicyLockoutSafetyCheck:
                lockout_check(self.cloud, self.caller, arn, self.account, policy, spec, usage)
        now = backend.now()
        core = KeyCore(key_id, self.account, spec, usage, "EXTERNAL" if Origin == "EXTERNAL" else "AWS_KMS",
                       bool(MultiRegion), self.region)
        if Origin == "AWS_KMS":
            new_core_material(core, now)
        key = RegionalKey(core, self.region, arn, now, policy, Description, tags=tags, policy_text=policy_text)
        core.regions[self.region] = key
        backend.keys[key_id] = key
        return {"KeyMetadata": backend.metadata(key)}

    @operation("DescribeKey")
    def describe_key(self, *, KeyId: str, GrantTokens: list[str] | None = None) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        key, backend, alias = self.resolve(KeyId)
        self.authorize_key(key, "DescribeKey", alias_used=alias)
        return {"KeyMetadata": backend.metadata(key)}

    @operation("ListKeys")
    def list_keys(self, *, Limit: int = 1000, Marker: str | None = None) -> dict[str, Any]:
        self.authorize_account("ListKeys")
        backend = self.backend
        keys = [k for k in list(backend.keys.values()) if backend.refresh(k) is not None]
        page, marker = _page(keys, Limit, Marker)
        out: dict[str, Any] = {"Keys": [{"KeyId": k.key_id, "KeyArn": k.arn} for k in page],
                               "Truncated": marker is not None}
        if marker is not None:
            out["NextMarker"] = marker
        return out

    @operation("EnableKey")
    def enable_key(self, *, KeyId: str) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "EnableKey")
        self.check_customer_managed(key, "EnableKey")
        self.check_not_deleting(key, backend)
        self.check_not_pending_import(key, backend)
        if key.state == "Disabled":
            key.state = "Enabled"
        return {}

    @operation("DisableKey")
    def disable_key(self, *, KeyId: str) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "DisableKey")
        self.check_customer_managed(key, "DisableKey")
        self.check_not_deleting(key, backend)
        self.check_not_pending_import(key, backend)
        if key.state == "Enabled":
            key.state = "Disabled"
        return {}

    @operation("ScheduleKeyDeletion")
    def schedule_key_deletion(self, *, KeyId: str, PendingWindowInDays: int = 30) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "ScheduleKeyDeletion")
        self.check_customer_managed(key, "ScheduleKeyDeletion")
        if not isinstance(PendingWindowInDays, int) or not 7 <= PendingWindowInDays <= 30:
            raise ValidationException("PendingWindowInDays must be between 7 and 30")
        self.check_not_deleting(key, backend)
        key.pending_window_days = PendingWindowInDays
        core = key.core
        if core.multi_region and key.is_primary and len(core.regions) > 1:
            # A primary with replicas waits for them (KDG "Deleting multi-Region keys").
            key.state = "PendingReplicaDeletion"
            key.deletion_date = None
            return {"KeyId": key.arn, "KeyState": key.state, "PendingWindowInDays": PendingWindowInDays}
        key.state = "PendingDeletion"
        key.deletion_date = backend.now() + timedelta(days=PendingWindowInDays)
        return {"KeyId": key.arn, "DeletionDate": key.deletion_date, "KeyState": key.state,
                "PendingWindowInDays": PendingWindowInDays}

    @operation("CancelKeyDeletion")
    def cancel_key_deletion(self, *, KeyId: str) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "CancelKeyDeletion")
        if key.state not in ("PendingDeletion", "PendingReplicaDeletion"):
            raise KMSInvalidStateException(f"{key.arn} is not pending deletion.")
        # A key whose deletion is cancelled comes back disabled (CancelKeyDeletion API reference).
        key.state = "Disabled"
        key.deletion_date = None
        key.pending_window_days = None
        return {"KeyId": key.arn}

    @operation("GetKeyPolicy")
    def get_key_policy(self, *, KeyId: str, PolicyName: str = "default") -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "GetKeyPolicy")
        if PolicyName != "default":
            raise not_default(PolicyName)
        return {"Policy": key.policy_text, "PolicyName": "default"}

    @operation("ListKeyPolicies")
    def list_key_policies(self, *, KeyId: str, Limit: int = 1000, Marker: str | None = None) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "ListKeyPolicies")
        return {"PolicyNames": ["default"], "Truncated": False}

    @operation("PutKeyPolicy")
    def put_key_policy(self, *, KeyId: str, Policy: str, PolicyName: str = "default",
                       BypassPolicyLockoutSafetyCheck: bool = False) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "PutKeyPolicy")
        self.check_customer_managed(key, "PutKeyPolicy")
        if PolicyName != "default":
            raise not_default(PolicyName)
        # PutKeyPolicy works in every key state, pending deletion included (KDG key-state table).
        policy = parse_key_policy(Policy)
        if not BypassPolicyLockoutSafetyCheck:
            lockout_check(self.cloud, self.caller, key.arn, key.account, policy, key.core.spec, key.core.usage)
        key.policy = policy
        key.policy_text = Policy
        return {}

    @operation("UpdateKeyDescription")
    def update_key_description(self, *, KeyId: str, Description: str) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "UpdateKeyDescription")
        self.check_customer_managed(key, "UpdateKeyDescription")
        self.check_not_deleting(key, backend)
        if not isinstance(Description, str) or len(Description) > 8192:
            raise ValidationException("Description must be a string of at most 8192 characters")
        key.description = Description
        return {}

    @operation("TagResource")
    def tag_resource(self, *, KeyId: str, Tags: list[dict[str, str]]) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "TagResource")
        self.check_customer_managed(key, "TagResource")
        self.check_not_deleting(key, backend)
        merged = {**key.tags, **tags_in(Tags)}
        if len(merged) > 50:
            raise TagException("a KMS key can have at most 50 tags")
        key.tags = merged
        return {}

    @operation("UntagResource")
    def untag_resource(self, *, KeyId: str, TagKeys: list[str]) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "UntagResource")
        self.check_customer_managed(key, "UntagResource")
        self.check_not_deleting(key, backend)
        for tag_key in TagKeys:
            key.tags.pop(tag_key, None)
        return {}

    @operation("ListResourceTags")
    def list_resource_tags(self, *, KeyId: str, Limit: int = 50, Marker: str | None = None) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "ListResourceTags")
        return {"Tags": tags_out(key.tags), "Truncated": False}


def not_default(name: str) -> NotFoundException:
    return NotFoundException(f"No such policy exists: {name} (KMS keys have only the 'default' policy)")


def _page(items: list[RegionalKey], limit: int, marker: str | None) -> tuple[list[RegionalKey], str | None]:
    """Marker-based paging (the marker is an opaque offset)."""
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise ValidationException("Limit must be between 1 and 1000")
    start = 0
    if marker is not None:
        if not marker.isdigit():
            raise InvalidMarkerException("The marker is not valid")
        start = int(marker)
    end = start + limit
    return items[start:end], (str(end) if end < len(items) else None)
