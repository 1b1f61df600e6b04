"""The scan's notion of "now".

Rules about dates (imported key material expiry) and the simulated cloud's clock
use :func:`scan_time`. Setting ``IACSIM_NOW`` (RFC 3339, e.g.
``2026-11-28T00:00:00Z``) makes a scan reproducible, like ``SOURCE_DATE_EPOCH``
does for builds: the samples' expected results are checked at a fixed date.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def scan_time() -> datetime:
    fixed = os.environ.get("IACSIM_NOW")
    if fixed:
        when = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.now(UTC)
