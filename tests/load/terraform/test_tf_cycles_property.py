"""Property: any graph of locals evaluates to an end; exactly the locals that reach a cycle are Unknown."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tf_helpers import load_dir, write_tree

from iacsim.values import Unknown

graphs = st.integers(min_value=1, max_value=7).flatmap(
    lambda n: st.lists(st.lists(st.integers(min_value=0, max_value=n - 1), max_size=3, unique=True),
                       min_size=n, max_size=n))


def _reaches_cycle(edges: list[list[int]]) -> set[int]:
    """Nodes from which some cycle is reachable (including nodes on a cycle)."""
    n = len(edges)

    def reachable(start: int) -> set[int]:
        seen: set[int] = set()
        stack = list(edges[start])
        while stack:
            v = stack.pop()
            if v not in seen:
                seen.add(v)
                stack.extend(edges[v])
        return seen

    reach = [reachable(i) for i in range(n)]
    on_cycle = {i for i in range(n) if i in reach[i]}
    return {i for i in range(n) if i in on_cycle or reach[i] & on_cycle}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs)
def test_any_locals_graph_terminates_with_unknown_exactly_where_cycles_reach(edges: list[list[int]]) -> None:
    lines = ["locals {"]
    for i, deps in enumerate(edges):
        parts = "".join(f"${{local.l{d}}}" for d in deps)
        lines.append(f'  l{i} = "{i}{parts}"')
    lines.append("}")
    for i in range(len(edges)):
        lines.append(f'resource "aws_sns_topic" "t{i}" {{ name = local.l{i} }}')
    with tempfile.TemporaryDirectory() as tmp:
        result = load_dir(write_tree(Path(tmp), {"main.tf": "\n".join(lines) + "\n"}))
    values = {int(r.name[1:]): r.attrs["name"] for r in result.resources}
    bad = _reaches_cycle(edges)
    assert {i for i, v in values.items() if isinstance(v, Unknown)} == bad
    assert all(isinstance(values[i], str) for i in set(values) - bad)
    assert bool(bad) == any(d.code == "eval-cycle" for d in result.diagnostics)
