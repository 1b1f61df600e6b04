"""Property-based fuzzing of the three loaders (HCL, CloudFormation, plan JSON), seeded from ``samples/``.

Structure-aware mutations of real files: drop, duplicate or nest blocks and JSON/YAML members, swap a
value's type, truncate the file, insert random bytes. Property: no exception escapes the loader and the
load finishes within its budget. A short run is part of the normal suite; ``make fuzz`` runs a long one
(``IACSIM_FUZZ_EXAMPLES``). Every crash found becomes a case in ``REGRESSIONS``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacsim.load import LoadOptions, deadline, load_paths

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EXAMPLES = int(os.environ.get("IACSIM_FUZZ_EXAMPLES", "12"))
TIME_BUDGET = 10.0


def _seeds(pattern: str, limit: int = 40) -> list[tuple[str, bytes]]:
    files = sorted(p for p in SAMPLES.rglob(pattern) if p.is_file() and p.stat().st_size < 64 * 1024)
    return [(p.name, p.read_bytes()) for p in files[:limit]]


HCL = _seeds("*.tf")
CFN = [s for s in _seeds("*.yaml") + _seeds("*.yml") + _seeds("*.json") if b"Resources" in s[1]]
PLAN = [s for s in _seeds("*.json") if b"format_version" in s[1]]


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line of each top-level block."""
    out, start, depth = [], None, 0
    for i, line in enumerate(lines):
        if depth == 0 and line.rstrip().endswith("{"):
            start = i
        depth += line.count("{") - line.count("}")
        if depth <= 0 and start is not None:
            out.append((start, i))
            start, depth = None, 0
    return out


@st.composite
def hcl_mutation(draw: st.DrawFn, text: str) -> str:
    lines = text.splitlines()
    blocks = _blocks(lines) or [(0, max(0, len(lines) - 1))]
    first, last = draw(st.sampled_from(blocks))
    chunk = lines[first:last + 1]
    op = draw(st.sampled_from(["drop", "duplicate", "nest", "swap", "truncate", "bytes"]))
    if op == "drop":
        lines = lines[:first] + lines[last + 1:]
    elif op == "duplicate":
        lines = lines[:last + 1] + chunk + lines[last + 1:]
    elif op == "nest":
        lines = [*lines[:first], "outer {", *chunk, "}", *lines[last + 1:]]
    elif op == "swap" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        new = draw(st.sampled_from(["[1, 2]", "{ a = 1 }", "null", "true", "42", '"s"', "var.nope", "${"]))
        lines[i] = lines[i].split("=")[0] + ("= " + new if "=" in lines[i] else new)
    out = "\n".join(lines) + "\n"
    if op == "truncate":
        out = out[:draw(st.integers(0, len(out)))]
    if op == "bytes":
        at = draw(st.integers(0, len(out)))
        out = out[:at] + draw(st.binary(max_size=16)).decode("latin-1") + out[at:]
    return out


def _mutate_tree(draw: st.DrawFn, node: Any, depth: int = 0) -> Any:
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node, key=str)))
        op = draw(st.sampled_from(["drop", "duplicate", "nest", "swap", "descend", "descend"]))
        node = dict(node)
        if op == "drop":
            del node[key]
        elif op == "duplicate":
            node[f"{key}Copy"] = node[key]
        elif op == "nest":
            node[key] = {"Nested": node[key]}
        elif op == "swap":
            node[key] = draw(st.sampled_from([None, 1, "x", [], {}, True, [node[key]]]))
        elif depth < 12:
            node[key] = _mutate_tree(draw, node[key], depth + 1)
        return node
    if isinstance(node, list) and node:
        i = draw(st.integers(0, len(node) - 1))
        node = list(node)
        node[i] = _mutate_tree(draw, node[i], depth + 1) if depth < 12 else None
        return node
    return draw(st.sampled_from([None, 0, "", [], {}, node]))


@st.composite
def json_mutation(draw: st.DrawFn, text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text
    out = json.dumps(_mutate_tree(draw, data), indent=1)
    op = draw(st.sampled_from(["tree", "tree", "truncate", "bytes"]))
    if op == "truncate":
        out = out[:draw(st.integers(0, len(out)))]
    elif op == "bytes":
        at = draw(st.integers(0, len(out)))
        out = out[:at] + draw(st.binary(max_size=16)).decode("latin-1") + out[at:]
    return out


def _load(tmp: Path, name: str, text: str) -> None:
    for old in tmp.iterdir():
        old.unlink()
    (tmp / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    start = time.monotonic()
    with deadline.limit(TIME_BUDGET):
        load_paths([tmp], LoadOptions(use_cache=False))
    assert time.monotonic() - start < TIME_BUDGET + 2


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(data=st.data())
def test_hcl_loader_survives_mutations(tmp_path: Path, data: st.DataObject) -> None:
    name, seed = data.draw(st.sampled_from(HCL))
    _load(tmp_path, name, data.draw(hcl_mutation(seed.decode())))


@FUZZ
@given(data=st.data())
def test_cloudformation_loader_survives_mutations(tmp_path: Path, data: st.DataObject) -> None:
    name, seed = data.draw(st.sampled_from(CFN))
    text = seed.decode()
    mutated = data.draw(json_mutation(text)) if name.endswith(".json") else data.draw(hcl_mutation(text))
    _load(tmp_path, name, mutated)


@FUZZ
@given(data=st.data())
def test_plan_loader_survives_mutations(tmp_path: Path, data: st.DataObject) -> None:
    name, seed = data.draw(st.sampled_from(PLAN))
    _load(tmp_path, name, data.draw(json_mutation(seed.decode())))


REGRESSIONS: list[tuple[str, str]] = [
    # (file name, content) of every crash fuzzing found
    ("main.tf", 'locals {\n  r = range(1e9)\n}\n'),
    # a plan whose resource_changes is a number: TypeError in the plan loader
    ("plan.json", '{"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": 1}'),
]


@pytest.mark.parametrize(("name", "text"), REGRESSIONS)
def test_fuzz_regressions(tmp_path: Path, name: str, text: str) -> None:
    _load(tmp_path, name, text)
