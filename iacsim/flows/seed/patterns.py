"""Policy patterns that would need a name the scan does not know.

A bucket named from ``random_pet`` or ``bucket_prefix``, a role or secret whose name is generated at apply,
gets a stand-in name in the replay (:mod:`iacsim.flows.seed.names`). The verdict stands when nothing depends
on the name itself — every reference resolves to the same object. It does not stand when a policy *pattern*
decides by the name: ``StringLike aws:SourceArn arn:aws:s3:::prod-*`` allows the real bucket or not, and the
stand-in cannot say which. :func:`undecided_pattern` finds such a pattern, so the policy's object becomes
``unknown`` (with the name to supply) instead of a confident deny or allow.

The decision is exact for wildcards: a pattern and the set of strings an unknown name can produce (its ARN
with the unknown parts as ``*``) either never meet (decided: no match), always match (decided: match), or
sometimes do (undecided). Parts of one unknown value that occur in the pattern too (the stand-in of the same
``random_pet``, a policy naming ``${aws_s3_bucket.b.arn}/*``) are the same string on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_FILL = "\x01"
"""A character no pattern contains: what an unknown part is replaced by when testing 'always matches'."""

_PART = "\x02"
"""In a form, an unknown part of a name: any run of characters but the ARN separators ``/`` and ``:``, which
no bucket, role, policy or secret name contains."""

_PATH_PART = "\x04"
"""An unknown part of a log group name, which may hold ``/`` (``/aws/lambda/${var.fn}``) but not ``:``."""

_OTHER = "\x03"
"""Brackets another object's stand-in in a pattern: a name part never holds it (nor a separator)."""

_SEPARATORS = "/:" + _OTHER

_RUNS = ("*", _PART, _PATH_PART)
"""What a form reads as a run of characters: a wildcard, or an unknown part of a name."""

_PATTERN_OPERATORS = ("like", "arnequals", "arnnotequals")
"""Condition operators whose values are patterns (the ``…Like`` family; ARN operators accept wildcards too)."""

_EXACT_OPERATORS = ("stringequals", "stringnotequals")
"""Condition operators that compare whole strings: a literal value decides by the name just as a pattern does
(``aws:logs:arn`` equal to ``…:log-group:/named`` admits a group named from a variable only if it is
``/named``); every value of a pattern operator counts the same way."""


@dataclass(frozen=True)
class UnknownName:
    """An object whose name is known only after apply, and the stand-in the replay gave it."""

    address: str
    why: str
    """Why the name is unknown and how to supply it."""
    parts: tuple[str, ...]
    """The substrings of the stand-in values that stand for unknown text (tokens, or the whole name)."""
    forms: tuple[str, ...]
    """The values a policy compares with patterns: ARNs built from the stand-in name (``…/*`` for objects)."""
    slashes: bool = False
    """Whether the name may hold ``/`` (log groups); no name holds ``:``."""


def undecided_pattern(document: Any, names: list[UnknownName]) -> str | None:
    """Why ``document`` (a policy with stand-in names in it) cannot be evaluated faithfully: the first
    pattern whose match depends on a name the scan does not know; None when every pattern is decided."""
    if not names:
        return None
    for pattern in _patterns(document):
        for name in names:
            # another object's stand-in in the pattern is that object's (different) name, never this one's
            others = {p for n in names if n is not name for p in n.parts if p and p not in name.parts}
            mine = _distinct(pattern, others)
            if any(_undecided(mine, form, name.parts, name.slashes) for form in name.forms):
                return (f"the policy pattern {pattern!r} may or may not match the real name of {name.address} "
                        f"({name.why})")
    return None


def _distinct(pattern: str, others: set[str]) -> str:
    """``pattern`` with other objects' stand-in parts as literals no name of this object can contain."""
    for i, part in enumerate(sorted(others, key=len, reverse=True)):
        if part in pattern:
            pattern = pattern.replace(part, f"{_OTHER}{i}{_OTHER}")
    return pattern


def _patterns(document: Any) -> Iterator[str]:
    statements = document.get("Statement") if isinstance(document, Mapping) else None
    for st in statements if isinstance(statements, list) else [statements]:
        if not isinstance(st, Mapping):
            continue
        for element in ("Resource", "NotResource"):
            yield from _wild(st.get(element))
        condition = st.get("Condition")
        if isinstance(condition, Mapping):
            for operator, block in condition.items():
                name = str(operator).lower()
                if isinstance(block, Mapping) and any(o in name for o in (*_PATTERN_OPERATORS, *_EXACT_OPERATORS)):
                    for value in block.values():
                        yield from _strings(value)


def _strings(value: Any) -> Iterator[str]:
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, str) and v != "*":
            yield v


def _wild(value: Any) -> Iterator[str]:
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, str) and v != "*" and ("*" in v or "?" in v):
            yield v


def _undecided(pattern: str, form: str, parts: tuple[str, ...], slashes: bool = False) -> bool:
    """Whether ``pattern`` matches some but not all values ``form`` stands for."""
    shared = [p for p in parts if p and p in pattern]
    own = [p for p in parts if p and p not in pattern]
    outcomes = set()
    for k in range(1, pattern.count("?") + 3):
        p, f = pattern, form
        for part in shared:  # the same unknown text on both sides: one filler for both
            p, f = p.replace(part, _FILL * k), f.replace(part, _FILL * k)
        for part in own:
            f = f.replace(part, _PATH_PART if slashes else _PART)
        outcomes.add(_decide(p, f))
    return outcomes != {True} and outcomes != {False}


def _decide(pattern: str, form: str) -> bool | None:
    """True: every string of the glob ``form`` matches ``pattern``; False: none does; None: some do."""
    if not _intersect(pattern, form):
        return False
    if not any(c in form for c in _RUNS):
        return True
    if all(_intersect(pattern, form.replace("*", _FILL * k).replace(_PART, _FILL * k).replace(_PATH_PART, _FILL * k))
           for k in range(1, pattern.count("?") + 3)):
        return True  # the unknown text is absorbed by the pattern's wildcards, whatever it is
    return None


def _intersect(pattern: str, form: str) -> bool:
    """Is there a string both globs match (``*`` any run, ``?`` one character in the pattern, a name part
    any run without separators in the form)?"""
    return _meet(pattern, form)


@lru_cache(maxsize=4096)
def _meet(p: str, f: str) -> bool:
    # reach[i][j]: some string takes pattern p[:i] and form f[:j] to the same point (bottom-up, no recursion)
    reach = [[False] * (len(f) + 1) for _ in range(len(p) + 1)]
    reach[0][0] = True
    for i in range(len(p) + 1):
        for j in range(len(f) + 1):
            if not reach[i][j]:
                continue
            a = p[i] if i < len(p) else None
            b = f[j] if j < len(f) else None
            if a == "*":
                reach[i + 1][j] = True  # the pattern's run ends
            if b in _RUNS:
                reach[i][j + 1] = True  # the form's run ends
            if a is None or b is None:
                continue
            if (b == _PART and a in _SEPARATORS) or (b == _PATH_PART and a in ":" + _OTHER):
                continue  # a name part never holds a separator
            if a == "*" or b in _RUNS or a == "?" or a == b:
                # one character both can read: a run stays open and reads it, or both read a literal
                reach[i + (a != "*")][j + (b not in _RUNS)] = True
    return reach[len(p)][len(f)]
