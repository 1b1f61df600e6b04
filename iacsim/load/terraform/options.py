"""Options the lead's CLI passes to the Terraform loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iacsim.config import Config
from iacsim.load.containment import Roots


@dataclass(frozen=True)
class TerraformOptions:
    var_files: list[Path] = field(default_factory=list)
    """``--var-file`` files, applied in order after the auto-loaded tfvars files."""
    vars: dict[str, str] = field(default_factory=dict)
    """``--var k=v`` values, applied last (highest precedence)."""
    config: Config = field(default_factory=Config)
    account_id: str | None = None
    """Account for providers that do not say (``--account-id``); before ``config.account_id``."""
    region: str | None = None
    """Region for providers that do not say (``--region``); before ``config.region``."""
    roots: Roots = field(default_factory=Roots)
    """The scanned roots: a module source (local or from ``modules.json``) outside them is not read."""
