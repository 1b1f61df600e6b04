"""One root module's evaluation: inputs from tfvars, the module tree, and what it emits."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacsim.load import budget
from iacsim.load.limits import OUTSIDE_ROOT
from iacsim.load.resource import Diagnostic, Resource
from iacsim.load.terraform.data import KmsRegistry
from iacsim.load.terraform.evaluator import Scope, constant
from iacsim.load.terraform.module import ModuleConfig
from iacsim.load.terraform.providers import ProviderConfig, provider_placement
from iacsim.load.terraform.remote import ModulesManifest
from iacsim.load.terraform.types import parse_type
from iacsim.load.terraform.variables import root_variable_values
from iacsim.values import Unknown

if TYPE_CHECKING:
    from iacsim.load.terraform.loader import Scan

_DIGITS = re.compile(r"(\d+)")


class RootRun:
    def __init__(self, scan: Scan, root_dir: Path, registry: KmsRegistry) -> None:
        self.scan = scan
        self.root_dir = root_dir
        self.scan_root = scan.scan_root
        self.root_rel = scan.rel_dir(root_dir)
        self.manifest = ModulesManifest(root_dir)
        self.registry = registry
        self.stack: list[str] = []
        """Nodes being computed, outermost first (cycle detection)."""
        self.pending: list[Scope] = []
        self.resources: list[Resource] = []
        self.diagnostics: list[Diagnostic] = []
        self.assumptions: list[str] = []
        self.files: list[str] = []
        self.failed_at: str | None = None
        """The node whose evaluation raised an unexpected exception (for the eval-error message)."""
        self.kms_missed = False
        """A KMS data source found no key: re-run once every key of the scan is known."""
        self.meter = budget.Meter(scan.options.config.budgets)
        """Counts this root's evaluation against the scan's budgets."""
        self._cycles: set[frozenset[str]] = set()
        self._warned: set[tuple[str, int, str]] = set()
        self._implicit: dict[str, ProviderConfig] = {}

    # ------------------------------------------------------------------ services for scopes

    def rel_dir(self, directory: Path) -> str:
        return self.scan.rel_dir(directory)

    def path_module(self, directory: Path) -> str:
        """``path.module``: the module directory relative to the root module (``.`` for the root)."""
        rel = os.path.relpath(directory, self.root_dir)
        return "." if rel == "." else Path(rel).as_posix()

    def module_config(self, directory: Path) -> ModuleConfig:
        config = self.scan.module_config(directory)
        for f in config.files:
            if f not in self.files:
                self.files.append(f)
        return config

    def provider_config(self, address: str, attrs: dict[str, Any] | None) -> ProviderConfig:
        fallbacks = replace(self.scan.fallbacks, deployer=self.scan.options.config.deployer_for(self.root_rel))
        config = provider_placement(address, attrs, fallbacks, f'root module "{self.root_rel}"')
        region = config.placement.region
        if isinstance(region, Unknown) and self.scan.fallbacks.region:
            # The code names a region we cannot evaluate; the user's default is the best statement we have.
            config = replace(config, placement=replace(config.placement, region=self.scan.fallbacks.region),
                             assumptions=(*config.assumptions,
                                          f"region {self.scan.fallbacks.region} used for provider {address} in "
                                          f'root module "{self.root_rel}" (its region is unknown: {region.reason})'))
        return config

    def implicit_provider(self, name: str) -> ProviderConfig:
        """Terraform's empty default configuration for a provider no block configures."""
        if name not in self._implicit:
            self._implicit[name] = self.provider_config(name, None)
        return self._implicit[name]

    def emit(self, resource: Resource, provider: ProviderConfig) -> None:
        self.resources.append(resource)
        self.registry.add(resource)  # later data "aws_kms_key" lookups in this run can find it at once
        if not resource.type.startswith("aws_"):
            return  # where a random_id or tls_private_key "lives" is not a statement worth making
        for sentence in provider.assumptions:
            if sentence not in self.assumptions:
                self.assumptions.append(sentence)

    def report_cycle(self, key: frozenset[str], diagnostic: Diagnostic) -> None:
        if key not in self._cycles:
            self._cycles.add(key)
            self.diagnostics.append(diagnostic)

    def report_budget(self, file: str, line: int, message: str, code: str = budget.BUDGET_CODE) -> None:
        # a refused path is the input's choice, not an attack on the scan's resources: a warning
        self.warn_once(Diagnostic(file, line, message, "warning" if code == OUTSIDE_ROOT else "error", code))

    def report_overruns(self, file: str) -> None:
        """Budget overruns the meter recorded while evaluating something in ``file``."""
        for overrun in self.meter.take_overruns():
            self.report_budget(file, overrun.line, overrun.message, overrun.code)

    def warn_once(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.file, diagnostic.line, diagnostic.message)
        if key not in self._warned:
            self._warned.add(key)
            self.diagnostics.append(diagnostic)

    # ------------------------------------------------------------------ the run

    def run(self) -> None:
        config = self.module_config(self.root_dir)
        types = {}
        for name, located in config.variables.items():
            attr = located.block.body.attributes.get("type")
            types[name] = parse_type(attr.expr if attr is not None else None)
        options = self.scan.options
        src = root_variable_values(self.root_dir, options.var_files, options.vars, types, self.scan.rel)
        self.diagnostics.extend(src.diagnostics)
        for path in src.files:
            shown = self.scan.rel(path)
            if shown not in self.files:
                self.files.append(shown)
        inputs = {n: constant(v) for n, v in src.values.items() if n in config.variables}
        root = Scope(self, config, "", "", inputs, {}, (self.root_dir,), None)
        self.pending.append(root)
        try:
            with budget.metering(self.meter):
                i = 0
                while i < len(self.pending):
                    self.pending[i].force_all()
                    i += 1
            self.report_overruns(config.files[0] if config.files else self.root_rel)
        except RecursionError:
            self.stack.clear()
            first = config.files[0] if config.files else self.root_rel
            self.diagnostics.append(Diagnostic(
                first, 1, "expressions nest too deeply to evaluate; resources after this point were skipped",
                "error", "eval-too-deep"))
        except Exception as exc:  # a loader bug must cost one root module, not the whole scan
            where = self.failed_at or "the root module"
            self.stack.clear()
            first = config.files[0] if config.files else self.root_rel
            # Only the exception type: its text could quote a value from the code (possibly a secret).
            self.diagnostics.append(Diagnostic(
                first, 1, f"internal error while evaluating {where} ({type(exc).__name__}); "
                "resources after this point were skipped", "error", "eval-error"))
        self.resources.sort(key=lambda r: (r.source.file, r.source.line, _natural(r.address)))


def _natural(address: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key where ``this[2]`` comes before ``this[10]``."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(address) if part)
