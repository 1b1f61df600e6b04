"""Escaping every string that comes from the scanned input, once per output format.

Resource names, descriptions, tags and paths are written by whoever wrote the repository: a name can
carry Markdown (a link or image in a pull-request comment), terminal escape sequences (recolouring or
rewriting a CI log, forging ``::error::`` workflow commands after a newline) or lone surrogates from a
JSON ``\\ud800`` escape (which no UTF-8 writer accepts). HTML is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ESC starts every ANSI sequence), DEL and the bidirectional overrides."""
_MD_LINK = re.compile(r"\]([(\[])")
"""``](`` and ``][``: what makes ``[x](url)``, ``![x](url)`` and ``[x][ref]`` links and images."""


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, so that it always encodes as UTF-8."""
    return text if text.isascii() or not _SURROGATE.search(text) else _SURROGATE.sub("\ufffd", text)


def valid_unicode_data(value: Any) -> Any:
    """JSON-like data with every string (keys too) made :func:`valid_unicode`; other values kept."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, dict):
        return {valid_unicode_data(k): valid_unicode_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [valid_unicode_data(v) for v in value]
    return value


def terminal(text: str) -> str:
    """One line for a terminal or CI log: control characters shown as ``\\xNN``/``\\uNNNN``, never sent."""
    text = valid_unicode(text)
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def markdown_text(text: str) -> str:
    """Inline Markdown text (a table cell, a list item, a ``<summary>``) that stays plain text.

    HTML is entity-escaped, a pipe cannot end the cell, a newline cannot start a block (a heading,
    a fence closing a code block) and ``[x](url)``, ``[x][ref]`` and ``![x](url)`` lose their link
    syntax; other text is unchanged.
    """
    text = _cell(text)
    return _MD_LINK.sub(r"]\\\1", text) if "]" in text else text


def _cell(text: str) -> str:
    text = terminal(text.replace("\n", " "))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|"))


def markdown_code(text: str) -> str:
    """A Markdown code span holding ``text``: a backtick inside cannot close it early."""
    inner = _cell(text)  # no link syntax inside a code span: only its end needs guarding
    if "`" not in inner:
        return f"`{inner}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", inner)) + 1)
    return f"{fence} {inner} {fence}"
