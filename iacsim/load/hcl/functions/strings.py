"""String functions.

https://developer.hashicorp.com/terraform/language/functions (String Functions).
Regular expressions are RE2 in Terraform; :func:`go_regex` translates the
common differences (``\\z``, POSIX classes) to Python's ``re``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from iacsim.load.hcl.convert import (
    EvalError,
    format_number,
    to_bool,
    to_decimal,
    to_number,
    to_string,
    type_name,
)
from iacsim.load.hcl.functions.encoding import json_encode, json_string
from iacsim.load.hcl.functions.registry import function

_POSIX_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r"\t\n\v\f\r ",
    "xdigit": "0-9A-Fa-f",
    "word": r"\w",
    "punct": r"!-/:-@\[-`{-~",
    "blank": r"\t ",
    "cntrl": r"\x00-\x1f\x7f",
    "print": r" -~",
    "graph": r"!-~",
    "ascii": r"\x00-\x7f",
}


def go_regex(pattern: str) -> re.Pattern[str]:
    """Compile an RE2 pattern with Python's ``re``."""
    translated = re.sub(r"\[:(\^?)(\w+):\]", lambda m: _posix_class(m.group(1), m.group(2)), pattern)
    translated = _scope_inline_flags(translated.replace(r"\z", r"\Z"))
    try:
        return re.compile(translated)
    except re.error as exc:
        raise EvalError(f"invalid regular expression {pattern!r}: {exc}") from None


_INLINE_FLAGS = re.compile(r"\(\?([imsU]+)\)")


def _scope_inline_flags(pattern: str) -> str:
    """RE2 allows ``a(?i)b`` (flags from there on); Python only at the start, so
    a top-level ``(?i)`` later in the pattern becomes a scoped ``(?i:...)`` group."""
    m = _INLINE_FLAGS.search(pattern, 1)
    if m is None or _depth(pattern, m.start()) != 0:
        return pattern
    flags = m.group(1).replace("U", "")
    rest = _scope_inline_flags(pattern[m.end() :])
    return pattern[: m.start()] + (f"(?{flags}:{rest})" if flags else rest)


def _depth(pattern: str, pos: int) -> int:
    depth = 0
    i = 0
    in_class = False
    while i < pos:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return depth


def _posix_class(negate: str, name: str) -> str:
    if name not in _POSIX_CLASSES:
        raise EvalError(f"unsupported character class [:{name}:]")
    if negate:
        raise EvalError("negated POSIX character classes are not supported")
    return _POSIX_CLASSES[name]


@function("lower")
def lower(s: Any) -> str:
    return to_string(s).lower()


@function("upper")
def upper(s: Any) -> str:
    return to_string(s).upper()


@function("title")
def title(s: Any) -> str:
    # Go's strings.Title: upper-case each letter that follows a separator
    # (anything but letters, digits and underscore).
    out: list[str] = []
    prev_sep = True
    for ch in to_string(s):
        out.append(ch.upper() if prev_sep else ch)
        prev_sep = not (ch.isalnum() or ch == "_")
    return "".join(out)


@function("trimspace")
def trimspace(s: Any) -> str:
    return to_string(s).strip()


@function("trim")
def trim(s: Any, cutset: Any) -> str:
    return to_string(s).strip(to_string(cutset))


@function("trimprefix")
def trimprefix(s: Any, prefix: Any) -> str:
    return to_string(s).removeprefix(to_string(prefix))


@function("trimsuffix")
def trimsuffix(s: Any, suffix: Any) -> str:
    return to_string(s).removesuffix(to_string(suffix))


@function("startswith")
def startswith(s: Any, prefix: Any) -> bool:
    return to_string(s).startswith(to_string(prefix))


@function("endswith")
def endswith(s: Any, suffix: Any) -> bool:
    return to_string(s).endswith(to_string(suffix))


@function("strcontains")
def strcontains(s: Any, sub: Any) -> bool:
    return to_string(sub) in to_string(s)


@function("strrev")
def strrev(s: Any) -> str:
    return to_string(s)[::-1]


@function("chomp")
def chomp(s: Any) -> str:
    return re.sub(r"(?:\r\n?|\n)*\Z", "", to_string(s))


@function("indent")
def indent(spaces: Any, s: Any) -> str:
    n = to_number(spaces, "the number of spaces")
    if isinstance(n, float) or n < 0:
        raise EvalError("the number of spaces must be a whole non-negative number")
    return to_string(s).replace("\n", "\n" + " " * n)


