"""The shared plaintext-secret detector: is a named value a credential kept in plain text?

Judged by the variable's *name* (password, secret, token, api_key, private_key…) and by the
*shape* of its value as summarized at translation time (:mod:`iacsim.model.value_shape`: pattern
names such as ``aws-access-key-id``, ``pem-private-key``, ``high-entropy``). Never by an identifier
(a key id, an ARN, an alias, a bucket, table or parameter name, a number), nor by a value iacsim made
up (a synthetic key id, a stack name derived from the file name), nor by a command substitution that
reads a secret at run time (``$(aws secretsmanager get-secret-value …)``). The value itself is
never available here, so reasons can only name patterns, never fragments. Used by SSM201 (String
parameters), LAMBDA201/ECS201 (environment variables) and the code-secrets rules (user data).
"""

from __future__ import annotations

import re

from iacsim.model.ssm import ValueShape

SECRET_NAME = re.compile(
    r"(pass(word|wd)?|secret|token|api[-_.]?key|private[-_.]?key|credential|auth)", re.I
)
"""Names that say they hold a secret."""

_NOT_A_SECRET_NAME = re.compile(
    r"([_./-]|^)(arn|id|ids|name|names|path|file|url|uri|endpoint|host|region|ttl|length|expiry|expires|enabled"
    r"|header|type|alias|table|bucket|queue|topic|stream|prefix|param|parameter|version|count|size|rotation"
    r"|policy|role)$",
    re.I,
)
"""Suffixes naming something *about* a secret, not the secret (``SECRET_ARN``, ``TOKEN_TTL``,
``TOKEN_BUCKET``, ``SECRET_KEY_ALIAS``, ``/app/db-secret-arn``): identifiers are never judged as secrets."""


_WEAK_SIGNALS = ("credential-assignment", "high-entropy")
"""Value patterns a plain reference (ARN, path, URL) can match by accident."""


def name_says_secret(name: str) -> bool:
    """True when the name says it holds a secret — not something about one (``/app/db-secret-arn``,
    ``TOKEN_BUCKET``). Every segment of a parameter path is read (``/prod/db/password/primary``,
    ``/secrets/github/deploy``); the last one says what the value is about (``/prod/password/length``)."""
    last = name.rsplit("/", 1)[-1]
    return bool(SECRET_NAME.search(name)) and not _NOT_A_SECRET_NAME.search(last)


def secret_reasons(name: str, shape: ValueShape, *, reference: bool | None = None) -> list[str]:
    """Why ``name=<value of this shape>`` looks like a plaintext secret; empty when it does not.

    ``reference`` (environment variables) is True when the known value is plainly an ARN, a path,
    a URL without credentials or a number: then the name alone is not enough. An empty value never is.
    """
    reasons: list[str] = []
    signals = list(shape.secret_signals)
    if reference is True:
        # An ARN such as "...:secret:prod/db-AbC123" matches the weak patterns; only strong ones count.
        signals = [s for s in signals if s not in _WEAK_SIGNALS]
    if signals:
        reasons.append("its value looks like a credential (" + ", ".join(signals) + ")")
    empty = shape.known and shape.length_bytes == 0
    if name_says_secret(name) and reference is not True and shape.present and not empty:
        reasons.append(f"its name ({name}) says it holds a secret")
    return reasons
