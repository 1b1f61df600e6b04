"""Whether an object can be placed in the simulated cloud at all.

A Region or account that comes from a variable without a value, a Region that is not an AWS Region name
(``usw2``: the apply fails, rule PLACE001), or a Region newer than the simulator's list cannot be replayed:
every scenario touching such an object is ``unknown`` with this reason — never an internal error, and never
a reason to drop the other scenarios of the scan (docs/architecture.md §4, "Unknown is a value").
"""

from __future__ import annotations

from iacsim.model.base import ModelObject
from iacsim.model.ids import GLOBAL_REGION
from iacsim.sim.regions import PARTITION_REGIONS


def placement_problem(obj: ModelObject) -> str | None:
    """Why ``obj`` cannot be created in the simulated cloud, or None when it can."""
    if obj.placement_unknown:
        return f"placement unknown: {obj.placement_unknown}"
    if obj.account == "unknown":
        return "placement unknown: the account is not known statically"
    if obj.region != GLOBAL_REGION and obj.region not in PARTITION_REGIONS.get(obj.partition, frozenset()):
        return (f"placement unknown: region {obj.region!r} is not a Region of partition {obj.partition!r} "
                "that iacsim simulates")
    return None
