from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from iacsim.model.base import ModelObject
from iacsim.rules.base import Hit, Rule, RuleContext


class InvalidRegion(Rule):
    """A provider (or a resource's own ``region``) names a Region that is not an AWS Region name.

    What it does:
        Flags the resources placed in a Region written as a literal that does not have the shape of an AWS
        Region code (``usw2``, ``us-east1``, ``eu_west_1``), once per Region and directory, on the first
        resource concerned. Replays of those resources are ``unknown`` (they cannot be created); the rest
        of the scan goes on.
    Why it matters:
        Region codes are a two-letter area, one or more words and a number (``us-west-2``). Terraform's AWS
        provider refuses any other value when it configures itself ("Invalid AWS Region"), so plan and apply
        fail before a single resource is created; with ``skip_region_validation`` the SDK cannot resolve an
        endpoint for it and every call fails.
    Example:
        provider "aws" { region = "usw2" }
    Fix:
        Write the Region code (``us-west-2``); the list is in the AWS General Reference.
    References:
        https://docs.aws.amazon.com/general/latest/gr/rande.html
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region
    """

    id = "PLACE001"
    name = "invalid-region"
    summary = "Region is not an AWS Region name (usw2): the provider refuses it"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        groups: dict[tuple[str, str], list[ModelObject]] = {}
        for obj in ctx.world.objects():
            if obj.invalid_region is not None:
                where = str(PurePosixPath(obj.source.file).parent)
                groups.setdefault((obj.invalid_region, where), []).append(obj)
        for (region, _), objs in sorted(groups.items()):
            objs.sort(key=lambda o: (o.source.file, o.source.line, o.address))
            others = f" (and {len(objs) - 1} other resources)" if len(objs) > 1 else ""
            yield Hit(objs[0], f"region {region!r} is not an AWS Region name; the provider refuses it, so "
                               f"nothing placed there{others} can be created", fix="write the Region code, "
                               "such as us-west-2 (AWS General Reference, Regions and endpoints)")
