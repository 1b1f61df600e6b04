"""Independent worlds: deployments that share a repository but not an AWS environment.

A repository often holds deployments that never meet in AWS — ``envs/dev`` and ``envs/prod``,
a module's examples, the JSON and YAML copies of one template. Simulated together they collide
(an alias declared twice, a bucket "already owned by you", a replica linked to another example's
primary), so each *deployment unit* (:attr:`Resource.unit`) is its own world by default:

* a Terraform root module (called modules are evaluated into their caller's unit);
* a CloudFormation template without a ``stacks`` entry;
* a plan file.

Units are joined when the code or configuration says they are deployed together:

1. ``.iacsim.yml`` ``worlds`` — the list form (directory globs: each matching directory is one world
   with every unit below it) or the mapping form (world name → globs of units). Explicit grouping
   wins, and links (below) never join two worlds the configuration separates.
2. CloudFormation templates placed by the ``stacks`` entries of one ``.iacsim.yml`` (one deployment,
   possibly across accounts: a ``stacks`` list is where the user says so), and the templates their
   ``{{iacsim:…}}`` parameters reference (:attr:`Resource.links`).
3. Lookups by name that find another unit's resource, which they can only do in the same account
   and Region: a Terraform KMS data source (``data "aws_kms_key"``/``"aws_kms_alias"``) the loader
   answered from another root, a CloudFormation ``{{resolve:ssm:…}}`` naming a parameter another unit
   creates.

Rules and flows run per world; the model shown in reports is the union, and the report lists the
worlds (:func:`worlds_summary`) with how each was placed and how to join them.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from iacsim.config import Config
from iacsim.load.cloudformation.dynamic_reference import DynamicReference
from iacsim.load.resource import Resource

KMS_LOOKUPS = frozenset({"aws_kms_key", "aws_kms_alias"})
"""Data sources the Terraform loader answers from keys and aliases anywhere in the scan."""
SSM_PARAMETERS = frozenset({"aws_ssm_parameter", "AWS::SSM::Parameter"})
_SSM_REFERENCE = re.compile(r"^\{\{resolve:ssm(?:-secure)?:([^:}]+)(?::\d+)?\}\}$")
"""``{{resolve:ssm:name[:version]}}`` / ``ssm-secure``: the parameter name (CloudFormation resolves it
in the stack's account and Region; dynamic-references.html)."""

@dataclass
class Deployment:
    """One world: a name, the units in it, how they came to be together, and their resources."""

    name: str
    placed: str
    """``terraform-root``, ``cloudformation-template``, ``plan`` (a unit on its own), ``stacks`` (placed
    by ``.iacsim.yml stacks`` entries), ``lookup`` (one unit looks up another's resource by name) or
    ``config`` (joined by ``.iacsim.yml worlds``)."""
    why: str
    units: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "units": sorted(self.units), "placed": self.placed, "why": self.why}


def _matches(path: PurePosixPath, pattern: str) -> bool:
    """Segment-wise glob match: ``*`` never crosses a ``/`` (``examples/*`` is one level)."""
    parts, wanted = path.parts, PurePosixPath(pattern.strip("/")).parts
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True))


def _first_match(unit: str, globs: tuple[str, ...]) -> tuple[str, str] | None:
    """``(matching directory or unit, glob)`` of the first glob matching ``unit`` or a parent."""
    path = PurePosixPath(unit)
    # a root module at the scanned root is the unit "." (matched by the glob ".")
    candidates = [c for c in (path, *path.parents) if c.parts] or [path]
    for glob in globs:
        for candidate in candidates:
            if _matches(candidate, glob):
                return candidate.as_posix(), glob
    return None


def world_of(unit: str, globs: tuple[str, ...]) -> str:
    """The list-form world of ``unit``: the directory the first matching glob names, else ``""``."""
    found = _first_match(unit, globs)
    return found[0] if found else ""


def _configured(unit: str, config: Config) -> tuple[str, str] | None:
    """``(world name, why)`` when ``.iacsim.yml worlds`` places ``unit``."""
    for name, globs in config.named_worlds.items():
        found = _first_match(unit, globs)
        if found is not None:
            return name, f"joined by .iacsim.yml worlds.{name} ({found[1]})"
    found = _first_match(unit, config.worlds)
    if found is not None:
        return found[0], f"joined by .iacsim.yml worlds ({found[1]})"
    return None


