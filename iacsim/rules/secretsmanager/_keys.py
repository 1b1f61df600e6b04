"""Shared by the Secrets Manager and Lambda key rules: is a key reference a symmetric encryption key in a region?"""

from __future__ import annotations

from iacsim.aws.arn import Arn
from iacsim.model import World
from iacsim.model.ids import Ref


def arn_region(ref: Ref | None) -> str | None:
    """The region a KMS key or alias ARN names (None for ids, alias names and unknowns)."""
    arn = Arn.parse(ref)
    return arn.region if arn is not None and arn.service == "kms" else None


def key_problem(world: World, ref: Ref, account: str, region: str, near: str,
                region_assumed: bool = False) -> str | None:
    """Why ``ref`` cannot encrypt for a service in ``region`` (other region, not a symmetric encryption key);
    None when it can or when that is not known statically. ``region_assumed``: ``region`` is the stand-in,
    which a Region written in the code is never compared with (``iacsim/model/standin.py``)."""
    named = arn_region(ref)
    if named is not None and named != region and not region_assumed:
        return f"the key ARN is in {named}, not {region}"
    key = world.find_key(ref, account=account, region=region, near=near)
    if key is None:
        return None
    if key.region not in ("unknown", region) and key.region_assumed == region_assumed:
        return f"the key {key.address} is in {key.region}, not {region}"
    spec, usage = key.spec, key.usage
    if isinstance(spec, str) and spec != "SYMMETRIC_DEFAULT":
        return f"the key {key.address} is a {spec} key; services encrypt only with symmetric encryption keys"
    if isinstance(usage, str) and usage != "ENCRYPT_DECRYPT":
        return f"the key {key.address} has key usage {usage}, not ENCRYPT_DECRYPT"
    return None
