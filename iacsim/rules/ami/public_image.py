from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.ec2 import LaunchPermission
from iacsim.rules.base import Hit, Rule, RuleContext


class ImageSharedPublicly(Rule):
    """An AMI is shared with everyone (``group = "all"``).

    What it does:
        Flags launch permissions to the ``all`` group.
    Why it matters:
        A public image exposes everything baked into it (credentials, internal code) to every AWS
        account. AWS refuses to make images with encrypted snapshots public, so for those the apply fails
        as well.
    Example:
        resource "aws_ami_launch_permission" "p" { image_id = aws_ami.x.id  group = "all" }
    Fix:
        Share with specific accounts, an organization or an OU (``account_id``, ``organization_arn``,
        ``organizational_unit_arn``).
    References:
        https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html
        https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html
    """

    id = "AMI201"
    name = "image-shared-publicly"
    summary = "AMI shared publicly (launch permission group all)"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for lp in ctx.world.of_type(LaunchPermission):
            if lp.group == "all":
                yield Hit(lp, "the image is shared with every AWS account",
                          fix="share with account_id, organization_arn or organizational_unit_arn instead")
