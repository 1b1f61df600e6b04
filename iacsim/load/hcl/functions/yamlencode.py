"""``yamlencode``: Terraform's YAML output, or Unknown where we would have to guess.

https://developer.hashicorp.com/terraform/language/functions/yamlencode
Terraform's emitter (go-cty-yaml) quotes every string and key with double
quotes, writes multi-line strings as literal blocks (``|``, ``|-``, ``|+``,
with an indentation indicator when the text starts with a space or newline),
sorts keys, and ends a lone plain scalar with ``...``. Two of its behaviours
are not reproduced — folding double-quoted strings past column 80, and the
quoted style it falls back to for multi-line strings with trailing spaces or
control characters — and give an Unknown rather than different bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacsim.load.hcl.convert import EvalError, format_number, is_number
from iacsim.load.hcl.functions.registry import function
from iacsim.values import Unknown

BEST_WIDTH = 80
"""go-yaml folds double-quoted scalars at spaces beyond this column."""

_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


class _NotReproduced(Exception):
    pass


def _printable(ch: str) -> bool:
    """libyaml's notion of printable (tab and other controls are escaped)."""
    code = ord(ch)
    if code == 0xFEFF:
        return False
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _quoted(s: str, column: int) -> str:
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif not _printable(ch):
            code = ord(ch)
            out.append(
                f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
            )
        else:
            out.append(ch)
    out.append('"')
    text = "".join(out)
    if column + len(text) > BEST_WIDTH and " " in s:
        raise _NotReproduced("yamlencode() folds long strings at column 80; not reproduced")
    return text


def _literal_block(s: str, indent: int) -> str:
    if any(not _printable(ch) or ch == "\t" for ch in s):
        raise _NotReproduced("yamlencode() quotes multi-line strings with control characters; not reproduced")
    lines = s.split("\n")
    if s.endswith("\n"):
        lines.pop()
    if any(line != line.rstrip(" ") for line in lines):
        raise _NotReproduced("yamlencode() quotes multi-line strings with trailing spaces; not reproduced")
    trailing = len(s) - len(s.rstrip("\n"))
    # "+" keeps several trailing newlines — and a text that is nothing but one.
    chomp = "-" if trailing == 0 else ("" if trailing == 1 and s != "\n" else "+")
    indicator = "2" if s[:1] in (" ", "\n") else ""
    pad = " " * indent
    body = "".join(f"{pad}{line}\n" if line else "\n" for line in lines)
    return f"|{indicator}{chomp}\n{body}"


def _scalar(value: Any, column: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    if isinstance(value, str):
        return _quoted(value, column)
    if isinstance(value, Unknown):
        raise EvalError("cannot encode an unknown value")
    raise EvalError(f"cannot encode a {type(value).__name__} value as YAML")


def _is_block(value: Any) -> bool:
    return isinstance(value, list | tuple | Mapping) and len(value) > 0


def _value_after_key(value: Any, indent: int, column: int) -> str:
    """The text after ``"key":`` (or after ``- ``) ends with a newline."""
    if isinstance(value, str) and "\n" in value:
        return " " + _literal_block(value, indent + 2)
    if isinstance(value, Mapping) and not value:
        return " {}\n"
    if isinstance(value, list | tuple) and not value:
        return " []\n"
    return " " + _scalar(value, column + 1) + "\n"


def _mapping(value: Mapping[str, Any], indent: int, first_inline: bool) -> str:
    out = []
    for i, key in enumerate(sorted(value)):
        pad = "" if (i == 0 and first_inline) else " " * indent
        head = f"{pad}{_quoted(key, indent)}:"
        item = value[key]
        if isinstance(item, Mapping) and item:
            out.append(head + "\n" + _mapping(item, indent + 2, False))
        elif isinstance(item, list | tuple) and item:
            out.append(head + "\n" + _sequence(item, indent, False))
        else:
            out.append(head + _value_after_key(item, indent, indent + len(head)))
    return "".join(out)


def _sequence(value: list[Any] | tuple[Any, ...], indent: int, first_inline: bool) -> str:
    out = []
    for i, item in enumerate(value):
        pad = "" if (i == 0 and first_inline) else " " * indent
        if isinstance(item, Mapping) and item:
            out.append(f"{pad}- " + _mapping(item, indent + 2, True))
        elif isinstance(item, list | tuple) and item:
            out.append(f"{pad}- " + _sequence(item, indent + 2, True))
        else:
            out.append(f"{pad}-" + _value_after_key(item, indent, indent + 1))
    return "".join(out)


def yaml_encode(value: Any) -> str:
    if isinstance(value, Mapping) and value:
        return _mapping(value, 0, False)
    if isinstance(value, list | tuple) and value:
        return _sequence(value, 0, False)
    if isinstance(value, Mapping):
        return "{}\n"
    if isinstance(value, list | tuple):
        return "[]\n"
    if isinstance(value, str):
        if "\n" in value:
            raise _NotReproduced("yamlencode() of a lone multi-line string is not reproduced")
        return _scalar(value, 0) + "\n"
    # A lone plain scalar ends the document explicitly.
    return _scalar(value, 0) + "\n...\n"


@function("yamlencode")
def yamlencode(value: Any) -> str | Unknown:
    try:
        return yaml_encode(value)
    except _NotReproduced as exc:
        return Unknown(str(exc))
