"""``load_terraform``: the lead's entry point into the Terraform loader."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from iacsim.load.hcl import HclFile
from iacsim.load.resource import LoadResult
from iacsim.load.scan_limits import unfinished
from iacsim.load.terraform.data import KmsRegistry
from iacsim.load.terraform.discovery import find_roots
from iacsim.load.terraform.module import ModuleConfig, load_module
from iacsim.load.terraform.options import TerraformOptions
from iacsim.load.terraform.providers import Fallbacks
from iacsim.load.terraform.run import RootRun

_MIN_RECURSION = 20_000
"""Long chains of locals/modules recurse through the evaluator; Python's default of 1000 is too low."""


class Scan:
    """State shared by every root of one scan: parsed module directories and the options."""

    def __init__(self, scan_root: Path, parse: Callable[[Path], HclFile], options: TerraformOptions) -> None:
        self.scan_root = scan_root.resolve()
        self.parse = parse
        self.options = options
        self.fallbacks = Fallbacks(options.account_id or options.config.account_id,
                                   options.region or options.config.region)
        self.result = LoadResult()
        self._configs: dict[Path, ModuleConfig] = {}
        self._rel: dict[Path, str] = {}
        self._files_seen: set[str] = set()

    def rel(self, path: Path) -> str:
        """A path relative to the scan root with ``/`` separators (``../x`` outside it)."""
        shown = self._rel.get(path)
        if shown is None:
            # resolve() costs a syscall per path component; big scans ask for the same paths often.
            shown = self._rel[path] = Path(os.path.relpath(Path(path).resolve(), self.scan_root)).as_posix()
        return shown

    def rel_dir(self, directory: Path) -> str:
        return self.rel(directory)

    def module_config(self, directory: Path) -> ModuleConfig:
        config = self._configs.get(directory)
        if config is not None:
            return config
        resolved = directory.resolve()
        config = self._configs.get(resolved)
        if config is None:
            config = load_module(resolved, self.parse, self.rel)
            self._configs[resolved] = config
            self.result.diagnostics.extend(config.diagnostics)
            self.add_files(config.files)
        self._configs[directory] = config
        return config

    def add_files(self, files: list[str]) -> None:
        for f in files:
            if f not in self._files_seen:
                self._files_seen.add(f)
                self.result.files.append(f)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_terraform(scan_root: Path, tf_dirs: list[Path], parse: Callable[[Path], HclFile],
                   options: TerraformOptions) -> LoadResult:
    """Evaluate every root module among ``tf_dirs`` and return its resources and data sources.

    Directories called as local modules by another scanned module are not roots.
    KMS data sources that point at keys defined elsewhere in the scan are
    resolved by evaluating those roots a second time once every key is known.
    """
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _MIN_RECURSION))
    try:
        scan = Scan(scan_root, parse, options)
        roots = find_roots(tf_dirs, scan.module_config)
        registry = KmsRegistry()
        runs: list[RootRun] = []
        for root in roots:
            if unfinished(scan.rel_dir(root), "root module not evaluated"):
                continue
            run = RootRun(scan, root, registry)
            run.run()
            runs.append(run)
        for i, run in enumerate(runs):
            if run.kms_missed and registry:
                again = RootRun(scan, run.root_dir, registry)
                again.run()
                runs[i] = again
        result = scan.result
        for run in runs:
            unit = _relative(run.root_dir, scan_root)
            for resource in run.resources:
                resource.unit = unit  # the root module: what .iacsim.yml `worlds` groups by
            result.resources.extend(run.resources)
            # A bad --var-file is read by every root; report it once.
            result.diagnostics.extend(d for d in run.diagnostics if d not in result.diagnostics)
            scan.add_files(run.files)
            for sentence in run.assumptions:
                if sentence not in result.assumptions:
                    result.assumptions.append(sentence)
        return result
    finally:
        sys.setrecursionlimit(old_limit)
