"""String templates: the flat token list and its assembly into :mod:`ast` nodes.

Quoted strings arrive from the Lark tree already split into literal text,
interpolations and *flat* directives (``%{if}``, ``%{else}``, ``%{endif}``…).
Heredoc bodies, ``.tf.json`` strings and ``templatefile()`` files arrive as raw
text and are split by :func:`scan_template`. Both paths meet in
:func:`assemble`, which applies ``~`` strip markers and nests the directives,
so every template is built the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from iacsim.load.hcl.ast import Expr, Literal, TemplateExpr, TemplateFor, TemplateIf
from iacsim.load.hcl.errors import HclSyntaxError


@dataclass
class FlatLit:
    text: str
    line: int


@dataclass
class FlatInterp:
    expr: Expr
    strip_left: bool
    strip_right: bool
    line: int


@dataclass
class FlatIf:
    cond: Expr
    strip_left: bool
    strip_right: bool
    line: int


@dataclass
class FlatElse:
    strip_left: bool
    strip_right: bool
    line: int


@dataclass
class FlatEndIf:
    strip_left: bool
    strip_right: bool
    line: int


@dataclass
class FlatFor:
    key_var: str | None
    value_var: str
    collection: Expr
    strip_left: bool
    strip_right: bool
    line: int


@dataclass
class FlatEndFor:
    strip_left: bool
    strip_right: bool
    line: int


Flat = FlatLit | FlatInterp | FlatIf | FlatElse | FlatEndIf | FlatFor | FlatEndFor

_WHITESPACE = " \t\r\n\v\f\u0085\u00a0"
"""What Go's unicode.IsSpace accepts in practice in configuration text."""

ParseExpr = Callable[[str, int], Expr]
"""Parses one expression's source text; the int is the line it starts on."""


def _apply_strip_markers(flat: list[Flat]) -> list[Flat]:
    """``~`` trims the whitespace (newlines included) of the *one* neighbouring literal token.

    Raw template text is split into one literal token per line, as HCL's
    scanner does, so ``~}`` followed by blank lines removes only the first
    line break — exactly what Terraform does.
    """
    out = list(flat)
    for i, item in enumerate(out):
        if isinstance(item, FlatLit):
            continue
        if item.strip_left and i > 0 and isinstance(out[i - 1], FlatLit):
            prev = out[i - 1]
            assert isinstance(prev, FlatLit)
            out[i - 1] = replace(prev, text=prev.text.rstrip(_WHITESPACE))
        if item.strip_right and i + 1 < len(out) and isinstance(out[i + 1], FlatLit):
            nxt = out[i + 1]
            assert isinstance(nxt, FlatLit)
            out[i + 1] = replace(nxt, text=nxt.text.lstrip(_WHITESPACE))
    return out


def _flush_heredoc(flat: list[Flat]) -> list[Flat]:
    """``<<-``: remove the smallest indentation from every line-leading literal.

    Mirrors hclsyntax's flushHeredocTemplateParts: it runs after strip markers,
    on tokens (not rendered text); a line that starts with an interpolation or
    directive counts as unindented; a whitespace-only line is ignored.
    """
    unbounded = 1 << 62
    smallest = unbounded
    at_line_start = True
    adjust: list[int] = []
    for i, item in enumerate(flat):
        if at_line_start:
            at_line_start = False
            spaces = 0
            if isinstance(item, FlatLit):
                trimmed = item.text.lstrip(_WHITESPACE)
                if not trimmed and item.text.endswith("\n"):
                    spaces = unbounded
                else:
                    spaces = len(item.text) - len(trimmed)
                    adjust.append(i)
            smallest = min(smallest, spaces)
        if isinstance(item, FlatLit) and item.text.endswith("\n"):
            at_line_start = True
    if smallest in (0, unbounded):
        return flat
    out = list(flat)
    for i in adjust:
        lit = out[i]
        assert isinstance(lit, FlatLit)
        out[i] = replace(lit, text=lit.text[smallest:])
    return out


def assemble(flat: list[Flat], line: int, filename: str, *, unwrap: bool = True, flush: bool = False) -> Expr:
    """Apply strip markers (and ``<<-`` indentation removal), nest directives, build the template.

    With ``unwrap`` a template made of exactly one interpolation returns the
    inner expression, because Terraform yields ``"${x}"``'s value unconverted.
    """
    items = _apply_strip_markers(flat)
    if flush:
        items = _flush_heredoc(items)
    items = _meld(items)
    parts, pos = _sequence(items, 0, filename, ())
    if pos != len(items):
        bad = items[pos]
        raise HclSyntaxError(filename, bad.line, 1, f"unexpected template directive {_directive_name(bad)}")
    if unwrap and len(flat) == 1 and isinstance(flat[0], FlatInterp):
        return flat[0].expr
    # A template without interpolations is just a string: consumers reading
    # static settings (`source = "./modules/kms"`) then see a plain Literal.
    if not parts:
        return Literal("", line)
    if len(parts) == 1 and isinstance(parts[0], Literal) and isinstance(parts[0].value, str):
        return Literal(parts[0].value, line)
    return TemplateExpr(parts, line)


def _meld(flat: list[Flat]) -> list[Flat]:
    """Join consecutive literal tokens (after trimming, as HCL does)."""
    out: list[Flat] = []
    for item in flat:
        if isinstance(item, FlatLit) and out and isinstance(out[-1], FlatLit):
            prev = out[-1]
            assert isinstance(prev, FlatLit)
            out[-1] = replace(prev, text=prev.text + item.text)
        else:
            out.append(item)
    return out


