"""Multi-region keys: ReplicateKey and UpdatePrimaryRegion.

KDG "Multi-Region keys in AWS KMS"
(https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html),
ReplicateKey / UpdatePrimaryRegion API reference, docs/aws-behaviour.md §8: related keys
share key id (``mrk-``), material, spec, usage, origin and rotation; each
has its own policy, grants, aliases, description, tags and enabled state.
One replica per region, never in the primary's region; only the primary can
be replicated. The replica of an EXTERNAL key starts PendingImport.
Authorization: ``kms:ReplicateKey`` on the primary (key policy) and
``kms:CreateKey`` in the replica region (IAM policy); UpdatePrimaryRegion
needs ``kms:UpdatePrimaryRegion`` on both keys.
"""

from __future__ import annotations

import json
from typing import Any

from iacsim.policy.kms_rules import default_key_policy
from iacsim.sim.client import operation
from iacsim.sim.errors import ValidationException
from iacsim.sim.kms.base import KmsClientBase
from iacsim.sim.kms.errors import AlreadyExistsException, NotFoundException, UnsupportedOperationException
from iacsim.sim.kms.keys import tags_in, tags_out
from iacsim.sim.kms.model import RegionalKey
from iacsim.sim.kms.policy import lockout_check, parse_key_policy
from iacsim.sim.regions import PARTITION_REGIONS


class KmsMultiRegionOps(KmsClientBase):
    @operation("ReplicateKey")
    def replicate_key(self, *, KeyId: str, ReplicaRegion: str, Policy: str | None = None,
                      BypassPolicyLockoutSafetyCheck: bool = False, Description: str = "",
                      Tags: list[dict[str, str]] | None = None) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "ReplicateKey", context={"kms:ReplicaRegion": ReplicaRegion})
        core = key.core
        if not core.multi_region:
            raise UnsupportedOperationException(f"{key.arn} is not a multi-region key")
        if not key.is_primary:
            raise UnsupportedOperationException(f"{key.arn} is not a multi-region primary key")
        if ReplicaRegion not in PARTITION_REGIONS[self.cloud.partition]:
            raise ValidationException(f"{ReplicaRegion} is not a region of partition {self.cloud.partition}")
        if ReplicaRegion in core.regions:
            kind = "the primary key" if ReplicaRegion == core.primary_region else "a replica key"
            raise AlreadyExistsException(
                f"{ReplicaRegion} already has {kind} related to {key.key_id}")
        self.check_not_deleting(key, backend)
        target = self.backend_for(key.account, ReplicaRegion)
        replica_arn = target.key_arn(key.key_id)
        # CreateKey in the replica region is an IAM-only permission (resource "*").
        self.authorize_account("CreateKey")
        if Policy is None:
            policy = default_key_policy(key.account, self.cloud.partition)
            policy_text = json.dumps(policy, indent=2)
        else:
            policy = parse_key_policy(Policy)
            policy_text = Policy
            if not BypassPolicyLockoutSafetyCheck:
                lockout_check(self.cloud, self.caller, replica_arn, key.account, policy, core.spec, core.usage)
        tags = tags_in(Tags)
        # AWS shows the replica as Creating for a few seconds; the simulator makes it
        # available at once (Enabled, or PendingImport for EXTERNAL material).
        replica = RegionalKey(core, ReplicaRegion, replica_arn, target.now(), policy, Description, tags=tags,
                              policy_text=policy_text)
        core.regions[ReplicaRegion] = replica
        target.keys[key.key_id] = replica
        return {"ReplicaKeyMetadata": target.metadata(replica), "ReplicaPolicy": policy_text,
                "ReplicaTags": tags_out(tags)}

    @operation("UpdatePrimaryRegion")
    def update_primary_region(self, *, KeyId: str, PrimaryRegion: str) -> dict[str, Any]:
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "UpdatePrimaryRegion", context={"kms:PrimaryRegion": PrimaryRegion})
        core = key.core
        if not core.multi_region:
            raise UnsupportedOperationException(f"{key.arn} is not a multi-region key")
        if not key.is_primary:
            raise UnsupportedOperationException(f"{key.arn} is not a multi-region primary key")
        replica = core.regions.get(PrimaryRegion)
        if replica is None or PrimaryRegion == core.primary_region:
            raise NotFoundException(f"There is no replica of {key.key_id} in {PrimaryRegion}")
        replica_client = self.cloud.client_for("kms", PrimaryRegion, self.caller)
        replica_client.authorize_key(replica, "UpdatePrimaryRegion", context={"kms:PrimaryRegion": PrimaryRegion})
        self.check_not_deleting(key, backend)
        self.check_not_deleting(replica, replica_client.backend_for(replica.account, PrimaryRegion))
        core.primary_region = PrimaryRegion
        return {}
