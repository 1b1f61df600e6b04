from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.ec2 import Ami
from iacsim.rules.base import Hit, Rule, RuleContext


class CopyKeyWithoutEncrypted(Rule):
    """An AMI copy names a KMS key but is not marked encrypted.

    What it does:
        Flags ``aws_ami_copy`` with ``kms_key_id`` but without ``encrypted = true``.
    Why it matters:
        CopyImage accepts KmsKeyId only together with ``Encrypted``; the copy fails.
    Example:
        resource "aws_ami_copy" "c" {
          source_ami_id = "ami-0123456789abcdef0"
          kms_key_id    = aws_kms_key.images.arn
        }
    Fix:
        Add ``encrypted = true``.
    References:
        https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html
    """

    id = "AMI001"
    name = "copy-key-without-encrypted"
    summary = "AMI copy with a KMS key but not encrypted"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for ami in ctx.world.of_type(Ami):
            # an Unknown `encrypted` may well be true: only a known absence or false is an error
            if ami.kind == "copy" and ami.kms_key is not None and (ami.encrypted is None or ami.encrypted is False):
                yield Hit(ami, "kms_key_id is set but encrypted is not true; CopyImage refuses KmsKeyId "
                               "without Encrypted", fix="encrypted = true")
