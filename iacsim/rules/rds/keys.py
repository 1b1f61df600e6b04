"""Where a key reference points: its Region and spec, as far as the scan tells.

Shared by the datastore rule families (RDS, DynamoDB, EBS, EFS): each of these services accepts only a
symmetric encryption key of the resource's own Region ("KMS keys are specific to the AWS Region that
they are created in" — Amazon RDS User Guide, USER_CopySnapshot; DynamoDB global tables; EBS and EFS
"support only symmetric keys").
"""

from __future__ import annotations

from dataclasses import dataclass

from iacsim.aws.arn import Arn
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.ids import Ref
from iacsim.model.kms import KmsKey
from iacsim.model.standin import differs_from_literal, regions_differ


@dataclass(frozen=True)
class KeyPlace:
    """What is known about a referenced key."""

    region: str | None
    """The key's Region when known (from the model key, else from a key/alias ARN)."""
    key: KmsKey | None
    """The key in the scan, when it is."""

    @property
    def symmetric(self) -> bool | None:
        spec = self.key.spec if self.key is not None else None
        return spec == "SYMMETRIC_DEFAULT" if isinstance(spec, str) else None


def key_place(world: World, ref: Ref | None, obj: ModelObject, region: str | None = None) -> KeyPlace | None:
    """The key ``ref`` names, as resolved for ``obj`` (in ``region``, default the object's own).

    A bare key id or alias name is resolved by AWS in the calling Region, so only ARNs and keys found in
    the scan can name another Region. None when ``ref`` is None.
    """
    if ref is None:
        return None
    where = region or obj.region
    key = world.find_key(ref, account=obj.account, region=where, near=obj.address)
    if key is not None and key.region not in ("unknown", "global"):
        return KeyPlace(key.region, key)
    arn = Arn.parse(ref)
    if arn is not None and arn.service == "kms" and arn.region:
        return KeyPlace(arn.region, key)
    return KeyPlace(None, key)


def wrong_region(world: World, ref: Ref | None, obj: ModelObject, region: str | None = None) -> str | None:
    """The key's Region when it is known to differ from ``region`` (default the object's Region); never on
    the strength of a stand-in Region (``region_assumed``) compared with a Region the code writes."""
    where = region or obj.region
    place = key_place(world, ref, obj, where)
    if place is None or place.region is None or where in ("unknown", "global"):
        return None
    if place.key is not None and place.key.region == place.region:
        if region is None or region == obj.region:
            return place.region if regions_differ(place.key, obj) else None
        return place.region if not place.key.region_assumed and place.region != where else None
    return place.region if differs_from_literal(obj, region, place.region) else None


def describe(ref: Ref | None) -> str:
    """How to name a key reference in a message (never a secret: key ids and ARNs are not secret)."""
    if ref is None:
        return "no key"
    if isinstance(ref, str):
        return ref
    return ref.ref or "an unknown key"
