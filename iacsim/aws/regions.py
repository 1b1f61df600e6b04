"""What an AWS Region name looks like.

Every Region code is a two-letter area, one or more words and a number (``us-east-1``, ``ap-southeast-5``,
``us-gov-west-1``, ``cn-northwest-1``): "Regions and zones", AWS General Reference
(https://docs.aws.amazon.com/general/latest/gr/rande.html). A string of another shape (``usw2``,
``us-east1``) is no Region at all: Terraform's AWS provider refuses it ("Invalid AWS Region") before the first
API call, and the SDKs cannot build an endpoint from it. Which Regions exist is the simulator's list
(``iacsim/sim/regions.py``); this is only the shape, so the static rules can tell a typo from a Region that
is merely newer than iacsim.
"""

from __future__ import annotations

import re

REGION_NAME = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def is_region_name(value: str) -> bool:
    """Whether ``value`` has the shape of an AWS Region code."""
    return bool(REGION_NAME.match(value))
