"""Monthly cost estimate from the model (``cost`` section of every report)."""

from iacsim.cost.estimate import estimate_cost
from iacsim.cost.usage import UsageError, load_usage

__all__ = ["UsageError", "estimate_cost", "load_usage"]
