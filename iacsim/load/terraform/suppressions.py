"""Inline suppressions: ``# iacsim:ignore KMS003 reason`` (also ``//`` and ``/* */``).

A suppression applies to a resource when the comment sits on the resource's
first line or on the comment lines directly above it (a contiguous run of
comment lines ending on the line before the block).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iacsim.load.hcl import Comment
from iacsim.load.resource import Suppression

_IGNORE = re.compile(r"iacsim:ignore\s+([A-Za-z0-9_,-]+)\s*(.*)$", re.DOTALL)


def parse_suppression(comment: Comment) -> list[Suppression]:
    text = comment.text.strip()
    for marker in ("#", "//", "/*"):
        if text.startswith(marker):
            text = text[len(marker):]
            break
    text = text.removesuffix("*/").strip()
    m = _IGNORE.match(text)
    if not m:
        return []
    reason = " ".join(m.group(2).split())
    return [Suppression(rule_id, reason, comment.line) for rule_id in m.group(1).split(",") if rule_id]


def suppressions_for(line: int, comments: Iterable[Comment]) -> tuple[Suppression, ...]:
    by_line: dict[int, list[Comment]] = {}
    for c in comments:
        by_line.setdefault(c.line, []).append(c)
    picked: list[Comment] = list(by_line.get(line, []))
    above = line - 1
    while above in by_line:
        picked[:0] = by_line[above]
        above -= 1
    out: list[Suppression] = []
    for c in picked:
        out.extend(parse_suppression(c))
    return tuple(out)
