"""Regions of the simulated partition.

Region names are validated so a typo (``us-east1``) fails loudly instead of
creating a silent, empty region. List: AWS General Reference, "Regional
endpoints" (https://docs.aws.amazon.com/general/latest/gr/rande.html).
"""

from __future__ import annotations

PARTITION_REGIONS: dict[str, frozenset[str]] = {
    "aws": frozenset(
        {
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2",
            "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1",
            "me-central-1", "mx-central-1", "sa-east-1",
        }
    ),
    "aws-us-gov": frozenset({"us-gov-east-1", "us-gov-west-1"}),
    "aws-cn": frozenset({"cn-north-1", "cn-northwest-1"}),
}

GLOBAL_REGION = "global"
"""Pseudo-region under which global services (IAM) keep their per-account backend."""


def check_region(partition: str, region: str) -> str:
    """Return ``region`` if it belongs to ``partition``, else raise ValueError."""
    regions = PARTITION_REGIONS.get(partition)
    if regions is None:
        raise ValueError(f"unknown partition {partition!r}")
    if region not in regions:
        raise ValueError(f"region {region!r} is not a region of partition {partition!r}")
    return region
