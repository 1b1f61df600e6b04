"""One scan, end to end: files → resources → world → report.

The CLI, the GitHub Action and tests all go through :func:`scan`, so there is
exactly one place where the stages are wired together.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from iacsim.cost import estimate_cost
from iacsim.cost.usage import Usage
from iacsim.flows import run_flows
from iacsim.load import LoadOptions, ScanInput, load_paths
from iacsim.model import World, build_world, world_to_json
from iacsim.report.build import build_report
from iacsim.report.data import Report
from iacsim.rules import run_rules


def scan(paths: list[Path], options: LoadOptions, fail_on: str = "high",
         progress: Callable[[int, int], None] | None = None,
         usage: Usage | None = None, baseline: set[str] | None = None) -> tuple[Report, World, ScanInput]:
    loaded = load_paths(paths, options, progress)
    world = build_world(loaded.result.resources)
    findings = run_rules(world, options.config)
    flows, flow_findings = run_flows(world, options.config)
    report = build_report(loaded, world_to_json(world), fail_on, findings=findings + flow_findings, flows=flows,
                          cost=estimate_cost(world, usage), baseline=baseline)
    return report, world, loaded
