"""The repository stands alone: nothing cites the builders' notes outside it, and every relative link resolves.

AWS facts are cited by their AWS documentation page and documented in docs/aws-behaviour.md;
the design in docs/architecture.md. A citation of a file users never see is a dead end for them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache",
              ".ruff_cache", ".hypothesis", "build", "dist"}
# Spelled in pieces so this file does not contain what it forbids.
FORBIDDEN = ("../" + "shared", "/work/" + "shared", "/work/" + "notes", "AWS-RULES" + ".md", "DESIGN" + ".md",
             # iacsim has no public home yet: no link may point at a made-up one (schemas use urn: ids)
             "github.com/" + "iacsim/", "iacsim" + ".dev", "iacsim" + ".io")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)|!\[[^\]\n]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def repository_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*") if p.is_file() and not _SKIP_DIRS & set(p.relative_to(ROOT).parts)
                  and not any(part.endswith(".egg-info") for part in p.relative_to(ROOT).parts))


def test_nothing_cites_files_outside_the_repository() -> None:
    offenders = []
    for path in repository_files():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in FORBIDDEN if word in text]
    assert not offenders, "cite docs/aws-behaviour.md or docs/architecture.md instead:\n" + "\n".join(offenders)


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(markdown: Path) -> set[str]:
    text = _FENCE.sub("", markdown.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE)}


_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", _DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_inside_the_repository(doc: Path) -> None:
    broken = []
    for match in _LINK.finditer(_FENCE.sub("", doc.read_text(encoding="utf-8"))):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:…
            continue
        path_part, _, fragment = target.partition("#")
        resolved = (doc.parent / path_part).resolve() if path_part else doc
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            broken.append(f"{target}: no such file in the repository")
        elif fragment and resolved.suffix == ".md" and fragment not in _anchors(resolved):
            broken.append(f"{target}: no heading #{fragment}")
    assert not broken, f"{doc.relative_to(ROOT)}:\n" + "\n".join(broken)
