"""The package layering of docs/architecture.md, enforced: data flows one way.

Every ``import iacsim.…`` in a package — at module level or inside a function — counts,
so a lazy import cannot hide a dependency that points the wrong way.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "iacsim"

# What each lower package may import from the rest of iacsim (itself always).
ALLOWED: dict[str, set[str]] = {
    "values": set(),
    "clock": set(),
    "findings": set(),
    "aws": set(),
    "errors": set(),
    "links": set(),
    "bounds": set(),
    "safe_yaml": {"bounds"},
    "config": {"findings", "errors", "bounds", "safe_yaml"},
    "policy": {"values", "aws"},
    "load": {"config", "clock", "values", "aws", "findings", "errors", "bounds", "safe_yaml"},
    "model": {"load", "policy", "values", "aws"},
    "sim": {"policy", "aws", "values", "clock"},
    "cost": {"config", "model", "values", "aws", "errors"},
    "rules": {"model", "config", "findings", "policy", "aws", "values", "clock", "load", "links"},
    "testing": {"sim", "aws", "config", "load", "model", "worlds", "flows"},
}
"""``model`` imports nothing from rules/flows/report/sim; ``policy`` nothing from model/sim;
``findings``, ``aws``, ``bounds`` and ``errors`` (the user-error root) nothing at all; rules reach AWS facts through ``aws``, never the simulator.
``testing`` (boto3 interception) answers from the simulator, on a cloud built from the user's IaC by the scan's own
stages up to the replays' seeding (``cloud_from``); botocore and boto3 are imported lazily, never by the scan."""


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports() -> dict[str, dict[str, set[str]]]:
    """package → imported package → the files that import it."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for file in PACKAGE.rglob("*.py"):
        rel = file.relative_to(PACKAGE.parent)
        module = ".".join(rel.with_suffix("").parts)
        source = _package_of(module if not module.endswith(".__init__") else module[: -len(".__init__")])
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("iacsim."):
                    target = _package_of(name)
                    if target and target != source:
                        graph[source][target].add(str(rel))
    return graph


def test_lower_packages_import_only_what_lies_below_them() -> None:
    graph = _imports()
    wrong = [f"{pkg} imports {dep} ({', '.join(sorted(files))})"
             for pkg, allowed in ALLOWED.items() for dep, files in graph.get(pkg, {}).items() if dep not in allowed]
    assert not wrong, "\n".join(wrong)


def test_no_package_cycles() -> None:
    """Every strongly connected component of the package graph is a single package."""
    graph = {pkg: set(deps) for pkg, deps in _imports().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[set[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm; the graph has a dozen nodes
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in graph.get(node, ()):
            if dep not in index:
                connect(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(component)

    for pkg in sorted(graph):
        if pkg not in index:
            connect(pkg)
    assert not cycles, f"packages that import each other: {[sorted(c) for c in cycles]}"
