"""Find the files a scan reads and sort them by input format.

Directories are walked recursively. Directories that never hold infrastructure
code (VCS metadata, virtualenvs, dependency folders, Terraform's own
``.terraform`` download cache) are skipped: the Terraform loader reads
``.terraform/modules/modules.json`` itself when it needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".terraform", ".terragrunt-cache", "node_modules", ".venv", "venv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".idea", ".vscode",
})
TF_SUFFIXES = (".tf", ".tf.json")
DOC_SUFFIXES = (".yaml", ".yml", ".json", ".template")
MAX_FILE_BYTES = 20 * 1024 * 1024
"""Larger files are reported, not read: no real template or plan comes near this."""


def is_terraform_file(path: Path) -> bool:
    return path.name.endswith(TF_SUFFIXES)


def is_document_candidate(path: Path) -> bool:
    """YAML/JSON that may be a CloudFormation template or a Terraform plan."""
    name = path.name
    if name.endswith(".tf.json") or name.endswith(".tfvars.json") or name.startswith(".iacsim"):
        return False
    return name.endswith(DOC_SUFFIXES)


@dataclass
class Discovered:
    root: Path
    """Common base of the scanned paths; file paths in findings are relative to it."""
    tf_dirs: list[Path] = field(default_factory=list)
    tf_files: list[Path] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)
    too_large: list[Path] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def common_root(paths: list[Path]) -> Path:
    resolved = [(p if p.is_dir() else p.parent).resolve() for p in paths]
    return Path(os.path.commonpath([str(p) for p in resolved])) if resolved else Path.cwd()


def discover(paths: list[Path]) -> Discovered:
    found = Discovered(root=common_root(paths))
    tf_dirs: dict[Path, None] = {}
    seen: set[Path] = set()

    def consider(path: Path) -> None:
        rp = path.resolve()
        if rp in seen:
            return
        seen.add(rp)
        if is_terraform_file(path):
            found.tf_files.append(rp)
            tf_dirs.setdefault(rp.parent, None)
        elif is_document_candidate(path):
            try:
                size = path.stat().st_size
            except OSError:
                return
            (found.too_large if size > MAX_FILE_BYTES else found.documents).append(rp)

    for path in paths:
        if path.is_file():
            consider(path)
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                consider(Path(dirpath) / name)
    found.tf_dirs = sorted(tf_dirs)
    found.tf_files.sort()
    found.documents.sort()
    return found
