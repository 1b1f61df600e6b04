"""What python-hcl2's lexer rejects but HCL accepts, made lexable before parsing.

*Interpolation strip markers.* HCL allows strip markers on interpolations (``"a ${~ x ~} b"``) as well as on
directives; python-hcl2 8.1.4 only accepts them on directives. Before parsing
we blank out (replace with a space, so no position moves) each ``~`` that is an
interpolation's strip marker inside a quoted string, and remember where: the
converter then sets the strip flags on those interpolations. Heredocs are left
alone — their bodies are scanned by :mod:`iacsim.load.hcl.template`, which
understands the markers itself — and so are comments.

*Heredoc closing markers with trailing whitespace.* HCL ends a heredoc at the first line that equals
its marker once whitespace is trimmed from both ends (``bytes.TrimSpace`` in hclsyntax's
``scan_tokens.rl``, action ``heredocLiteralEOL``), so Terraform reads ``POLICY··`` as the closing line;
python-hcl2's token allows only leading whitespace. The same scan moves such a line's whitespace in
front of the marker (same length, so no position moves); the converter drops the closing line's
leading whitespace, so the heredoc's content does not change.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_HEREDOC_HEAD = re.compile(r"<<-?(?P<id>[a-zA-Z][a-zA-Z0-9._-]*)\r?\n")
_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u2028\u2029\u202f\u205f\u3000"
"""What Go's ``unicode.IsSpace`` (so ``bytes.TrimSpace``) counts as whitespace."""

Position = tuple[int, int]
"""(line, column), 1-based, as Lark reports token positions."""


@dataclass(frozen=True)
class StripMarkers:
    left: frozenset[Position]
    """Positions of the ``$`` of each ``${~``."""
    right: frozenset[Position]
    """Positions of the ``}`` of each ``~}`` that closes an interpolation."""


NONE = StripMarkers(frozenset(), frozenset())


def prepare_for_lexer(text: str) -> tuple[str, StripMarkers]:
    """``text`` with interpolation strip markers in quoted strings blanked and heredoc closing lines'
    trailing whitespace moved before the marker (same length), and where the strip markers were."""
    if "${~" not in text and "~}" not in text and not _spaced_heredoc_closing(text):
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
        elif text.startswith("<<", i) and (closing := _heredoc_closing(text, i)):
            start, end = closing
            line = text[start:end].rstrip("\r")
            marker = line.strip(_SPACE)
            if line != line.rstrip(_SPACE):
                spaces = line.replace(marker, "", 1)  # the marker is one word: the rest is whitespace
                chars[start:start + len(line)] = spaces + marker
            i = end + 1
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
    return "".join(chars), StripMarkers(frozenset(left), frozenset(right)) if left or right else NONE


def _heredoc_closing(text: str, at: int) -> tuple[int, int] | None:
    """Where the closing line of the heredoc opened at ``at`` starts and where its newline is, by HCL's rule:
    the first line that equals the marker once whitespace is trimmed (None when no line does)."""
    head = _HEREDOC_HEAD.match(text, at)
    if head is None:
        return None
    start = head.end()
    while (end := text.find("\n", start)) >= 0:
        if text[start:end].strip(_SPACE) == head["id"]:
            return start, end
        start = end + 1
    return None


def _spaced_heredoc_closing(text: str) -> bool:
    """Whether some heredoc marker of ``text`` ends a line with whitespace (cheap: most files have none)."""
    for marker in {m["id"] for m in _HEREDOC_HEAD.finditer(text)}:
        if re.search(rf"^[^\S\n]*{re.escape(marker)}(?!\r?$)[^\S\n]+$", text, re.M):
            return True
    return False
