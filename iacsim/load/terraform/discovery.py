"""Which scanned directories are root modules.

Every directory holding ``.tf``/``.tf.json`` files is a module. A directory that
another scanned module calls with a local ``source = "./…"`` / ``"../…"`` is a
child module: it is evaluated through its callers (with their inputs), not again
on its own. Directories only reachable through a call cycle (``a`` calls ``b``
calls ``a``) still get evaluated as roots so the cycle is reported, not lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from iacsim.load.hcl import Literal
from iacsim.load.terraform.module import ModuleConfig
from iacsim.load.terraform.remote import is_local_source


def local_calls(config: ModuleConfig) -> list[Path]:
    """Directories this module calls through local sources (resolved, in declaration order)."""
    out: list[Path] = []
    for located in config.modules.values():
        attr = located.block.body.attributes.get("source")
        source = attr.expr.value if attr is not None and isinstance(attr.expr, Literal) else None
        if isinstance(source, str) and is_local_source(source):
            out.append((config.dir / source).resolve())
    return out


def find_roots(tf_dirs: list[Path], config_of: Callable[[Path], ModuleConfig]) -> list[Path]:
    dirs = sorted({d.resolve() for d in tf_dirs if ".terraform" not in d.parts})
    known = set(dirs)
    calls = {d: [t for t in local_calls(config_of(d)) if t in known and t != d] for d in dirs}
    called = {t for targets in calls.values() for t in targets}
    roots = [d for d in dirs if d not in called]

    reached: set[Path] = set()

    def reach(start: Path) -> None:
        stack = [start]
        while stack:
            d = stack.pop()
            if d in reached:
                continue
            reached.add(d)
            stack.extend(calls.get(d, []))

    for r in roots:
        reach(r)
    for d in dirs:
        if d not in reached:
            roots.append(d)
            reach(d)
    return roots
