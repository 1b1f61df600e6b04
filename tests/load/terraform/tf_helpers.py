"""Shared helpers for the Terraform loader tests: load a fixture directory like the CLI does."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from iacsim.load.discover import discover
from iacsim.load.hcl import HclFile, parse_file
from iacsim.load.resource import LoadResult, Resource
from iacsim.load.terraform import TerraformOptions, load_terraform

FIXTURES = Path(__file__).parent / "fixtures"


def parse(path: Path) -> HclFile:
    return _parse_text(path.name, path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=256)
def _parse_text(name: str, text: str) -> HclFile:
    # Keyed by content, like the CLI's cache: fixtures are parsed once per test session.
    return parse_file(name, text)


def load_dir(root: Path, **options: Any) -> LoadResult:
    found = discover([root])
    return load_terraform(found.root, found.tf_dirs, parse, TerraformOptions(**options))


def load_fixture(*parts: str, **options: Any) -> LoadResult:
    return load_dir(FIXTURES.joinpath(*parts), **options)


def write_tree(base: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return base


def by_address(result: LoadResult) -> dict[str, Resource]:
    out: dict[str, Resource] = {}
    for r in result.resources:
        assert r.address not in out, f"duplicate address {r.address}"
        out[r.address] = r
    return out
