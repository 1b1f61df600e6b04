"""Stand-ins are not facts: comparing placements only where both sides are known.

When nothing says which account or Region a resource is deployed to, the loader places it in a labelled
stand-in (``111111111111``, ``us-east-1``; ``account_assumed``/``region_assumed``) so the replay has somewhere
to put it. The stand-in is not where the resource will live: compared with an account or Region written in
the code (a key ARN in ``us-west-2``, a key policy naming ``arn:aws:iam::123456789012:root``) it proves
nothing either way. Two stand-ins of one scan do compare: both are the same unstated account or Region.
"""

from __future__ import annotations

from iacsim.model.base import ModelObject

NOT_PLACED = ("unknown", "global")


def region_known(obj: ModelObject) -> bool:
    """Whether ``obj``'s Region is written in (or derived from) the code, not a stand-in or unknown."""
    return not obj.region_assumed and obj.region not in NOT_PLACED


def account_known(obj: ModelObject) -> bool:
    """Whether ``obj``'s account is written in (or derived from) the code, not a stand-in or unknown."""
    return not obj.account_assumed and obj.account != "unknown"


def regions_differ(a: ModelObject, b: ModelObject) -> bool:
    """Whether two objects are known to be in different Regions (never on the strength of a stand-in)."""
    if a.region in NOT_PLACED or b.region in NOT_PLACED or a.region_assumed != b.region_assumed:
        return False
    return a.region != b.region


def differs_from_literal(obj: ModelObject, region: str | None, literal: str) -> bool:
    """Whether ``literal`` (a Region written in the code, say in a key ARN) is known to differ from ``region``
    (default ``obj``'s own Region, which may be the stand-in)."""
    where = region or obj.region
    if where in NOT_PLACED or (obj.region_assumed and where == obj.region):
        return False
    return literal != where