class _Joins:
    """Union-find over units: which ones the code says are deployed together."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.reasons: dict[str, set[str]] = defaultdict(set)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str, reason: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra != rb:
            self.parent[rb] = ra
            self.reasons[ra] |= self.reasons.pop(rb, set())
        self.reasons[ra].add(reason)


def unit_of(res: Resource) -> str:
    return res.unit or res.source.file


def _own_placement(res: Resource) -> tuple[str, str]:
    if res.origin == "terraform":
        return "terraform-root", "a Terraform root module"
    if res.origin == "tfplan":
        return "plan", "a plan file"
    return "cloudformation-template", "a CloudFormation template without a .iacsim.yml stacks entry"


def _links(resources: list[Resource], free: set[str]) -> _Joins:
    """Joins among units that ``.iacsim.yml worlds`` leaves free."""
    joins = _Joins()
    for r in resources:
        unit = unit_of(r)
        if unit not in free:
            continue
        for link in r.links:
            if link.startswith("stacks:"):
                where = link.removeprefix("stacks:")
                joins.join(unit, link, "CloudFormation templates placed by the stacks entries of "
                                       f"{'' if where == '.' else where + '/'}.iacsim.yml")
            elif link in free:
                joins.join(unit, link, "a template's {{iacsim:…}} parameter references another template")
    for unit, owner, why in _lookups(resources, free):
        joins.join(unit, owner, why)
    return joins


def _lookups(resources: list[Resource], free: set[str]) -> list[tuple[str, str, str]]:
    """``(unit, other unit, why)`` for each lookup by name that finds another unit's resource.

    A lookup resolves only in its own account and Region, so finding the resource there says the two
    units are deployed together: a Terraform KMS data source the loader answered from another root's
    key or alias, and a CloudFormation ``{{resolve:ssm…}}`` reference to a parameter another unit
    creates in the template's account and Region."""
    found: list[tuple[str, str, str]] = []
    arns = {r.attrs["arn"]: unit_of(r) for r in resources
            if r.mode == "managed" and unit_of(r) in free and isinstance(r.attrs.get("arn"), str)}
    parameters: dict[tuple[object, object, str], str] = {}
    for r in resources:
        name = r.attrs.get("name" if r.type == "aws_ssm_parameter" else "Name")
        if r.type in SSM_PARAMETERS and r.mode == "managed" and unit_of(r) in free and isinstance(name, str):
            parameters[(r.placement.account, r.placement.region, name)] = unit_of(r)
    for r in resources:
        unit = unit_of(r)
        if unit not in free:
            continue
        if r.mode == "data" and r.type in KMS_LOOKUPS:
            for attr in ("arn", "target_key_arn"):
                value = r.attrs.get(attr)
                owner = arns.get(value) if isinstance(value, str) else None
                if owner is not None and owner != unit:
                    found.append((unit, owner, f"{r.address} in {unit} finds a KMS key or alias of {owner}"))
        for ref in _dynamic_references(r.attrs):
            m = _SSM_REFERENCE.match(ref)
            owner = parameters.get((r.placement.account, r.placement.region, m.group(1))) if m else None
            if m is not None and owner is not None and owner != unit:
                found.append((unit, owner, f"{ref} in {unit} resolves a parameter of {owner}"))
    return found


def _dynamic_references(value: Any) -> list[str]:
    if isinstance(value, DynamicReference):
        return list(value.references)
    if isinstance(value, dict):
        return [ref for v in value.values() for ref in _dynamic_references(v)]
    if isinstance(value, list):
        return [ref for v in value for ref in _dynamic_references(v)]
    return []


def plan_worlds(resources: list[Resource], config: Config) -> list[Deployment]:
    """Every world of the scan, by name, with its units and resources (see the module docstring)."""
    units = sorted({unit_of(r) for r in resources})
    configured = {u: _configured(u, config) for u in units}
    free = {u for u, placed in configured.items() if placed is None}
    joins = _links(resources, free)
    groups: dict[str, list[str]] = defaultdict(list)
    for u in sorted(free):
        groups[joins.find(u)].append(u)
    # the world key and its (name, placed, why) for each unit
    placed_as: dict[str, tuple[str, str, str, str]] = {}
    for u, config_world in configured.items():
        if config_world is not None:
            placed_as[u] = (f"config:{config_world[0]}", config_world[0], "config", config_world[1])
    for root, members in groups.items():
        reasons = joins.reasons.get(root)
        if not reasons:
            continue  # a unit on its own: placed by its resources' origin below
        stacks = sorted(n.removeprefix("stacks:") for n in joins.parent
                        if n.startswith("stacks:") and joins.find(n) == root)
        name = members[0] if len(members) == 1 else (
            f"stacks:{'+'.join(stacks)}" if stacks else "+".join(members))
        for u in members:
            placed_as[u] = (f"join:{root}", name, "stacks" if stacks else "lookup", "; ".join(sorted(reasons)))
    worlds: dict[str, Deployment] = {}
    for res in resources:
        unit = unit_of(res)
        key, name, placed, why = placed_as.get(unit) or (f"unit:{unit}", unit, *_own_placement(res))
        world = worlds.setdefault(key, Deployment(name=name, placed=placed, why=why))
        if unit not in world.units:
            world.units.append(unit)
        world.resources.append(res)
    named: dict[str, int] = defaultdict(int)
    for world in sorted(worlds.values(), key=lambda w: (w.name, w.units)):
        named[world.name] += 1
        if named[world.name] > 1:  # a configured name that is also a unit's: keep names unique
            world.name = f"{world.name} ({named[world.name]})"
    return sorted(worlds.values(), key=lambda w: w.name)


def partition(resources: list[Resource], config: Config) -> dict[str, list[Resource]]:
    """World name → its resources (one entry per world of :func:`plan_worlds`)."""
    return {w.name: w.resources for w in plan_worlds(resources, config)}


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
