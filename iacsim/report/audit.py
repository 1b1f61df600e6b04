"""The audit log of a scan: every call the flows replayed, as CloudTrail records in JSON Lines.

Written by ``iacsim plan --audit-log FILE``. Records are the ones the simulator
made (:mod:`iacsim.sim.audit`), in replay order, each tagged with the flow that
made it (``iacsimFlow``: kind and name); their ``eventID``s are the ones the
report's flow steps list, so a step can be looked up in the log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iacsim.report.data import Report
from iacsim.report.escape import valid_unicode_data


def audit_events(report: Report) -> Iterator[dict[str, Any]]:
    """Every record of every replayed flow, in report order."""
    for flow in report.flows:
        for event in flow.events:
            yield {**event, "iacsimFlow": {"kind": flow.kind, "name": flow.name}}


def render_audit_log(report: Report) -> str:
    """One JSON object per line (JSON Lines), keys in CloudTrail's order."""
    return "".join(json.dumps(valid_unicode_data(event), ensure_ascii=False) + "\n" for event in audit_events(report))
