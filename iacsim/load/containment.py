"""The scanned roots as a boundary: nothing outside them and the repository holding them is read.

A repository can point anywhere: a symlink to ``/etc/passwd`` named ``stack.yaml``, a symlink loop, a
module ``source = "../../../.."`` or a ``.terraform/modules/modules.json`` ``Dir`` naming another
tree. Every such path is resolved (symlinks followed by the OS, never by reading) and refused with an
``outside-root`` :class:`LimitExceeded` unless its real location lies inside one of the roots.

The roots are the paths given on the command line *and the git work tree that contains each of them*
(found by looking for ``.git`` in its ancestors; git is never run): scanning a module's example
(``iacsim plan examples/complete``) must still read the module it calls with ``source = "../.."``, as
``terraform plan`` in that directory would, while nothing outside the repository is ever read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iacsim.load.limits import OUTSIDE_ROOT, LimitExceeded


@dataclass(frozen=True)
class Roots:
    """Real (symlink-free) directories a scan may read; empty means unconfined (library callers)."""

    dirs: tuple[Path, ...] = ()

    @classmethod
    def of(cls, paths: list[Path]) -> Roots:
        """The command-line paths (a directory is a root, a file's directory is) and their repositories."""
        dirs = {(p if p.is_dir() else p.parent).resolve() for p in paths}
        dirs |= {top for d in dirs if (top := repository_of(d)) is not None}
        return cls(tuple(sorted(dirs)))

    def contains(self, real: Path) -> bool:
        return not self.dirs or any(real.is_relative_to(d) for d in self.dirs)

    def resolve(self, path: Path, shown: str) -> Path:
        """``path``'s real location; raise when it loops or lies outside every root."""
        try:
            real = path.resolve(strict=False)
        except (RuntimeError, OSError):  # RuntimeError: Python < 3.13 reports a symlink loop so
            raise LimitExceeded(1, f"{shown} is a symlink loop; not read", OUTSIDE_ROOT) from None
        if not self.contains(real):
            raise LimitExceeded(1, f"{shown} leads outside the scanned roots; not read",
                                OUTSIDE_ROOT)
        return real


def repository_of(directory: Path) -> Path | None:
    """The git work tree ``directory`` lies in (the nearest ancestor holding ``.git``), if any."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
