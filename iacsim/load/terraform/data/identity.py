"""``aws_caller_identity``, ``aws_region``, ``aws_partition``: answered from the provider's placement.

Provider docs: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity,
.../data-sources/region, .../data-sources/partition. The caller's own ARN and
user id depend on the credentials Terraform runs with, so they stay Unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacsim.load.resource import Placement
from iacsim.values import Unknown

_DNS_SUFFIX = {"aws-cn": "amazonaws.com.cn", "aws-iso": "c2s.ic.gov", "aws-iso-b": "sc2s.sgov.gov"}
_REVERSE_DNS = {"aws-cn": "cn.com.amazonaws", "aws-iso": "gov.ic.c2s", "aws-iso-b": "gov.sgov.sc2s"}


def caller_identity(attrs: Mapping[str, Any], placement: Placement, address: str) -> dict[str, Any]:
    account = placement.account
    return {
        "account_id": account,
        "id": account,
        "arn": Unknown("the caller's ARN depends on the credentials Terraform runs with", f"{address}.arn"),
        "user_id": Unknown("the caller's user id depends on the credentials Terraform runs with",
                           f"{address}.user_id"),
    }


def region(attrs: Mapping[str, Any], placement: Placement, address: str) -> dict[str, Any]:
    # `name` (v5) / `region` (v6) may select another region; otherwise the provider's.
    chosen = attrs.get("region") or attrs.get("name") or placement.region
    suffix = _DNS_SUFFIX.get(placement.partition, "amazonaws.com")
    endpoint: Any = (f"ec2.{chosen}.{suffix}" if isinstance(chosen, str)
                     else Unknown("region unknown", f"{address}.endpoint"))
    return {"name": chosen, "region": chosen, "id": chosen, "endpoint": endpoint}


def partition(attrs: Mapping[str, Any], placement: Placement, address: str) -> dict[str, Any]:
    p = placement.partition
    return {
        "partition": p,
        "id": p,
        "dns_suffix": _DNS_SUFFIX.get(p, "amazonaws.com"),
        "reverse_dns_prefix": _REVERSE_DNS.get(p, "com.amazonaws"),
    }
