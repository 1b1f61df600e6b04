"""Discover flow families and run them; failures become findings of their FlowRule."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from iacsim.config import Config
from iacsim.flows.base import Flow, FlowContext
from iacsim.model import World
from iacsim.report.data import Finding, FlowResult, FlowStep


@functools.lru_cache(maxsize=1)
def all_flows() -> tuple[type[Flow], ...]:
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


def _no_cloud() -> Any:
    raise RuntimeError("no simulated-cloud builder is configured for this scan")


def run_flows(world: World, config: Config,
              new_cloud: Callable[[], Any] | None = None) -> tuple[list[FlowResult], list[Finding]]:
    ctx = FlowContext(world=world, config=config, new_cloud=new_cloud or _no_cloud)
    results: list[FlowResult] = []
    findings: list[Finding] = []
    for flow_cls in all_flows():
        try:
            outcomes = list(flow_cls().run(ctx))
        except Exception as exc:  # a replay bug must not cost the user the rest of the report
            results.append(FlowResult(flow_cls.kind, f"{flow_cls.kind} replay", "unknown", (FlowStep(
                "iacsim", "replay", flow_cls.kind, "unknown",
                f"iacsim could not replay these flows ({type(exc).__name__}: {exc}); please report this"),)))
            continue
        for outcome in outcomes:
            results.append(outcome.result)
            for failure in outcome.failures:
                rule = failure.rule
                setting = config.rules.get(rule.id)
                if setting is not None and not setting.enabled:
                    continue
                ignore = next((s for s in failure.obj.suppressions if s.rule_id.upper() == rule.id), None)
                findings.append(Finding(
                    rule_id=rule.id, severity=(setting.severity if setting and setting.severity else rule.severity),
                    category=rule.category, resource=failure.obj.address, file=failure.obj.source.file,
                    line=failure.obj.source.line, message=failure.message, fix=failure.fix,
                    suppressed=ignore is not None, suppression_reason=ignore.reason if ignore else None,
                    flow=outcome.result.name,
                ))
    return results, findings
