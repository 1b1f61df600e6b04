from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules.base import Hit, Rule, RuleContext


class ReplicaRegionConflict(Rule):
    """A replica key is in its primary's region, or two replicas of one key share a region.

    What it does:
        For every multi-Region primary in the scan, compares the regions of its replicas with the
        primary's region and with each other.
    Why it matters:
        A set of related multi-Region keys has at most one key per region: ReplicateKey into the
        primary's region or into a region that already holds a replica fails with
        AlreadyExistsException. In Terraform this usually means a module or resource kept the default
        provider instead of the regional one.
    Example:
        resource "aws_kms_replica_key" "eu" {
          primary_key_arn = aws_kms_key.primary.arn   # provider = aws.eu_west_1 forgotten
        }
    Fix:
        Give the replica the provider (or v6 ``region`` argument) of the region it is meant for, and
        keep one replica per region.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
        https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
    """

    id = "KMS005"
    name = "replica-region-conflict"
    summary = "Replica key in its primary's region, or two replicas in one region"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        world = ctx.world
        for primary in world.of_type(KmsKey):
            if primary.replica_of is not None:
                continue
            seen: dict[str, KmsKey] = {}
            for replica in sorted(world.replicas_of(primary), key=lambda k: k.address):
                if replica.region == primary.region:
                    yield Hit(replica, f"replica is in {replica.region}, the region of its primary "
                                       f"{primary.address}; KMS allows one related key per region",
                              fix="give the replica the provider of the region it is meant for")
                elif replica.region in seen:
                    yield Hit(replica, f"{seen[replica.region].address} already replicates {primary.address} "
                                       f"into {replica.region}; KMS allows one replica per region")
                else:
                    seen[replica.region] = replica
