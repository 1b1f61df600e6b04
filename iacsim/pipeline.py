"""One scan, end to end: files → resources → world(s) → report.

The CLI, the GitHub Action and tests all go through :func:`scan`, so there is
exactly one place where the stages are wired together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iacsim.aws.data_versions import data_versions
from iacsim.cost import estimate_cost
from iacsim.cost.usage import Usage
from iacsim.findings import Finding, FlowResult
from iacsim.flows import run_flows
from iacsim.flows.engine import stamp_events
from iacsim.flows.seed import seed_world
from iacsim.load import LoadOptions, ScanInput, load_paths
from iacsim.load.scan_limits import timed_out_diagnostics, unfinished
from iacsim.model import World, build_world, world_to_json
from iacsim.report.build import build_report
from iacsim.report.data import Report
from iacsim.rules import run_rules
from iacsim.worlds import Deployment, merge_cost, merge_model_json, plan_worlds


def analyse(world: World, options: LoadOptions) -> tuple[list[Finding], list[FlowResult]]:
    """Static rules and replayed flows on one world (flows first: a rule may link its verdict to a flow's)."""
    flows, flow_findings = run_flows(world, options.config, new_cloud=lambda: seed_world(world))
    findings = run_rules(world, options.config, tuple(flows))
    return findings + flow_findings, flows


def scan(paths: list[Path], options: LoadOptions, fail_on: str = "high",
         progress: Callable[[int, int], None] | None = None,
         usage: Usage | None = None, baseline: set[str] | None = None,
         fail_on_unknown: bool = False) -> tuple[Report, World, ScanInput]:
    loaded = load_paths(paths, options, progress)
    world = build_world(loaded.result.resources)
    deployments = plan_worlds(loaded.result.resources, options.config)
    # no resources at all: still one (empty) world, so rules, cost and the model have their usual shape
    simulated = deployments or [Deployment(name="", placed="", why="")]
    findings: list[Finding] = []
    flows: list[FlowResult] = []
    models: list[dict[str, Any]] = []
    costs: list[dict[str, Any]] = []
    for deployment in simulated:
        name = deployment.name
        part = world if len(simulated) == 1 else build_world(deployment.resources)
        # each world's own model and cost: the union world links same-named objects across worlds
        models.append(world_to_json(part))
        costs.append(estimate_cost(part, usage))
        if unfinished(name or ".", "rules and flows not run"):
            continue
        part_findings, part_flows = analyse(part, options)
        # flow names repeat across independent worlds (aws_kms_key.x in two examples): say which
        if len(simulated) > 1:
            prefix = f"[{name}] "
            part_flows = [stamp_events(dataclasses.replace(fl, name=prefix + fl.name)) for fl in part_flows]
            part_findings = [dataclasses.replace(f, flow=prefix + f.flow) if f.flow else f for f in part_findings]
        findings += part_findings
        flows += part_flows
    loaded.result.diagnostics.extend(timed_out_diagnostics())
    report = build_report(loaded, merge_model_json(models), fail_on, findings=findings, flows=flows,
                          cost=merge_cost(costs), baseline=baseline,
                          worlds=[d.summary() for d in deployments], fail_on_unknown=fail_on_unknown)
    report.data_versions = data_versions()
    if len(simulated) > 1:
        report.worlds = [(d.name, m) for d, m in zip(simulated, models, strict=True)]
    return report, world, loaded
