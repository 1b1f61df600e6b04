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
from typing import Any

from iacsim.model.ssm import ValueAttribute, ValueShape
from iacsim.values import MadeUp, Unknown

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
    r"|https?://[^\s:@/?#]+(?::\d+)?(?:/[^\s?#@]*)?"  # a URL without credentials or query string
    r"|-?\d+(?:\.\d+)?|true|false)$",  # a number, a switch
    re.I,
)
"""Values that are identifiers or references, not secrets, whatever their entropy: a synthetic key id is a
UUID, an ARN or a URL names a secret without containing it."""


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


_GENERATED_SECRETS: dict[str, frozenset[str]] = {
    "random_password": frozenset({"result", "bcrypt_hash"}),
    "aws_iam_access_key": frozenset({"secret", "ses_smtp_password_v4"}),
    "tls_private_key": frozenset({"private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"}),
}
"""Terraform attributes whose value is a secret by construction (a generated password, an access key's
secret, a private key), whatever the name of what holds it."""


def names_a_resource(value: Any) -> bool | None:
    """True for an after-apply identifier of another resource (``aws_secretsmanager_secret.db.arn``,
    CloudFormation ``!Ref Secret`` / ``!GetAtt X.Arn``): a reference, not a value; None otherwise
    (a variable or parameter may well carry the secret itself)."""
    if not isinstance(value, Unknown) or not value.ref:
        return None
    head, _, attribute = value.ref.rpartition(".")
    if attribute.lower() not in ("arn", "id", "name", "ref", "url"):
        return None
    is_resource = "#Resources/" in head or (head.split(".")[0].startswith("aws_") and "." in head)
    return True if is_resource else None


def _generated_secret(value: Any) -> bool:
    if not isinstance(value, Unknown) or not value.ref:
        return False
    parts = value.ref.split(".")
    return len(parts) >= 3 and parts[-1] in _GENERATED_SECRETS.get(parts[0], frozenset())


def unknown_value(attribute: ValueAttribute, value: Any = None) -> ValueShape:
    """A value that is set but not known statically (variable without default, known after apply). Given the
    :class:`~iacsim.values.Unknown` itself, a reference to another resource's identifier is an identifier and a
    generated secret (``random_password.db.result``) is a secret: judged by what the value is, not by a name."""
    if _generated_secret(value):
        return ValueShape(present=True, known=False, attribute=attribute, looks_like_secret=True,
                          secret_signals=("generated-secret",))
    return ValueShape(present=True, known=False, attribute=attribute, identifier=names_a_resource(value) is True)
