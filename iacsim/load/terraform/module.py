"""One module directory's configuration: its files merged into declarations by kind.

Terraform reads every ``.tf`` and ``.tf.json`` file of a directory as one
module, then merges *override files* (``override.tf``, ``*_override.tf`` and
their ``.json`` forms) into it: an override block replaces the arguments and the
nested block types it sets in the block of the same type and labels
(https://developer.hashicorp.com/terraform/language/files/override).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from iacsim.load.deadline import TIMEOUT_CODE
from iacsim.load.hcl import Attribute, Block, Body, Comment, HclFile, HclSyntaxError
from iacsim.load.isolate import WORKER_CODE
from iacsim.load.limits import TOO_DEEP
from iacsim.load.resource import Diagnostic
from iacsim.load.terraform.calls import check_calls

TF_SUFFIXES = (".tf", ".tf.json")


@dataclass(frozen=True)
class Located:
    """A declaration and the file (relative to the scan root) it came from."""

    block: Block
    file: str


@dataclass(frozen=True)
class LocalDef:
    attr: Attribute
    file: str


@dataclass
class ModuleConfig:
    dir: Path
    files: list[str] = field(default_factory=list)
    variables: dict[str, Located] = field(default_factory=dict)
    locals: dict[str, LocalDef] = field(default_factory=dict)
    outputs: dict[str, Located] = field(default_factory=dict)
    resources: dict[tuple[str, str, str], Located] = field(default_factory=dict)
    """(mode, type, name) → block; mode is ``managed`` or ``data``."""
    modules: dict[str, Located] = field(default_factory=dict)
    providers: dict[str, Located] = field(default_factory=dict)
    """``aws`` / ``aws.west`` → provider block."""
    comments: dict[str, tuple[Comment, ...]] = field(default_factory=dict)
    json_files: set[str] = field(default_factory=set)
    """Files in Terraform JSON syntax, whose nested blocks arrive as plain objects."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def is_override_file(name: str) -> bool:
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def module_files(directory: Path) -> list[Path]:
    try:
        entries = sorted(p for p in directory.iterdir() if p.is_file() and p.name.endswith(TF_SUFFIXES))
    except OSError:
        return []
    return entries


def _merge_body(base: Body, over: Body) -> Body:
    attrs = dict(base.attributes)
    attrs.update(over.attributes)
    replaced = {b.type for b in over.blocks}
    blocks = tuple(b for b in base.blocks if b.type not in replaced) + over.blocks
    return replace(base, attributes=attrs, blocks=blocks)


def _provider_key(block: Block) -> str:
    name = block.labels[0] if block.labels else ""
    alias = block.body.attributes.get("alias")
    alias_value = getattr(alias.expr, "value", None) if alias is not None else None
    return f"{name}.{alias_value}" if isinstance(alias_value, str) and alias_value else name


def load_module(directory: Path, parse: Callable[[Path], HclFile], rel: Callable[[Path], str]) -> ModuleConfig:
    """Parse and index one module directory; syntax errors become diagnostics, other files still load."""
    config = ModuleConfig(dir=directory)
    parsed: list[tuple[str, HclFile, bool]] = []
    for path in module_files(directory):
        rel_path = rel(path)
        config.files.append(rel_path)
        try:
            hcl_file = parse(path)
        except HclSyntaxError as exc:
            where = f" (line {exc.line}, column {exc.column})" if exc.code == "parse-error" and exc.column else ""
            config.diagnostics.append(Diagnostic(rel_path, max(exc.line, 1), exc.message + where,
                                                 "error" if exc.code in ("parse-error", TOO_DEEP, WORKER_CODE, TIMEOUT_CODE) else "warning",
                                                 exc.code))
            continue
        except (OSError, UnicodeError) as exc:
            config.diagnostics.append(Diagnostic(rel_path, 1, f"cannot read file: {exc}"))
            continue
        parsed.append((rel_path, hcl_file, is_override_file(path.name)))
        config.diagnostics.extend(check_calls(hcl_file, rel_path))
        config.comments[rel_path] = hcl_file.comments
        if hcl_file.syntax == "json":
            config.json_files.add(rel_path)
    # Primary files first, then overrides in file-name order (Terraform's order).
    for rel_path, hcl_file, _ in [p for p in parsed if not p[2]]:
        _index(config, hcl_file.body, rel_path)
    for rel_path, hcl_file, _ in [p for p in parsed if p[2]]:
        _apply_override(config, hcl_file.body, rel_path)
    return config


