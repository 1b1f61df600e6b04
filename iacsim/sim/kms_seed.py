"""Building a simulated cloud from a model: create a key with a known key id.

Not a boto3 operation. Code that replays infrastructure read from Terraform or
CloudFormation (the world→cloud builder) needs keys whose ids match the ARNs
that policies, aliases and other resources already mention. ``seed_key`` runs
the ordinary ``CreateKey`` path — same validation, authorization (as the given
principal, the account root by default), lockout check and response — with the
key id fixed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

_KEY_ID = re.compile(r"^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def seed_key(cloud: Cloud, account: str, region: str, key_id: str, *, principal: str | None = None,
             **create_key: Any) -> dict[str, Any]:
    """``CreateKey`` with a chosen key id; returns the ``KeyMetadata``.

    ``key_id`` must look like an AWS key id (a UUID, or ``mrk-`` + 32 hex digits
    for ``MultiRegion=True``) and be unused in the account and region.
    """
    if not _KEY_ID.match(key_id):
        raise ValueError(f"{key_id!r} is not a KMS key id (UUID, or mrk- followed by 32 hex digits)")
    from iacsim.sim.kms import KMS

    backend = cloud.backend(KMS, account, region)
    client = cloud.client("kms", region=region, account=None if principal else account, principal=principal)
    backend.forced_key_id = key_id
    try:
        metadata: dict[str, Any] = client.create_key(**create_key)["KeyMetadata"]
    finally:
        backend.forced_key_id = None
    return metadata
