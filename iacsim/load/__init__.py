"""Files → :class:`Resource` records, for every supported input format.

``load_paths`` is the only entry point the rest of iacsim uses. It discovers
files, parses HCL in parallel worker processes (cached by content hash), hands
Terraform directories to the Terraform loader and YAML/JSON documents to the
CloudFormation or plan loader. A file that cannot be read or parsed becomes a
:class:`Diagnostic`; every other file is still loaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacsim.config import Config
from iacsim.load.cache import PARALLEL_THRESHOLD, ParsedFiles, default_cache_dir
from iacsim.load.discover import Discovered, discover
from iacsim.load.limits import LimitExceeded, check_json_depth, limit_diagnostic, read_text
from iacsim.load.resource import Diagnostic, LoadResult
from iacsim.load.scan_limits import isolation_for, load_document_bounded

__all__ = ["LoadOptions", "ScanInput", "load_paths"]

_LOOKS_LIKE_IAC = re.compile(r"AWSTemplateFormatVersion|\bResources\b|\"format_version\"")


@dataclass(frozen=True)
class LoadOptions:
    config: Config = field(default_factory=Config)
    var_files: tuple[Path, ...] = ()
    vars: tuple[tuple[str, str], ...] = ()
    cfn_params: tuple[tuple[str, str], ...] = ()
    cfn_param_files: tuple[Path, ...] = ()
    account_id: str | None = None
    region: str | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    workers: int | None = None


@dataclass
class ScanInput:
    """What was loaded, and from where."""

    result: LoadResult
    discovered: Discovered
    cache_hits: int = 0
    cache_misses: int = 0


def _load_document(job: tuple[str, str, LoadOptions]) -> LoadResult:
    """Load one YAML/JSON document (runs in a worker process for big scans)."""
    path_s, rel, options = job
    path = Path(path_s)
    out = LoadResult()
    try:
        text = read_text(path, options.config.limits)
        out = _load_document_unit(path, rel, text, options)
    except LimitExceeded as exc:  # binary, not UTF-8, over a size or nesting limit: reported once
        out.diagnostics.append(limit_diagnostic(exc, rel))
        return out
    except OSError as exc:
        out.diagnostics.append(Diagnostic(rel, 1, f"cannot read file: {exc.strerror}"))
        return out
    for res in out.resources:
        res.unit = res.unit or rel
    return out


def _load_document_unit(path: Path, rel: str, text: str, options: LoadOptions) -> LoadResult:
    out = LoadResult()
    if path.suffix == ".json":
        check_json_depth(text, options.config.limits)  # before json.loads, which recurses per level
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            if _LOOKS_LIKE_IAC.search(text):
                out.files.append(rel)
                out.diagnostics.append(Diagnostic(rel, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})"))
            return out
        from iacsim.load import tfplan

        if tfplan.is_plan(data):
            return tfplan.load_plan(path, rel, data, _plan_options(options))
    from iacsim.load import cloudformation

    if cloudformation.is_template(path, text, options.config.limits):
        return cloudformation.load_template(path, rel, text, _cfn_options(options))
    return out


def _cfn_options(options: LoadOptions) -> Any:
    from iacsim.load.cloudformation import CfnOptions

    return CfnOptions(
        parameters=dict(options.cfn_params),
        parameter_files=list(options.cfn_param_files),
        config=options.config,
        account_id=options.account_id,
        region=options.region,
    )


def _plan_options(options: LoadOptions) -> Any:
    from iacsim.load.tfplan import PlanOptions

    return PlanOptions(config=options.config, account_id=options.account_id, region=options.region)


def _tf_options(options: LoadOptions, roots: Any) -> Any:
    from iacsim.load.terraform.options import TerraformOptions

    return TerraformOptions(
        var_files=list(options.var_files),
        vars=dict(options.vars),
        config=options.config,
        account_id=options.account_id or options.config.account_id,
        region=options.region or options.config.region,
        roots=roots,
    )


def load_paths(paths: list[Path], options: LoadOptions | None = None,
               progress: Callable[[int, int], None] | None = None) -> ScanInput:
    """Load every supported file under ``paths``.

    ``progress(done, total)`` is called as files are parsed, for progress bars.
    """
    options = options or LoadOptions()
    found = discover(paths, options.config.limits)
    result = LoadResult()
    total = len(found.tf_files) + len(found.documents)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    result.diagnostics.extend(found.refused)

    cache_dir = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    worker_limits, isolate_above = isolation_for(options.config.budgets)
    parsed = ParsedFiles(found.rel, cache_dir, options.workers, options.config.limits, found.roots,
                         worker_limits, isolate_above)
    if found.tf_files:
        parsed.warm(found.tf_files, tick)
        from iacsim.load.terraform import load_terraform

        result.extend(load_terraform(found.root, found.tf_dirs, parsed, _tf_options(options, found.roots)))
        for f in found.tf_files:
            rel = found.rel(f)
            if rel not in result.files:
                result.files.append(rel)

    jobs = [(str(p), found.rel(p), options) for p in found.documents]
    small = [job for job in jobs if not isolate_above or Path(job[0]).stat().st_size < isolate_above]
    for job in jobs:
        if job not in small:
            result.extend(load_document_bounded(_load_document, job, worker_limits))
            tick(1)
    if len(small) >= PARALLEL_THRESHOLD and (options.workers or 2) > 1:
        try:
            with ProcessPoolExecutor(max_workers=options.workers) as pool:
                loaded_all = list(pool.map(_load_document, small, chunksize=max(1, len(small) // 64)))
        except BrokenProcessPool:
            # a worker died (out of memory, killed): find the file that did it, one worker per file
            loaded_all = [load_document_bounded(_load_document, job, worker_limits) for job in small]
        for loaded in loaded_all:
            result.extend(loaded)
            tick(1)
    else:
        for job in small:
            result.extend(load_document_bounded(_load_document, job, None))
            tick(1)

    result.diagnostics.sort(key=lambda d: (d.file, d.line))
    return ScanInput(result, found, parsed.hits, parsed.misses)
