"""AWS managed keys (``aws/ssm``, ``aws/s3``, ``aws/ebs``): created on first use by their service.

KDG "AWS managed keys" (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key):
AWS creates the key the first time a service needs it in an account and
region, under the reserved alias ``alias/aws/<service>``, with a key policy
that lets principals of the account use it only through that service; its
policy, rotation (yearly, always on) and deletion cannot be changed, and it
cannot be used from another account.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

from iacsim.sim.kms.backend import Alias, KmsBackend, new_core_material
from iacsim.sim.kms.model import KeyCore, RegionalKey
from iacsim.sim.kms.policy import AWS_MANAGED_SERVICES, aws_managed_policy

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


def aws_managed_key(cloud: Cloud, account: str, region: str, name: str) -> str:
    """ARN of the AWS managed key ``alias/aws/<name>`` in account+region, created on first use.

    ``name`` is ``ssm``, ``s3`` or ``ebs``. Services call this when a request
    names no key (SecureString without KeyId, SSE-KMS without a key id, EBS
    encryption by default).
    """
    if name not in AWS_MANAGED_SERVICES:
        raise ValueError(f"no AWS managed key is simulated for {name!r} (known: {', '.join(AWS_MANAGED_SERVICES)})")
    from iacsim.sim.kms.client import KMS

    backend: KmsBackend = cloud.backend(KMS, account, region)
    alias_name = f"alias/aws/{name}"
    existing = backend.alias(alias_name)
    if existing is not None:
        return backend.key_arn(existing.target_key_id)
    now = backend.now()
    key_id = backend.new_key_id(False)
    via, _, description = AWS_MANAGED_SERVICES[name]
    core = KeyCore(key_id, account, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "AWS_KMS", False, region,
                   rotation_enabled=True, rotation_period_days=365, next_rotation=now + timedelta(days=365))
    new_core_material(core, now)
    policy = aws_managed_policy(name, cloud.partition, account, region)
    key = RegionalKey(core, region, backend.key_arn(key_id), now, policy, description, key_manager="AWS",
                      aws_service=via, policy_text=json.dumps(policy, indent=2))
    core.regions[region] = key
    backend.keys[key_id] = key
    backend.aliases[alias_name] = Alias(alias_name, backend.alias_arn(alias_name), key_id, now, now)
    return key.arn
