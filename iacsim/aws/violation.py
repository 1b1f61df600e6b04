"""A rule AWS enforces, broken: what the pure rule modules return instead of raising.

Rule checks (:mod:`iacsim.aws.ssm_limits`, the simulator's S3 and EC2 rules) answer with a value so
static checks can use them without the simulator; the simulated clients raise the matching error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """A rule AWS enforces, broken: the AWS error code and message to raise."""

    code: str
    """The AWS error code, e.g. ``ValidationException``."""
    message: str
    """AWS's message (never containing a parameter value)."""
