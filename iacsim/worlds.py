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
