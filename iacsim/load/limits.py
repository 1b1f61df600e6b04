"""Bounded reading: size, text and nesting checks that run before any parser sees a file.

A hostile or broken file must cost the scan one ``PARSE`` finding, never the scan itself: a
100,000-deep JSON array would otherwise end it with ``RecursionError`` (``json`` and every
recursive reader after it), a huge generated file would be read into memory whole. The checks
here are cheap (a ``stat``, an 8 KiB sniff, one regex pass over brackets) so that they can run on
every file; the limits themselves are :class:`iacsim.config.Limits`.
"""

from __future__ import annotations

import re
from itertools import accumulate
from pathlib import Path

from iacsim.bounds import (
    ALIAS_EXPANSION,
    NOT_TEXT,
    OUTSIDE_ROOT,
    TOO_DEEP,
    TOO_LARGE,
    LimitExceeded,
    Limits,
)
from iacsim.load.resource import Diagnostic

__all__ = ["ALIAS_EXPANSION", "NOT_TEXT", "OUTSIDE_ROOT", "TOO_DEEP", "TOO_LARGE", "LimitExceeded", "Limits",
           "limit_diagnostic"]

SNIFF_BYTES = 8192
"""A NUL byte in this much of the head marks a binary file (git's own heuristic)."""


def limit_diagnostic(exc: LimitExceeded, file: str) -> Diagnostic:
    """The loader diagnostic of a limit hit in ``file``."""
    return Diagnostic(file, exc.line, exc.message, exc.severity, exc.code)


def too_large_message(size: int, limits: Limits) -> str:
    return (f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} "
            "(limits.max_file_bytes); skipped without reading it")


def check_size(path: Path, limits: Limits) -> None:
    """Raise for a file over ``max_file_bytes``, from its size alone (it is never opened)."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise LimitExceeded(1, too_large_message(size, limits), TOO_LARGE)


_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
                               r"|(\\+)u[dD][c-fC-F][0-9a-fA-F]{2}")


def _surrogate_escape(m: re.Match[str]) -> str:
    slashes = m.group(1) or m.group(4)
    if len(slashes) % 2 == 0 or m.group(3):  # a literal backslash before "u…", or a valid pair
        return m.group()
    return slashes + "ufffd"


def without_lone_surrogates(text: str) -> str:
    """``text`` with every ``\\uD800``-``\\uDFFF`` escape that is not half of a pair made ``\\uFFFD``.

    JSON, YAML and HCL strings all accept such escapes, and a lone surrogate in a name or value
    cannot be encoded as UTF-8: it would break the simulator's hashing and every report writer.
    """
    return _SURROGATE_ESCAPE.sub(_surrogate_escape, text) if "\\u" in text or "\\U" in text else text


def decode_text(data: bytes) -> str:
    """UTF-8 text of a file (a BOM is dropped, lone surrogate escapes replaced); binary or non-UTF-8
    content raises :class:`LimitExceeded`."""
    if b"\0" in data[:SNIFF_BYTES]:
        raise LimitExceeded(1, "binary file (a NUL byte in its first 8 KiB); not read", NOT_TEXT)
    try:
        return without_lone_surrogates(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LimitExceeded(line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); not read",
                            NOT_TEXT) from None


def read_text(path: Path, limits: Limits) -> str:
    """A file's text within the size limit; raises :class:`LimitExceeded` or ``OSError``."""
    check_size(path, limits)
    return decode_text(path.read_bytes())


# --- nesting depth ---------------------------------------------------------------------------------

_JSON_SKIP = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
"""JSON strings (an unterminated one runs to the end): brackets inside them do not nest."""
_HCL_SKIP = re.compile(
    r'"(?:[^"\\\n]|\\.)*"?'          # a quoted string (templates inside are not counted)
    r"|#[^\n]*|//[^\n]*"             # line comments
    r"|/\*.*?(?:\*/|\Z)"             # block comments
    r"|<<-?\s*([A-Za-z_][\w-]*)\n.*?(?:^[ \t]*\1[ \t]*$|\Z)",  # heredocs
    re.DOTALL | re.MULTILINE)
_NOT_BRACKETS = re.compile(r"[^\[\]{}()]+")
_DELTA = {"[": 1, "{": 1, "(": 1, "]": -1, "}": -1, ")": -1}


def _deepest(stripped: str, max_depth: int) -> int:
    """Offset (in ``stripped``) of the bracket that first nests deeper than ``max_depth``, or -1."""
    brackets = _NOT_BRACKETS.sub("", stripped)
    if len(brackets) <= max_depth:  # cannot nest deeper than it has brackets
        return -1
    depth = 0
    for i, d in enumerate(accumulate(map(_DELTA.__getitem__, brackets))):
        if d > max_depth:
            depth = i + 1
            break
    else:
        return -1
    # the depth-th bracket of the stripped text, in the stripped text
    for n, m in enumerate(re.finditer(r"[\[\]{}()]", stripped), 1):
        if n == depth:
            return m.start()
    return -1  # pragma: no cover - the bracket was counted above


def _text_offset(text: str, skip: re.Pattern[str], at: int) -> int:
    """Where offset ``at`` of ``skip.sub("", text)`` lies in ``text`` (only run once a limit is hit)."""
    pos = kept = 0
    for m in skip.finditer(text):
        if kept + m.start() - pos > at:
            break
        kept += m.start() - pos
        pos = m.end()
    return pos + (at - kept)


def _check_depth(text: str, skip: re.Pattern[str], max_depth: int, what: str) -> None:
    if text.count("[") + text.count("{") + text.count("(") <= max_depth:
        return  # the fast path for almost every file: too few brackets to matter
    at = _deepest(skip.sub("", text), max_depth)
    if at < 0:
        return
    line = text.count("\n", 0, _text_offset(text, skip, at)) + 1
    raise LimitExceeded(line, f"{what} nests too deeply: more than {max_depth} levels (limits.max_depth); not read",
                        TOO_DEEP)


def check_json_depth(text: str, limits: Limits) -> None:
    """Raise when JSON text nests deeper than ``max_depth`` (before any recursive reader sees it)."""
    _check_depth(text, _JSON_SKIP, limits.max_depth, "JSON")


def check_hcl_depth(text: str, limits: Limits) -> None:
    """Raise when HCL text nests its brackets deeper than ``max_depth``.

    Strings, comments and heredocs are skipped, so their brackets do not count; expressions inside
    ``${…}`` are not counted either, and the HCL front end still turns a ``RecursionError`` from
    them into the same finding.
    """
    _check_depth(text, _HCL_SKIP, limits.max_depth, "HCL")