@function("split")
def split(sep: Any, s: Any) -> list[str]:
    text, separator = to_string(s), to_string(sep)
    if separator == "":
        return list(text)
    return text.split(separator)


@function("join")
def join(sep: Any, *lists: Any) -> str:
    if not lists:
        raise EvalError("at least one list is required")
    items: list[str] = []
    for lst in lists:
        if isinstance(lst, Mapping) or not isinstance(lst, list | tuple):
            raise EvalError(f"lists must be lists of strings, got {type_name(lst)}")
        for v in lst:
            if v is None:
                raise EvalError("element is null; cannot concatenate null values")
            items.append(to_string(v, "each element"))
    return to_string(sep).join(items)


@function("replace")
def replace(s: Any, substr: Any, replacement: Any) -> str:
    text, old, new = to_string(s), to_string(substr), to_string(replacement)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        pattern = go_regex(old[1:-1])
        return pattern.sub(lambda m: _expand(new, m), text)
    return text.replace(old, new)


def _expand(template: str, m: re.Match[str]) -> str:
    """Go's Regexp.Expand: ``$1``, ``${1}``, ``$name``, ``${name}``, ``$$``."""

    def group(ref: re.Match[str]) -> str:
        token = ref.group(0)
        if token == "$$":
            return "$"
        name = ref.group(1) or ref.group(2)
        try:
            value = m.group(int(name)) if name.isdigit() else m.group(name)
        except (IndexError, re.error):
            return ""
        return value or ""

    return re.sub(r"\$\$|\$\{(\w+)\}|\$(\w+)", group, template)


@function("substr")
def substr(s: Any, offset: Any, length: Any) -> str:
    text = to_string(s)
    off = to_number(offset, "the offset")
    ln = to_number(length, "the length")
    if isinstance(off, float) or isinstance(ln, float):
        raise EvalError("offset and length must be whole numbers")
    if off < 0:
        off = len(text) + off
        if off < 0:
            raise EvalError("offset is out of range")
    if off >= len(text):
        return ""
    if ln < 0:  # -1 (or any negative length) means "to the end"
        return text[off:]
    return text[off : off + ln]


def _regex_result(pattern: re.Pattern[str], m: re.Match[str]) -> Any:
    if pattern.groups == 0:
        return m.group(0)
    named = pattern.groupindex
    if named:
        if len(named) != pattern.groups:
            raise EvalError("patterns cannot mix named and unnamed capture groups")
        return {name: m.group(name) or "" for name in sorted(named)}
    return [g or "" for g in m.groups()]


@function("regex")
def regex(pattern: Any, s: Any) -> Any:
    compiled = go_regex(to_string(pattern))
    m = compiled.search(to_string(s))
    if m is None:
        raise EvalError("pattern did not match any part of the given string")
    return _regex_result(compiled, m)


@function("regexall")
def regexall(pattern: Any, s: Any) -> list[Any]:
    compiled = go_regex(to_string(pattern))
    return [_regex_result(compiled, m) for m in compiled.finditer(to_string(s))]


# -- format / formatlist ----------------------------------------------------

_VERB = re.compile(r"%(?:\[(\d+)\])?([ +\-#0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])")


@function("format")
def format_(fmt: Any, *args: Any) -> str:
    return go_format(to_string(fmt), list(args))


@function("formatlist")
def formatlist(fmt: Any, *args: Any) -> list[str]:
    template = to_string(fmt)
    lengths = {len(a) for a in args if isinstance(a, list | tuple)}
    if len(lengths) > 1:
        raise EvalError("all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    out: list[str] = []
    for i in range(count):
        row = [a[i] if isinstance(a, list | tuple) else a for a in args]
        out.append(go_format(template, row))
    return out


def go_format(fmt: str, args: list[Any]) -> str:
    """Terraform's ``format``: Go's fmt verbs over Terraform values."""
    out: list[str] = []
    pos = 0
    next_arg = 0
    used = 0
    while pos < len(fmt):
        pct = fmt.find("%", pos)
        if pct < 0:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:pct])
        m = _VERB.match(fmt, pct)
        if m is None:
            raise EvalError(f"invalid format verb at offset {pct}")
        pos = m.end()
        explicit, flags, width, precision, verb = m.groups()
        if verb == "%":
            out.append("%")
            continue
        if explicit:
            next_arg = int(explicit) - 1
        if next_arg >= len(args) or next_arg < 0:
            raise EvalError(f"not enough arguments for format verb %{verb}")
        value = args[next_arg]
        next_arg += 1
        used = max(used, next_arg)
        out.append(_format_one(verb, flags, width, precision, value, next_arg))
    if used < len(args):
        raise EvalError(f"too many arguments; only {used} used by format string")
    return "".join(out)


