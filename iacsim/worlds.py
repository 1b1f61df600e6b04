"""Independent worlds: deployments that share a repository but not an AWS environment.

``.iacsim.yml`` ``worlds`` lists directory globs relative to the scanned root.
A resource belongs to the first glob matching its deployment unit (its Terraform
root module, CloudFormation template or plan file) or one of the unit's parent
directories; that matching directory names its world. Everything else forms the
default world ``""``. Rules and flows run per world; the model shown in
reports is the union.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from iacsim.load.resource import Resource


def _matches(path: PurePosixPath, pattern: str) -> bool:
    """Segment-wise glob match: ``*`` never crosses a ``/`` (``examples/*`` is one level)."""
    parts, wanted = path.parts, PurePosixPath(pattern.strip("/")).parts
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True))


def world_of(unit: str, globs: tuple[str, ...]) -> str:
    path = PurePosixPath(unit)
    candidates = [c for c in (path, *path.parents) if c.parts]
    for glob in globs:
        for candidate in candidates:
            if _matches(candidate, glob):
                return candidate.as_posix()
    return ""


def partition(resources: list[Resource], globs: tuple[str, ...]) -> dict[str, list[Resource]]:
    if not globs:
        return {"": list(resources)}
    groups: dict[str, list[Resource]] = defaultdict(list)
    for res in resources:
        groups[world_of(res.unit or res.source.file, globs)].append(res)
    return dict(sorted(groups.items()))


def merge_model_json(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One model JSON from the JSON of independent worlds: lists concatenated, objects merged.

    Each world is built on its own so that two examples holding the same address never link to
    each other; only their JSON is combined for reports (same schema as a single world).
    """
    merged: dict[str, Any] = {}
    for part in parts:
        _merge_into(merged, part)
    return merged


def _merge_into(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if key not in target:
            target[key] = value
        elif isinstance(target[key], dict) and isinstance(value, dict):
            _merge_into(target[key], value)
        elif isinstance(target[key], list) and isinstance(value, list):
            target[key] = target[key] + value
        elif key == "data_sources" and isinstance(value, int):
            target[key] += value
        elif key == "assumed" and isinstance(value, bool):
            target[key] = target[key] or value


def merge_cost(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Add up the cost estimates of independent worlds."""
    if len(parts) == 1:
        return parts[0]
    places: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for part in parts:
        for row in part["by_account_region"]:
            places[(row["account"], row["region"])][0] += row["monthly"]
            places[(row["account"], row["region"])][1] += row["monthly_after_rotations"]
    first = parts[0]
    return {
        **first,
        **{k: round(sum(p[k] for p in parts), 2)
           for k in ("monthly_total", "monthly_total_after_rotations", "first_year_total")},
        "by_account_region": [{"account": a, "region": r, "monthly": round(m, 2), "monthly_after_rotations": round(s, 2)}
                              for (a, r), (m, s) in sorted(places.items())],
        "resources": [row for p in parts for row in p["resources"]],
        "assumptions": sorted({a for p in parts for a in p["assumptions"]}),
    }