def _directive_name(item: Flat) -> str:
    names = {FlatElse: "%{else}", FlatEndIf: "%{endif}", FlatEndFor: "%{endfor}"}
    return names.get(type(item), type(item).__name__)


def _sequence(
    items: list[Flat], pos: int, filename: str, stop: tuple[type, ...]
) -> tuple[tuple[Expr, ...], int]:
    parts: list[Expr] = []
    while pos < len(items):
        item = items[pos]
        if isinstance(item, stop):
            return tuple(parts), pos
        if isinstance(item, FlatLit):
            if item.text:
                parts.append(Literal(item.text, item.line))
            pos += 1
        elif isinstance(item, FlatInterp):
            parts.append(item.expr)
            pos += 1
        elif isinstance(item, FlatIf):
            then, pos = _sequence(items, pos + 1, filename, (FlatElse, FlatEndIf))
            else_: TemplateExpr | None = None
            if pos < len(items) and isinstance(items[pos], FlatElse):
                else_line = items[pos].line
                else_parts, pos = _sequence(items, pos + 1, filename, (FlatEndIf,))
                else_ = TemplateExpr(else_parts, else_line)
            if pos >= len(items) or not isinstance(items[pos], FlatEndIf):
                raise HclSyntaxError(filename, item.line, 1, "%{if} without matching %{endif}")
            parts.append(TemplateIf(item.cond, TemplateExpr(then, item.line), else_, item.line))
            pos += 1
        elif isinstance(item, FlatFor):
            body, pos = _sequence(items, pos + 1, filename, (FlatEndFor,))
            if pos >= len(items):
                raise HclSyntaxError(filename, item.line, 1, "%{for} without matching %{endfor}")
            parts.append(
                TemplateFor(
                    item.key_var, item.value_var, item.collection, TemplateExpr(body, item.line), item.line
                )
            )
            pos += 1
        else:
            raise HclSyntaxError(
                filename, item.line, 1, f"unexpected template directive {_directive_name(item)}"
            )
    return tuple(parts), pos


# --------------------------------------------------------------------------
# Raw template text (heredocs, .tf.json strings, templatefile)
# --------------------------------------------------------------------------

_FOR_HEADER = re.compile(r"for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\s+in\s+(.*)\Z", re.S)
_IF_HEADER = re.compile(r"if\s+(.*)\Z", re.S)
_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def _find_close(text: str, pos: int, filename: str, line: int) -> int:
    """Index of the ``}`` closing an interpolation/directive whose body starts at ``pos``.

    Tracks nested braces and quoted strings (which may hold their own ``${}``).
    """
    depth = 0
    i = pos
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i = _skip_string(text, i + 1, filename, line)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise HclSyntaxError(filename, line, 1, "unterminated template sequence (missing '}')")


def _skip_string(text: str, pos: int, filename: str, line: int) -> int:
    i = pos
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        if text.startswith("${", i) or text.startswith("%{", i):
            i = _find_close(text, i + 2, filename, line) + 1
            continue
        i += 1
    raise HclSyntaxError(filename, line, 1, "unterminated quoted string inside template")


def scan_template(text: str, start_line: int, filename: str, parse_expr: ParseExpr) -> list[Flat]:
    """Split raw template text into flat parts. No backslash escapes are processed
    (heredocs and template files take backslashes literally; JSON strings are
    already unescaped); ``$${`` and ``%%{`` are the literal ``${`` and ``%{``."""
    flat: list[Flat] = []
    buf: list[str] = []
    buf_line = start_line
    i = 0
    n = len(text)

    def line_at(idx: int) -> int:
        return start_line + text.count("\n", 0, idx)

    def flush() -> None:
        nonlocal buf
        if buf:
            # One token per line, each ending with its newline, like HCL's scanner.
            line = buf_line
            for piece in _LINES.findall("".join(buf)):
                flat.append(FlatLit(piece, line))
                line += 1
            buf = []

    while i < n:
        if text.startswith("$${", i) or text.startswith("%%{", i):
            if not buf:
                buf_line = line_at(i)
            buf.append(text[i + 1 : i + 3])
            i += 3
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            flush()
            here = line_at(i)
            end = _find_close(text, i + 2, filename, here)
            inner = text[i + 2 : end]
            strip_left = inner.startswith("~")
            if strip_left:
                inner = inner[1:]
            strip_right = inner.endswith("~")
            if strip_right:
                inner = inner[:-1]
            if text[i] == "$":
                flat.append(FlatInterp(parse_expr(inner, here), strip_left, strip_right, here))
            else:
                flat.append(_directive(inner, here, strip_left, strip_right, filename, parse_expr))
            i = end + 1
            buf_line = line_at(i)
            continue
        if not buf:
            buf_line = line_at(i)
        buf.append(text[i])
        i += 1
    flush()
    return flat


def _directive(
    inner: str, line: int, strip_left: bool, strip_right: bool, filename: str, parse_expr: ParseExpr
) -> Flat:
    body = inner.strip()
    if body == "else":
        return FlatElse(strip_left, strip_right, line)
    if body == "endif":
        return FlatEndIf(strip_left, strip_right, line)
    if body == "endfor":
        return FlatEndFor(strip_left, strip_right, line)
    m = _IF_HEADER.match(body)
    if m:
        return FlatIf(parse_expr(m.group(1), line), strip_left, strip_right, line)
    m = _FOR_HEADER.match(body)
    if m:
        first, second, coll = m.group(1), m.group(2), m.group(3)
        key_var, value_var = (first, second) if second else (None, first)
        return FlatFor(key_var, value_var, parse_expr(coll, line), strip_left, strip_right, line)
    raise HclSyntaxError(filename, line, 1, f"invalid template directive %{{{body}}}")
