"""Discover flow families and run them; failures become findings of their FlowRule."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
import uuid
from collections.abc import Callable
from typing import Any

from iacsim.config import Config
from iacsim.findings import Finding, FlowResult
from iacsim.flows.base import Flow, FlowContext, FlowOutcome
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import verdict
from iacsim.flows.unknown import internal_error
from iacsim.load.scan_limits import unfinished
from iacsim.model import World
from iacsim.rules.emit import build_finding
from iacsim.sim.audit import capture


@functools.lru_cache(maxsize=1)
def all_flows() -> tuple[type[Flow], ...]:
    """Every Flow subclass defined under ``iacsim.flows``, ordered by (kind, class name).

    The order is the report's flow order; it is explicitly never the module names' order, so a flow
    module can be renamed (``flows/<service>.py``) without reordering any report."""
    import iacsim.flows as pkg

    for info in pkgutil.walk_packages(pkg.__path__, prefix="iacsim.flows."):
        importlib.import_module(info.name)
    found = []
    stack = list(Flow.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if "kind" in cls.__dict__:
            cls.validate()
            found.append(cls)
    return tuple(sorted(found, key=lambda c: (c.kind, c.__name__)))


_EVENT_NAMESPACE = uuid.UUID("5a0e7d3c-1b2f-4c6d-8e9f-0a1b2c3d4e5f")


def _run_recorded(flow: Flow, ctx: FlowContext) -> list[FlowOutcome]:
    """Run ``flow``, giving each outcome the audit records its replay made (with stable ids)."""
    outcomes: list[FlowOutcome] = []
    scenarios = iter(flow.run(ctx))
    while True:
        with capture() as recorded:
            outcome = next(scenarios, None)
        if outcome is None:
            return outcomes
        outcomes.append(FlowOutcome(_with_events(outcome.result, recorded), outcome.failures))


def _with_events(result: FlowResult, events: list[dict[str, Any]]) -> FlowResult:
    return stamp_events(dataclasses.replace(result, events=tuple(events))) if events else result


def stamp_events(result: FlowResult) -> FlowResult:
    """Give the flow's audit records ids derived from its kind and name (reports stay identical run to
    run); call again after renaming a flow (the pipeline prefixes flows with their world)."""
    if not result.events:
        return result
    renamed: dict[str, str] = {}

    def stable(old: str) -> str:
        if old not in renamed:
            renamed[old] = str(uuid.uuid5(_EVENT_NAMESPACE, f"{result.kind}\0{result.name}\0{len(renamed)}"))
        return renamed[old]

    final = []
    for event in result.events:
        event = dict(event, eventID=stable(event["eventID"]), requestID=stable(event["requestID"]))
        if "sharedEventID" in event:
            event["sharedEventID"] = stable(event["sharedEventID"])
        final.append(event)
    steps = tuple(dataclasses.replace(s, events=tuple(renamed[e] for e in s.events if e in renamed))
                  for s in result.steps)
    return dataclasses.replace(result, steps=steps, events=tuple(final))


def _undecided(outcome: FlowOutcome) -> FlowOutcome:
    """A replay whose steps leave it undecided (an ``unknown`` step before any denial) is ``unknown`` and
    emits no finding, whatever verdict the flow reached: a finding says AWS *will* fail."""
    result = outcome.result
    if result.verdict == "fail" and verdict(result.steps) == "unknown":
        return FlowOutcome(dataclasses.replace(result, verdict="unknown"), ())
    if result.verdict == "unknown" and outcome.failures:
        return FlowOutcome(result, ())
    return outcome


def _no_cloud() -> SeededCloud:
    raise RuntimeError("no simulated-cloud builder is configured for this scan")


def run_flows(world: World, config: Config,
              new_cloud: Callable[[], SeededCloud] | None = None) -> tuple[list[FlowResult], list[Finding]]:
    ctx = FlowContext(world=world, config=config, new_cloud=new_cloud or _no_cloud)
    results: list[FlowResult] = []
    findings: list[Finding] = []
    for flow_cls in all_flows():
        if unfinished(".", f"{flow_cls.kind} flows ({flow_cls.__name__}) not replayed"):
            continue  # --timeout passed: the report lists what was not replayed (PARSE013)
        try:
            outcomes = _run_recorded(flow_cls(), ctx)
        except Exception as exc:  # a replay bug must not cost the user the rest of the report
            results.append(internal_error(flow_cls.kind, f"{flow_cls.kind} replay", "iacsim", "replay",
                                          flow_cls.kind, exc).result)
            continue
        for outcome in outcomes:
            outcome = _undecided(outcome)
            results.append(outcome.result)
            for failure in outcome.failures:
                finding = build_finding(failure.rule, config, failure.obj, failure.message, fix=failure.fix,
                                        flow=outcome.result.name)
                if finding is not None:
                    findings.append(finding)
    return results, findings
