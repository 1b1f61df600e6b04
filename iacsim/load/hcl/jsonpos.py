"""A small JSON parser that remembers where each value and property name is.

The standard library's ``json`` forgets positions, and Terraform JSON files
need them (every resource points at its line) and may repeat property names
(``"resource"`` twice), which a dict would silently merge.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from dataclasses import dataclass
from typing import Any

from iacsim.load.hcl.errors import HclSyntaxError

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WS = re.compile(r"[ \t\r\n]*")


@dataclass(frozen=True)
class JProp:
    name: str
    line: int
    value: JNode


@dataclass(frozen=True)
class JNode:
    kind: str
    """``object``, ``array``, ``string``, ``number``, ``bool`` or ``null``."""
    value: Any
    """``list[JProp]`` for objects, ``list[JNode]`` for arrays, the number's
    source text for numbers, else the Python value."""
    line: int
    end_line: int = 0
    """Line of the closing bracket for containers, else ``line``."""


class _Reader:
    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_col(self, pos: int) -> tuple[int, int]:
        idx = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[idx - 1] + 1 if idx > 0 else 0
        return idx + 1, pos - start + 1

    def error(self, pos: int, message: str) -> HclSyntaxError:
        line, col = self.line_col(pos)
        return HclSyntaxError(self.filename, line, col, message)

    def skip_ws(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        assert m is not None
        return m.end()

    def value(self, pos: int, depth: int = 0) -> tuple[JNode, int]:
        if depth > 500:
            raise self.error(pos, "JSON nested too deeply")
        pos = self.skip_ws(pos)
        if pos >= len(self.text):
            raise self.error(pos, "unexpected end of JSON input")
        c = self.text[pos]
        line = self.line_col(pos)[0]
        if c == "{":
            return self.obj(pos + 1, line, depth)
        if c == "[":
            return self.arr(pos + 1, line, depth)
        if c == '"':
            s, end = self.string(pos)
            return JNode("string", s, line), end
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, pos):
                return JNode("null" if val is None else "bool", val, line), pos + len(word)
        m = _NUMBER.match(self.text, pos)
        if m:
            return JNode("number", m.group(0), line), m.end()
        raise self.error(pos, f"invalid character {c!r} looking for beginning of value")

    def string(self, pos: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, pos + 1)  # type: ignore[attr-defined,no-any-return]
        except json.JSONDecodeError as exc:
            raise self.error(exc.pos, exc.msg) from None

    def obj(self, pos: int, line: int, depth: int) -> tuple[JNode, int]:
        props: list[JProp] = []
        pos = self.skip_ws(pos)
        if self.text.startswith("}", pos):
            return JNode("object", props, line, self.line_col(pos)[0]), pos + 1
        while True:
            pos = self.skip_ws(pos)
            if not self.text.startswith('"', pos):
                raise self.error(pos, "expected a quoted property name")
            key_line = self.line_col(pos)[0]
            key, pos = self.string(pos)
            pos = self.skip_ws(pos)
            if not self.text.startswith(":", pos):
                raise self.error(pos, "expected ':' after property name")
            val, pos = self.value(pos + 1, depth + 1)
            props.append(JProp(key, key_line, val))
            pos = self.skip_ws(pos)
            if self.text.startswith(",", pos):
                pos += 1
                continue
            if self.text.startswith("}", pos):
                return JNode("object", props, line, self.line_col(pos)[0]), pos + 1
            raise self.error(pos, "expected ',' or '}' in object")

    def arr(self, pos: int, line: int, depth: int) -> tuple[JNode, int]:
        items: list[JNode] = []
        pos = self.skip_ws(pos)
        if self.text.startswith("]", pos):
            return JNode("array", items, line, self.line_col(pos)[0]), pos + 1
        while True:
            val, pos = self.value(pos, depth + 1)
            items.append(val)
            pos = self.skip_ws(pos)
            if self.text.startswith(",", pos):
                pos += 1
                continue
            if self.text.startswith("]", pos):
                return JNode("array", items, line, self.line_col(pos)[0]), pos + 1
            raise self.error(pos, "expected ',' or ']' in array")


def parse_json_positions(filename: str, text: str) -> JNode:
    """Parse JSON text; raises :class:`HclSyntaxError` with line and column on bad input."""
    reader = _Reader(filename, text.lstrip("\ufeff"))
    node, pos = reader.value(0)
    pos = reader.skip_ws(pos)
    if pos != len(reader.text):
        raise reader.error(pos, "unexpected data after the top-level value")
    return node


def last_line(text: str) -> int:
    return text.count("\n") + 1
