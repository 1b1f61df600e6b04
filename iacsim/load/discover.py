"""Find the files a scan reads and sort them by input format.

Directories are walked recursively. Directories that never hold infrastructure
code (VCS metadata, virtualenvs, dependency folders, Terraform's own
``.terraform`` download cache) are skipped: the Terraform loader reads
``.terraform/modules/modules.json`` itself when it needs it. Symlinked
directories are not descended; a symlinked file is read only when its real
location is inside the scanned roots. A file over ``limits.max_file_bytes`` is
reported from its size alone, never opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from iacsim.bounds import Limits
from iacsim.load.containment import Roots
from iacsim.load.limits import LimitExceeded, check_size, limit_diagnostic
from iacsim.load.resource import Diagnostic

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".terraform", ".terragrunt-cache", "node_modules", ".venv", "venv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".idea", ".vscode",
})
TF_SUFFIXES = (".tf", ".tf.json")
DOC_SUFFIXES = (".yaml", ".yml", ".json", ".template")


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
    refused: list[Diagnostic] = field(default_factory=list)
    """Candidate files not read: over the size limit, a symlink loop or leading outside the roots."""
    roots: Roots = field(default_factory=Roots)

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
        except (RuntimeError, OSError):  # a symlink loop: name the link
            return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()


def common_root(paths: list[Path]) -> Path:
    resolved = [(p if p.is_dir() else p.parent).resolve() for p in paths]
    return Path(os.path.commonpath([str(p) for p in resolved])) if resolved else Path.cwd()


def _shown(path: Path, root: Path) -> str:
    """A walked file as the user sees it (the link, not its target), relative to the root."""
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def discover(paths: list[Path], limits: Limits | None = None) -> Discovered:
    limits = limits or Limits()
    found = Discovered(root=common_root(paths), roots=Roots.of(paths))
    tf_dirs: dict[Path, None] = {}
    seen: set[Path] = set()

    def consider(path: Path, given: bool) -> None:
        is_tf = is_terraform_file(path)
        if not is_tf and not is_document_candidate(path):
            return
        try:
            # a path named on the command line is the user's choice; a walked one must stay inside
            rp = path.resolve() if given else found.roots.resolve(path, _shown(path, found.root))
            if rp in seen:
                return
            seen.add(rp)
            if not is_tf:  # .tf files are read by module directory: the HCL reader checks those
                check_size(rp, limits)
        except LimitExceeded as exc:
            if not is_tf:
                found.refused.append(limit_diagnostic(exc, _shown(path, found.root)))
            return
        except (OSError, RuntimeError):
            return
        if is_tf:
            found.tf_files.append(rp)
            tf_dirs.setdefault(rp.parent, None)
        else:
            found.documents.append(rp)

    for path in paths:
        if path.is_file():
            consider(path, True)
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                consider(Path(dirpath) / name, False)
    found.tf_dirs = sorted(tf_dirs)
    found.tf_files.sort()
    found.documents.sort()
    return found
