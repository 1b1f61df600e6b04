"""Stand-ins are not facts: comparing placements only where both sides are known.

When nothing says which account or Region a resource is deployed to, the loader places it in a labelled
stand-in (``111111111111``, ``us-east-1``; ``account_assumed``/``region_assumed``) so the replay has somewhere
to put it. The stand-in is not where the resource will live: compared with an account or Region written in
the code (a key ARN in ``us-west-2``, a key policy naming ``arn:aws:iam::123456789012:root``) it proves
nothing either way. Two stand-ins of one scan do compare: both are the same unstated account or Region.
"""

from __future__ import annotations

from iacsim.model.base import ModelObject
from iacsim.model.world import World

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


def standin_accounts_may_differ(a: ModelObject, b: ModelObject) -> str | None:
    """Why the one stand-in account ``a`` and ``b`` share may in truth be two accounts, or None when it cannot.

    Both objects name no account, but their providers authenticate differently (``profile
    var.source_profile`` and ``profile var.dest_profile``): a cross-account example whose accounts come from
    variables without value. The replay puts both in the stand-in, so a decision that turns on whose account
    a principal is in (a key policy naming the other account, a bucket policy for it) is the stand-in's,
    not AWS's."""
    if not (a.account_assumed and b.account_assumed) or a.account != b.account or a.credentials == b.credentials:
        return None
    return (f"{a.address} ({a.credentials or 'default credentials'}) and {b.address} "
            f"({b.credentials or 'default credentials'}) name no account, so the replay places both in the "
            f"stand-in account {a.account}, though their providers' credentials may be two accounts; say each "
            "provider's account in its block (allowed_account_ids or assume_role.role_arn) — --account-id and "
            ".iacsim.yml account_id: place every provider in one account")


def standin_account_hints(world: World) -> dict[str, str]:
    """Each stand-in account of ``world`` → how to supply the account it stands for, in the words of the input
    formats its objects were written in (the replay's :attr:`iacsim.sim.Cloud.unknown_accounts`)."""
    hints: dict[str, str] = {}
    for account in world.accounts.values():
        if not account.assumed:
            continue
        origins = {obj.provenance.origin for obj in account.objects() if obj.account_assumed}
        ways = []
        if origins - {"cloudformation"}:
            ways.append("name it in the Terraform provider block (allowed_account_ids or assume_role.role_arn)")
        if "cloudformation" in origins:
            ways.append("place the template with a .iacsim.yml stacks: entry (account: an id or a name from "
                        "accounts:)")
        ways.append("give --account-id or .iacsim.yml account_id: for every resource whose code names none")
        hints[str(account.id)] = "; ".join(ways)
    return hints
