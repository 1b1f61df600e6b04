"""Summarize a secret-bearing value without keeping it.

Rules need to know whether a plain ``String`` parameter holds something that
looks like a credential; no output may ever contain the value. This module
computes a summary (byte length and the names of the patterns that matched) and
the caller drops the value immediately. Pattern names only, never fragments.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from iacsim.model.ssm import ValueAttribute, ValueShape
from iacsim.values import MadeUp

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("aws-access-key-id", re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")),
    ("pem-private-key", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")),
    ("github-token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("stripe-key", re.compile(r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("slack-token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+")),
    ("url-with-password", re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")),
    (
        "credential-assignment",
        # not `password=$(aws secretsmanager get-secret-value …)`, `${VAR}` or a backquoted command: those read
        # a secret at run time, they do not contain one; not the `secret:` of an ARN either
        re.compile(r"(?i)(?<![:/])\b(?:password|passwd|secret|api[_-]?key|token)\s*[=:]\s*(?![$`])\S{6,}"),
    ),
)

_IDENTIFIER = re.compile(
    r"^(arn:aws[a-z-]*:\S+"  # an ARN
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # a KMS key id (a UUID)
    r"|mrk-[0-9a-f]{32}"  # a multi-Region key id
    r"|(?:ami|snap|vol|sg|subnet|vpc|i|eni|igw|nat|rtb|acl|lt|eipalloc|fs|fsap)-[0-9a-f]{8,17}"  # EC2/EFS ids
    r"|alias/[A-Za-z0-9:/_-]+"  # a KMS alias name
    r"|/[\w./-]+"  # a parameter name or path
    r"|-?\d+(?:\.\d+)?)$"  # a number
)
"""Values that are identifiers, not secrets, whatever their entropy: a synthetic key id is a UUID, an ARN
names a secret without containing it."""


def is_identifier(value: str) -> bool:
    """Whether ``value`` is an identifier (key id, ARN, alias, resource id, parameter name, number)."""
    return _IDENTIFIER.match(value.strip()) is not None

_ENTROPY_MIN_LENGTH = 16
_ENTROPY_BITS_PER_CHAR = 3.5
"""Random base64/hex tokens of 16+ characters score above ~3.5 bits per character; words, hostnames,
ARNs and paths mostly score below (and are excluded by their separators anyway)."""


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _looks_random(text: str) -> bool:
    if len(text) < _ENTROPY_MIN_LENGTH or any(c.isspace() for c in text):
        return False
    # Hostnames, ARNs, paths and URLs are structured, not random: skip anything with their separators.
    if any(sep in text for sep in (".", ":", "/", ",")) and not text.endswith("="):
        return False
    if _WORDS_ONLY.match(text) and _mean_word_length(text) >= 4:
        return False  # AWSAdministratorAccess, MyAppDeployRole: names made of words, not random characters
    classes = sum(
        (any(c.islower() for c in text), any(c.isupper() for c in text), any(c.isdigit() for c in text))
    )
    return classes >= 2 and _entropy(text) >= _ENTROPY_BITS_PER_CHAR


_WORDS_ONLY = re.compile(r"^[A-Za-z_-]+$")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


def _mean_word_length(text: str) -> float:
    """Mean length of the CamelCase/underscore words of ``text``: ~2 for random letters (``qXhTzLpWmR``), 5+ for
    names (``AWSAdministratorAccess`` → AWS, Administrator, Access)."""
    words = _WORD.findall(text)
    return sum(map(len, words)) / len(words) if words else 0.0


def summarize(value: str, attribute: ValueAttribute) -> ValueShape:
    """The shape of a known value; the value is not retained anywhere in the result. An identifier or a value
    iacsim made up (:class:`~iacsim.values.MadeUp`) has no secret signals: it is not a secret the code holds."""
    judged = not (isinstance(value, MadeUp) or is_identifier(value))
    signals = [name for name, pattern in _PATTERNS if pattern.search(value)] if judged else []
    if judged and _looks_random(value.strip()):
        signals.append("high-entropy")
    return ValueShape(
        present=True,
        known=True,
        attribute=attribute,
        length_bytes=len(value.encode("utf-8")),
        looks_like_secret=bool(signals),
        secret_signals=tuple(signals),
        identifier=not judged,
    )


def unknown_value(attribute: ValueAttribute) -> ValueShape:
    """A value that is set but not known statically (variable without default, known after apply)."""
    return ValueShape(present=True, known=False, attribute=attribute)
