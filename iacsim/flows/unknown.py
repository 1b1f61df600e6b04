"""The ``unknown`` outcome: what a flow says when it cannot replay a scenario, and why.

Two causes: an input is not known statically or lies outside the scan (the reason says which), or the
replay itself raised (an iacsim bug). A crash's reason names the exception type and where it was raised,
never its message: exception messages can carry input values, secrets included, and reports are shared.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from pathlib import Path

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import FlowOutcome

_PACKAGE = Path(__file__).resolve().parent.parent


def unknown(kind: str, name: str, principal: str, action: str, resource: str, why: str,
            before: Sequence[FlowStep] = ()) -> FlowOutcome:
    """A scenario whose replay stops at an unknown step (after the steps ``before`` it)."""
    return FlowOutcome(FlowResult(kind, name, "unknown",
                                  (*before, FlowStep(principal, action, resource, "unknown", why))))


def where(exc: BaseException) -> str:
    """Where ``exc`` was raised: the innermost frame's file (relative to the iacsim package), line and
    function — source locations only, never a value."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "an unknown place"
    frame = frames[-1]
    path = Path(frame.filename)
    try:
        shown = str(path.resolve().relative_to(_PACKAGE.parent))
    except ValueError:
        shown = path.name
    return f"{shown}:{frame.lineno} in {frame.name}"


def internal_error(kind: str, name: str, principal: str, action: str, resource: str,
                   exc: BaseException) -> FlowOutcome:
    """A replay that raised unexpectedly: ``unknown``, naming the exception's type and place only."""
    return unknown(kind, name, principal, action, resource,
                   f"iacsim could not replay this ({type(exc).__name__} raised at {where(exc)}); please report this")