def _format_one(verb: str, flags: str, width: str | None, precision: str | None, value: Any, n: int) -> str:
    if value is None and verb != "v":
        raise EvalError(f"unsupported value for %{verb} at {n}: null value cannot be formatted")
    if verb == "v":
        if "#" in flags:
            body = json_encode(value)
        elif value is None:
            body = "null"
        elif isinstance(value, list | tuple | Mapping):
            body = json_encode(value)
        else:
            body = to_string(value)
        return _pad(body, flags.replace("#", ""), width)
    if verb == "s":
        if isinstance(value, list | tuple | Mapping):
            raise EvalError(f"unsupported value for %s at {n}: string required")
        body = to_string(value)
        if precision is not None:
            body = body[: int(precision or 0)]
        return _pad(body, flags, width)
    if verb == "q":
        return _pad(json_string(to_string(value)), flags, width)
    if verb == "t":
        return _pad("true" if to_bool(value) else "false", flags, width)
    if verb in "dboxXc":
        return _format_integer(verb, flags, width, value, n)
    if verb in "eEfFgG":
        return _format_float(verb, flags, width, precision, value)
    raise EvalError(f"unsupported format verb %{verb}")


def _pad(body: str, flags: str, width: str | None, numeric: bool = False) -> str:
    if not width:
        return body
    w = int(width)
    if "-" in flags:
        return body.ljust(w)
    if "0" in flags and numeric:
        sign = body[0] if body[:1] in "+- " and body[:1] else ""
        return sign + body[len(sign) :].rjust(w - len(sign), "0")
    return body.rjust(w)


def _sign(flags: str, negative: bool) -> str:
    if negative:
        return "-"
    if "+" in flags:
        return "+"
    if " " in flags:
        return " "
    return ""


def _format_integer(verb: str, flags: str, width: str | None, value: Any, n: int) -> str:
    num = to_number(value, f"argument {n}")
    if isinstance(num, float):
        raise EvalError(f"unsupported value for %{verb} at {n}: an integer is required")
    if verb == "c":
        return _pad(chr(num), flags, width)
    body = format(abs(num), {"d": "d", "b": "b", "o": "o", "x": "x", "X": "X"}[verb])
    if "#" in flags:
        body = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb, "") + body
    return _pad(_sign(flags, num < 0) + body, flags, width, numeric=True)


def _format_float(verb: str, flags: str, width: str | None, precision: str | None, value: Any) -> str:
    num = to_number(value, "a float verb")
    dec = to_decimal(num)
    negative = dec < 0
    mag = abs(dec)
    if verb in "fF":
        body = f"{mag:.{int(precision) if precision else 6}f}"
    elif verb in "eE":
        body = _go_exponent(f"{mag:.{int(precision) if precision else 6}e}")
    elif precision:
        body = _go_exponent(f"{float(mag):.{int(precision)}g}")
    else:
        body = _shortest_g(mag)
    if verb in "EG":
        body = body.upper()
    return _pad(_sign(flags, negative) + body, flags, width, numeric=True)


def _go_exponent(text: str) -> str:
    """Go writes at least two exponent digits (``e+03``); Decimal writes ``e+3``."""
    return re.sub(r"e([+-])(\d+)", lambda m: f"e{m.group(1)}{int(m.group(2)):02d}", text)


def _shortest_g(mag: Decimal) -> str:
    """Go's ``%g`` without precision: the shortest digits, exponent form from 1e+06 / below 1e-04."""
    if mag == 0:
        return "0"
    shortest = Decimal(repr(float(mag))).normalize()
    _, digits_t, exp = shortest.as_tuple()
    digits = "".join(map(str, digits_t))
    exponent = len(digits) + int(exp) - 1
    if exponent < -4 or exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    return format_number(float(shortest)) if not is_number_int(shortest) else str(int(shortest))


def is_number_int(d: Decimal) -> bool:
    return d == d.to_integral_value()
