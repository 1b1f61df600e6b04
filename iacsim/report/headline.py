"""The verdict a report shows first, and what it asks of the reader — one function every renderer can call.

Honest verdicts (issue 16): a report never shows a green PASS above findings it was told not to gate on
(``--fail-on none`` gates on nothing, so the label says ``NOT GATED`` and the counts by severity stand
beside it), and a pass that rests on flows whose verdict is unknown is not shown in the colour of a pass.
Everything is read from ``summary`` (the JSON report's), nothing is recomputed.
"""

from __future__ import annotations

from typing import Any

Tone = str
"""``fail`` (red), ``pass`` (green), ``unknown`` (amber: passed the gate, but something was not verified) or
``neutral`` (grey: nothing was gated)."""


def headline(summary: dict[str, Any]) -> tuple[str, Tone]:
    """``(label, tone)`` of the report's verdict badge: ``FAIL``, ``PASS``, ``PASS, 2 UNKNOWN``, ``NOT GATED``."""
    if summary.get("verdict") == "fail":  # with --fail-on none, unknown key flows may still fail it
        return "FAIL", "fail"
    if summary.get("fail_on") == "none":
        return "NOT GATED", "neutral"
    unknown = int((summary.get("flows") or {}).get("unknown", 0) or 0)
    if unknown:
        return f"PASS, {unknown} UNKNOWN", "unknown"
    return "PASS", "pass"


def headline_detail(summary: dict[str, Any]) -> str:
    """One sentence under the badge saying what the reader must do about it."""
    findings = summary.get("findings") or {}
    by_severity: dict[str, int] = findings.get("by_severity") or {}
    counts = ", ".join(f"{n} {sev}" for sev, n in reversed(list(by_severity.items())) if n) or "no findings"
    flows = summary.get("flows") or {}
    failing_flows = int(flows.get("fail", 0) or 0)
    unknown = int(flows.get("unknown", 0) or 0)
    flow_part = (f"; {failing_flows} replayed flow{'s' if failing_flows != 1 else ''} fail" if failing_flows else "")
    unknown_part = (f"; {unknown} flow{'s' if unknown != 1 else ''} could not be verified (see Coverage)"
                    if unknown else "")
    fail_on = summary.get("fail_on", "high")
    if fail_on == "none":
        return f"Nothing gates this run (--fail-on none): {counts}{flow_part}{unknown_part}."
    if summary.get("verdict") == "fail":
        why = ("findings at or above " + str(fail_on) if _gated(by_severity, str(fail_on))
               else "unknown key flows (fail on unknown is on)")
        return f"Fix before merging — {why}: {counts}{flow_part}{unknown_part}."
    below = f"{counts} below the gate ({fail_on})" if counts != "no findings" else "no findings"
    return f"Nothing at or above {fail_on}: {below}{flow_part}{unknown_part}."


def _gated(by_severity: dict[str, int], fail_on: str) -> bool:
    order = list(by_severity)
    if fail_on not in order:
        return any(by_severity.values())
    return any(by_severity[s] for s in order[order.index(fail_on):])
