"""Wildcard (``*``/``?``) and ARN matching shared by Action, Resource and the String/Arn operators.

IAM User Guide, "IAM JSON policy elements: Resource" and "Condition operators: Amazon Resource Name
(ARN) condition operators": an ARN is matched component by component (the six colon-separated
parts), each component may contain ``*`` (any run of characters) and ``?`` (one character); the
last component (the resource part) may itself contain colons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

Matcher = Callable[[str], bool]

# Policy variables can produce characters that must match literally (``${*}``, ``${?}`` and
# substituted request values); they are carried through patterns as these private markers.
LITERAL_STAR = "\x00"
LITERAL_QUESTION = "\x01"


def unmark(text: str) -> str:
    """Turn literal markers back into the characters they stand for (for equality tests)."""
    if LITERAL_STAR in text or LITERAL_QUESTION in text:
        return text.replace(LITERAL_STAR, "*").replace(LITERAL_QUESTION, "?")
    return text


@lru_cache(maxsize=16384)
def glob_regex(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """Compile an IAM glob (``*`` any run, ``?`` one character, all else literal)."""
    parts: list[str] = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        elif char == LITERAL_STAR:
            parts.append(re.escape("*"))
        elif char == LITERAL_QUESTION:
            parts.append(re.escape("?"))
        else:
            parts.append(re.escape(char))
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(parts) + r"\Z", flags)


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    if "*" not in pattern and "?" not in pattern:
        literal = unmark(pattern)
        return literal.lower() == value.lower() if ignore_case else literal == value
    return glob_regex(pattern, ignore_case).match(value) is not None


def _split_arn(text: str) -> list[str] | None:
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return parts


@lru_cache(maxsize=16384)
def arn_matcher(pattern: str) -> Matcher:
    """A matcher for one Resource / ArnLike pattern.

    ``*`` alone matches everything. A pattern that is an ARN is matched component-wise so a
    ``*`` in the region does not swallow the account; other patterns are plain globs.
    """
    if pattern == "*":
        return _always
    pattern_parts = _split_arn(pattern)
    if pattern_parts is None:
        regex = glob_regex(pattern)
        return lambda value: regex.match(value) is not None
    component_matchers = [_component_matcher(p) for p in pattern_parts]

    def match(value: str) -> bool:
        value_parts = _split_arn(value)
        if value_parts is None:
            return False
        return all(m(v) for m, v in zip(component_matchers, value_parts, strict=True))

    return match


def _component_matcher(component: str) -> Matcher:
    if component == "*":
        return _always
    if "*" not in component and "?" not in component:
        return unmark(component).__eq__
    regex = glob_regex(component)
    return lambda value: regex.match(value) is not None


def _always(_value: str) -> bool:
    return True


@lru_cache(maxsize=16384)
def action_matcher(patterns: tuple[str, ...]) -> Matcher:
    """One matcher for a list of Action patterns; actions are case-insensitive.

    IAM User Guide, "IAM JSON policy elements: Action": action names are not case sensitive and
    may use ``*``/``?`` wildcards.
    """
    exact = {p.lower() for p in patterns if "*" not in p and "?" not in p}
    if "*" in patterns:
        return _always
    globs = [p for p in patterns if "*" in p or "?" in p]
    if not globs:
        return lambda action: action.lower() in exact
    regex = re.compile("|".join(f"(?:{glob_regex(p, True).pattern})" for p in globs),
                       re.IGNORECASE | re.DOTALL)

    def match(action: str) -> bool:
        return action.lower() in exact or regex.match(action) is not None

    return match
