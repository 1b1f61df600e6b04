"""Hand-made Terraform-shaped Resource records for model tests.

Shapes follow what the Terraform loader produces (and ``terraform show -json``):
nested blocks are lists of dicts, computed ``arn``/``id``/``key_id`` are synthesized
into ``attrs`` by the loader, and references it cannot resolve are ``Unknown`` with
``ref`` naming ``<address>.<attribute>``.
"""

from __future__ import annotations

from typing import Any

from iacsim.load.resource import Placement, Resource, SourceLocation, Suppression
from iacsim.model import World, build_world

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
REGION = "us-east-1"


def res(
    type_: str,
    address: str,
    attrs: dict[str, Any] | None = None,
    *,
    account: Any = ACCOUNT,
    region: Any = REGION,
    line: int = 1,
    mode: str = "managed",
    suppressions: tuple[Suppression, ...] = (),
    account_assumed: bool = False,
) -> Resource:
    """A Resource as the Terraform loader would produce it."""
    return Resource(
        type=type_,
        address=address,
        attrs=dict(attrs or {}),
        source=SourceLocation(file="main.tf", line=line, end_line=line + 5),
        placement=Placement(account=account, region=region, account_assumed=account_assumed),
        origin="terraform",
        mode=mode,  # type: ignore[arg-type]
        name=address.rsplit(".", 1)[-1],
        suppressions=suppressions,
    )


def key_arn(key_id: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:kms:{region}:{account}:key/{key_id}"


def build(*resources: Resource) -> World:
    """The World built from these resources."""
    return build_world(list(resources))
