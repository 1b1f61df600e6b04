"""``iacsim-usage.yml``: expected request volumes, in the spirit of Infracost's usage file.

::

    version: 1
    resource_usage:
      aws_kms_key.app:                     # an address, or a glob such as module.kms.aws_kms_key.this[*]
        monthly_requests: 2500000          # KMS API requests against the key per month
      aws_ssm_parameter.db_password:
        monthly_api_interactions: 300000   # GetParameter/PutParameter calls per month
      aws_secretsmanager_secret.db:
        monthly_api_interactions: 100000   # GetSecretValue and other Secrets Manager calls per month

Unknown keys are errors naming the key, like ``.iacsim.yml``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacsim.config import find_at_roots, read_yaml_file
from iacsim.errors import IacsimUserError

USAGE_FILENAMES = ("iacsim-usage.yml", "iacsim-usage.yaml")
_FIELDS = ("monthly_requests", "monthly_api_interactions")


class UsageError(IacsimUserError, ValueError):
    """A usage-file problem; the message names the file and key."""


@dataclass(frozen=True)
class Usage:
    entries: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    source: str | None = None

    def for_address(self, address: str) -> Mapping[str, int]:
        """Exact address first, then the first glob pattern that matches it."""
        if address in self.entries:
            return self.entries[address]
        for pattern, values in self.entries.items():
            if any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(address, pattern):
                return values
        return {}


def parse_usage(data: Any, source: str) -> Usage:
    if data is None:
        return Usage(source=source)
    if not isinstance(data, dict):
        raise UsageError(f"{source}: expected a mapping")
    for key in data:
        if key not in ("version", "resource_usage"):
            raise UsageError(f"{source}: {key}: unknown key (allowed: version, resource_usage)")
    if data.get("version", 1) != 1:
        raise UsageError(f"{source}: version: only version 1 is supported")
    raw = data.get("resource_usage") or {}
    if not isinstance(raw, dict):
        raise UsageError(f"{source}: resource_usage: expected a mapping of address → usage")
    entries: dict[str, dict[str, int]] = {}
    for address, values in raw.items():
        if not isinstance(values, dict):
            raise UsageError(f"{source}: resource_usage.{address}: expected a mapping")
        entry = {}
        for k, v in values.items():
            if k not in _FIELDS:
                raise UsageError(f"{source}: resource_usage.{address}.{k}: unknown key (allowed: {', '.join(_FIELDS)})")
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise UsageError(f"{source}: resource_usage.{address}.{k}: expected a non-negative whole number")
            entry[k] = v
        entries[str(address)] = entry
    return Usage(entries, source)


def load_usage(path: Path) -> Usage:
    return parse_usage(read_yaml_file(path, UsageError), str(path))


def find_usage(roots: list[Path]) -> Path | None:
    return find_at_roots(roots, USAGE_FILENAMES)
