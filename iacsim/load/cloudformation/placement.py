"""Where a template is deployed: account, region(s) and stack name.

Sources, most specific first:

1. a ``stacks`` entry of the nearest ``.iacsim.yml`` between the template's
   directory and the scanned root (globs relative to that file's directory; the
   root's own file only when the scan was given no configuration), then of the
   configuration given to the scan (globs relative to the scanned root);
2. ``--account-id`` / ``--region``;
3. ``account_id`` / ``region`` of the configuration;
4. :data:`DEFAULT_ACCOUNT` / :data:`DEFAULT_REGION`, labelled as assumed.

A ``regions`` list with more than one region deploys one copy of the template
per region, the way a StackSet does. Each copy's resource addresses then end
in ``[<region>]`` (``stacks/kms.yaml#Resources/Key[eu-west-1]``) so the copies
stay distinct; a single region keeps the plain address.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from iacsim.config import CONFIG_FILENAMES, Config, ConfigError, StackPlacement, load_config
from iacsim.load.cloudformation.options import CfnOptions
from iacsim.load.resource import DEFAULT_ACCOUNT, DEFAULT_REGION, Diagnostic


@dataclass(frozen=True)
class StackCopy:
    """One deployment of a template (one per region for StackSet-like placement)."""

    account: str
    region: str
    stack_name: str
    account_assumed: bool = False
    region_assumed: bool = False
    address_suffix: str = ""
    parameters: Mapping[str, str] = field(default_factory=dict)
    """Parameters from the matching ``stacks`` entry."""
    config_dir: str = ""
    """Directory (relative to the scanned root) of the configuration that placed the template:
    ``{{iacsim:…}}`` stack references in its parameters are relative to it."""
    listed: bool = False
    """Placed by a ``stacks`` entry (templates listed in one account share a world)."""
    stack_name_assumed: bool = False
    """The stack name is derived from the file name (no ``stacks`` entry names it): iacsim made it up."""
    deployer: str | None = None
    """Who CloudFormation acts as: the ``stacks`` entry's ``role_arn`` (the stack's service role), else
    ``.iacsim.yml deployer:`` for the template; None when neither says."""


@dataclass
class PlacementResult:
    copies: list[StackCopy]
    assumptions: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    # `**/x.yaml` should also match `x.yaml` at the top (fnmatch needs one directory for `**/`).
    return pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:])


def _scan_root(path: Path, rel: str) -> Path | None:
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or len(parts) > len(path.parts):
        return None
    root = path.parents[len(parts) - 1] if len(parts) > 1 else path.parent
    return root


@lru_cache(maxsize=256)
def _nested_config(config_file: Path, mtime: float) -> Config:
    return load_config(config_file)


def _nested_configs(path: Path, rel: str, include_root: bool) -> list[tuple[Config, str, str]]:
    """``(config, template path relative to the config's directory, that directory relative to the
    scanned root)``, nearest first; the scanned root's own file only with ``include_root``."""
    root = _scan_root(path, rel)
    if root is None:
        return []
    found = []
    directory = path.parent
    while directory == root or root in directory.parents:
        if directory == root and not include_root:
            break
        for name in CONFIG_FILENAMES:
            candidate = directory / name
            if candidate.is_file():
                cfg_dir = directory.relative_to(root).as_posix()
                found.append((candidate, path.relative_to(directory).as_posix(), "" if cfg_dir == "." else cfg_dir))
                break
        if directory == root:
            break
        directory = directory.parent
    return [(_nested_config(c, c.stat().st_mtime), r, d) for c, r, d in found]


def _relative_to_config(path: Path, rel: str, source: str | None) -> str:
    """The template's path relative to the directory of the configuration file that may place it.

    ``stacks[].template`` globs are relative to the ``.iacsim.yml`` that holds them, so
    ``iacsim plan stacks/prod --config stacks/.iacsim.yml`` places ``prod/kms.yaml`` as the file says;
    a template outside that directory (or a configuration built in code) is matched by its scan path.
    """
    if source is None:
        return rel
    try:
        return path.resolve().relative_to(Path(source).resolve().parent).as_posix()
    except (ValueError, OSError):
        return rel


def _stack_name(rel: str) -> str:
    # Stack names: [A-Za-z][A-Za-z0-9-]*, so derive one from the file name.
    stem = PurePosixPath(rel).name.split(".")[0]
    name = re.sub(r"[^A-Za-z0-9-]", "-", stem)
    return name if name[:1].isalpha() else f"stack-{name}"


def place_template(path: Path, rel: str, options: CfnOptions) -> PlacementResult:
    result = PlacementResult(copies=[])
    candidates: list[tuple[Config, str, str]] = []
    try:
        # The scanned root's .iacsim.yml is normally read by the CLI and given as options.config; read
        # it here only when no configuration was given (library use, tests).
        candidates.extend(_nested_configs(path, rel, include_root=options.config.source is None))
    except ConfigError as exc:
        result.diagnostics.append(Diagnostic(rel, 1, f"ignored nested configuration: {exc}", "warning",
                                             "config-error"))
    candidates.append((options.config, _relative_to_config(path, rel, options.config.source), ""))

    stack: StackPlacement | None = None
    config = options.config
    config_dir = ""
    for cfg, rel_to_cfg, cfg_dir in candidates:
        stack = next((s for s in cfg.stacks if _glob_match(rel_to_cfg, s.template)), None)
        if stack is not None:
            config, config_dir = cfg, cfg_dir
            break

    account = (stack.account if stack else None) or options.account_id or config.account_id \
        or options.config.account_id
    account_assumed = account is None
    if account is None:
        account = DEFAULT_ACCOUNT
        result.assumptions.append(f"account {DEFAULT_ACCOUNT} assumed for template {rel} "
                                  "(no `stacks` entry in .iacsim.yml and no --account-id)")
    regions = list(stack.regions) if stack and stack.regions else []
    region_assumed = False
    if not regions:
        region = options.region or config.region or options.config.region
        if region is None:
            region_assumed = True
            region = DEFAULT_REGION
            result.assumptions.append(f"region {DEFAULT_REGION} assumed for template {rel} "
                                      "(no `stacks` entry in .iacsim.yml and no --region)")
        regions = [region]

    name = (stack.name if stack else None) or _stack_name(rel)
    params = dict(stack.parameters) if stack else {}
    for region in regions:
        result.copies.append(StackCopy(
            account=account,
            region=region,
            stack_name=name,
            account_assumed=account_assumed,
            region_assumed=region_assumed,
            address_suffix=f"[{region}]" if len(regions) > 1 else "",
            parameters=params,
            config_dir=config_dir,
            listed=stack is not None,
            stack_name_assumed=not (stack and stack.name),
            deployer=(stack.role_arn if stack else None) or config.deployer_for(rel)
            or options.config.deployer_for(rel),
        ))
    return result
