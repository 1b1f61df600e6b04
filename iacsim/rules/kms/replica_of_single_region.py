from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules.base import Hit, Rule, RuleContext


class ReplicaOfNonMultiRegionKey(Rule):
    """A replica key names a primary that is not a multi-Region key (or is itself a replica).

    What it does:
        Resolves each replica's ``primary_key_arn`` / ``PrimaryKeyArn`` in the scan and checks that it
        is a multi-Region primary key.
    Why it matters:
        Only multi-Region primary keys can be replicated; ``multi_region`` cannot be turned on after
        creation. ReplicateKey on a single-Region key or on a replica fails (UnsupportedOperationException:
        "... is not a multi-region primary key").
    Example:
        resource "aws_kms_key" "primary" {}            # multi_region defaults to false
        resource "aws_kms_replica_key" "eu" { primary_key_arn = aws_kms_key.primary.arn }
    Fix:
        Create the primary with ``multi_region = true`` (this replaces the key: re-encrypt its data), and
        replicate from the primary, not from a replica.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
        https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
    """

    id = "KMS006"
    name = "replica-of-non-multi-region-key"
    summary = "Replica of a single-Region key or of another replica"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for replica in ctx.world.of_type(KmsKey):
            if replica.replica_of is None:
                continue
            primary = ctx.world.primary_of(replica)
            if primary is None:
                continue  # outside the scan: nothing to check
            if primary.replica_of is not None:
                yield Hit(replica, f"{primary.address} is itself a replica; only a primary can be replicated")
            elif primary.multi_region is False:
                yield Hit(replica, f"{primary.address} is a single-Region key; only multi-Region keys can be "
                                   "replicated", fix=f"set multi_region = true on {primary.address} (replaces it)")
