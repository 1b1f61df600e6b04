"""Bounds on what one input file may cost, and the error a file over one raises.

Below every other package (the configuration, the loaders and the bounded YAML reader all use it), so
it imports nothing from iacsim. The checks themselves are :mod:`iacsim.load.limits` and
:mod:`iacsim.safe_yaml`; a hit becomes a ``PARSE`` finding (:mod:`iacsim.rules.parse.diagnostics`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input file may cost to read (``limits`` in ``.iacsim.yml``).

    A file over a bound is reported as a ``PARSE`` finding and skipped; the rest of the scan goes on.
    The defaults are far above any real template, plan or module and far below what exhausts memory,
    CPU or Python's recursion limit.
    """

    max_file_bytes: int = 20 * 1024 * 1024
    """Larger files are reported from their size alone and never read."""
    max_depth: int = 128
    """Deepest nesting of brackets, mappings or sequences a JSON, YAML or HCL file may have."""
    max_yaml_aliases: int = 10_000
    """Most ``*alias`` references one YAML document may use."""
    max_yaml_nodes: int = 1_000_000
    """Most nodes one YAML document may have once every alias is expanded (the "billion laughs" bound)."""


TOO_LARGE = "too-large"
TOO_DEEP = "too-deep"
ALIAS_EXPANSION = "alias-expansion"
NOT_TEXT = "not-text"
OUTSIDE_ROOT = "outside-root"
"""Diagnostic codes of limit hits; :mod:`iacsim.rules.parse.diagnostics` turns each into a ``PARSE`` rule's finding."""
SEVERITY: dict[str, Literal["warning", "error"]] = {TOO_LARGE: "warning", TOO_DEEP: "error", ALIAS_EXPANSION: "error",
                                  NOT_TEXT: "warning", OUTSIDE_ROOT: "warning"}
"""Hostile shapes (bombs, absurd nesting) are errors; a big, binary or linked-out file is usually innocent."""


@dataclass(frozen=True)
class LimitExceeded(Exception):
    """A file breaks a bound in :class:`Limits`; ``line`` is 1-based, ``code`` one of the codes above."""

    line: int
    message: str
    code: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    @property
    def severity(self) -> Literal["warning", "error"]:
        return SEVERITY.get(self.code, "error")
