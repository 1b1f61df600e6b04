"""``${~ expr ~}`` inside quoted strings, which python-hcl2's grammar rejects.

HCL allows strip markers on interpolations (``"a ${~ x ~} b"``) as well as on
directives; python-hcl2 8.1.4 only accepts them on directives. Before parsing
we blank out (replace with a space, so no position moves) each ``~`` that is an
interpolation's strip marker inside a quoted string, and remember where: the
converter then sets the strip flags on those interpolations. Heredocs are left
alone — their bodies are scanned by :mod:`iacsim.load.hcl.template`, which
understands the markers itself — and so are comments.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# python-hcl2's own heredoc token, so we skip exactly what its lexer will.
_HEREDOC = re.compile(r"<<-?(?P<id>[a-zA-Z][a-zA-Z0-9._-]*)\r?\n(?:(?:.|\n)*?\r?\n)??\s*(?P=id)\r?\n")

Position = tuple[int, int]
"""(line, column), 1-based, as Lark reports token positions."""


@dataclass(frozen=True)
class StripMarkers:
    left: frozenset[Position]
    """Positions of the ``$`` of each ``${~``."""
    right: frozenset[Position]
    """Positions of the ``}`` of each ``~}`` that closes an interpolation."""


NONE = StripMarkers(frozenset(), frozenset())


def blank_interpolation_strip_markers(text: str) -> tuple[str, StripMarkers]:
    """``text`` with interpolation strip markers in quoted strings blanked, and where they were."""
    if "${~" not in text and "~}" not in text:
        return text, NONE
    chars = list(text)
    newlines = [i for i, c in enumerate(text) if c == "\n"]

    def position(i: int) -> Position:
        line = bisect.bisect_left(newlines, i)
        start = newlines[line - 1] + 1 if line > 0 else 0
        return line + 1, i - start + 1

    left: set[Position] = set()
    right: set[Position] = set()
    # Each context: [kind, brace depth]; kinds: "top", "interp", "directive" (code) and "string".
    stack: list[list[str | int]] = [["top", 0]]
    i, n = 0, len(text)
    while i < n:
        kind = stack[-1][0]
        c = text[i]
        if kind == "string":
            if c == "\\":
                i += 2
            elif text.startswith(("$${", "%%{"), i):
                i += 3
            elif text.startswith("${", i):
                if text.startswith("${~", i):
                    left.add(position(i))
                    chars[i + 2] = " "
                stack.append(["interp", 0])
                i += 2
            elif text.startswith("%{", i):
                stack.append(["directive", 0])
                i += 2
            elif c == '"':
                stack.pop()
                i += 1
            elif c == "\n":
                return text, NONE  # unterminated string: let the parser report it
            else:
                i += 1
            continue
        # code
        if c == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == '"':
            stack.append(["string", 0])
            i += 1
        elif text.startswith("<<", i) and (m := _HEREDOC.match(text, i)):
            i = m.end()
        elif c == "{":
            stack[-1][1] = int(stack[-1][1]) + 1
            i += 1
        elif c == "}":
            if stack[-1][1] == 0 and kind in ("interp", "directive"):
                if kind == "interp" and i > 0 and text[i - 1] == "~":
                    right.add(position(i))
                    chars[i - 1] = " "
                stack.pop()
            elif int(stack[-1][1]) > 0:
                stack[-1][1] = int(stack[-1][1]) - 1
            i += 1
        else:
            i += 1
    if not left and not right:
        return text, NONE
    return "".join(chars), StripMarkers(frozenset(left), frozenset(right))