def _duplicate(config: ModuleConfig, file: str, block: Block, what: str, first: str) -> None:
    config.diagnostics.append(Diagnostic(
        file, block.line, f"duplicate {what}: already declared in {first}", "error", "duplicate-declaration"))


def _index(config: ModuleConfig, body: Body, file: str) -> None:
    for block in body.blocks:
        labels = block.labels
        if block.type in ("resource", "data") and len(labels) == 2:
            key = ("managed" if block.type == "resource" else "data", labels[0], labels[1])
            if key in config.resources:
                _duplicate(config, file, block, f"{block.type} {labels[0]}.{labels[1]}", config.resources[key].file)
                continue
            config.resources[key] = Located(block, file)
        elif block.type == "variable" and len(labels) == 1:
            if labels[0] in config.variables:
                _duplicate(config, file, block, f'variable "{labels[0]}"', config.variables[labels[0]].file)
                continue
            config.variables[labels[0]] = Located(block, file)
        elif block.type == "output" and len(labels) == 1:
            if labels[0] in config.outputs:
                _duplicate(config, file, block, f'output "{labels[0]}"', config.outputs[labels[0]].file)
                continue
            config.outputs[labels[0]] = Located(block, file)
        elif block.type == "module" and len(labels) == 1:
            if labels[0] in config.modules:
                _duplicate(config, file, block, f'module "{labels[0]}"', config.modules[labels[0]].file)
                continue
            config.modules[labels[0]] = Located(block, file)
        elif block.type == "provider" and len(labels) == 1:
            key_p = _provider_key(block)
            if key_p in config.providers:
                _duplicate(config, file, block, f"provider configuration {key_p}", config.providers[key_p].file)
                continue
            config.providers[key_p] = Located(block, file)
        elif block.type == "locals":
            for name, attr in block.body.attributes.items():
                if name in config.locals:
                    config.diagnostics.append(Diagnostic(
                        file, attr.line, f'duplicate local value "{name}": already declared in '
                        f"{config.locals[name].file}", "error", "duplicate-declaration"))
                    continue
                config.locals[name] = LocalDef(attr, file)


def _apply_override(config: ModuleConfig, body: Body, file: str) -> None:
    for block in body.blocks:
        labels = block.labels
        if block.type == "locals":
            for name, attr in block.body.attributes.items():
                config.locals[name] = LocalDef(attr, file)
        elif block.type in ("resource", "data") and len(labels) == 2:
            key = ("managed" if block.type == "resource" else "data", labels[0], labels[1])
            merged = _merged(config, config.resources.get(key), block, file)
            if merged is not None:
                config.resources[key] = merged
        elif block.type in ("variable", "output", "module", "provider") and len(labels) == 1:
            table = {"variable": config.variables, "output": config.outputs, "module": config.modules,
                     "provider": config.providers}[block.type]
            name = _provider_key(block) if block.type == "provider" else labels[0]
            merged = _merged(config, table.get(name), block, file)
            if merged is not None:
                table[name] = merged


def _merged(config: ModuleConfig, existing: Located | None, block: Block, file: str) -> Located | None:
    if existing is None:
        config.diagnostics.append(Diagnostic(
            file, block.line, f"override file declares {block.type} {'.'.join(block.labels)} that no other file "
            "declares", "warning", "override-missing"))
        return None
    return Located(replace(existing.block, body=_merge_body(existing.block.body, block.body)), existing.file)
