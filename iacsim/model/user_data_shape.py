"""Summarize EC2 user data without keeping it: which secret patterns it matches, which variable
names assigned a literal look like secrets, and whether it fetches secrets at boot instead.

User data is readable by anyone allowed ``ec2:DescribeInstanceAttribute`` (or
``ec2:DescribeLaunchTemplateVersions``) and by every process on the instance through the instance
metadata service; AWS says not to put secrets in it
(https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html). The summary keeps pattern
names and variable names only, never a value or a fragment of one.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import re
import zlib
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.code_secrets import UserDataEncoding, UserDataShape
from iacsim.model.ids import Address
from iacsim.model.translate.attrs import placement_fields
from iacsim.model.value_shape import summarize
from iacsim.values import Unknown

_SECRET_NAME = re.compile(
    r"(pass(word|wd)?|secret|token|api[-_.]?key|private[-_.]?key|credential|access[-_.]?key)", re.I)
"""Names that say they hold a secret (the SSM201 vocabulary, plus access keys)."""

_ASSIGNMENT = re.compile(
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_.-]{1,63})["']?\s*(?:=|:)\s*(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s;#&|]+)""")
"""``NAME=value``, ``export NAME="value"``, ``name: value`` (YAML cloud-config), ``"name": "value"``."""

_FETCH = re.compile(
    r"(ssm\s+get-parameters?\b[^\n]*--with-decryption|secretsmanager\s+get-secret-value|"
    r"get-parameters?-by-path\b[^\n]*--with-decryption)", re.I)
"""Boot-time fetches of SecureStrings or secrets (the recommended pattern)."""

_MAX_BYTES = 1 << 20
"""Decompressed user data is inspected up to 1 MiB (EC2 allows 16 KB before base64 anyway)."""


def _literal(value: str) -> str | None:
    """The assigned literal, or None when it is a variable, command substitution or empty."""
    text = value.strip("\"'")
    if len(text) < 6 or text.startswith(("$", "`", "{{", "<", "/", "http://", "https://")):
        return None
    return text


def secret_names(text: str) -> tuple[str, ...]:
    """Names of variables assigned a literal value that look like secrets (names only)."""
    names: list[str] = []
    for m in _ASSIGNMENT.finditer(text):
        name = m.group("name")
        if _SECRET_NAME.search(name) and _literal(m.group("value")) is not None and name not in names:
            names.append(name)
    return tuple(names)


def _decode(value: str, base64_encoded: bool) -> tuple[str | None, UserDataEncoding]:
    raw: bytes
    encoding: UserDataEncoding = "base64" if base64_encoded else "plain"
    if base64_encoded:
        try:
            # Line-wrapped base64 (as `base64` prints it) is accepted: only other characters make it invalid.
            raw = base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            # Written as plain text where base64 is required (CODE003 reports that): the text is still in the
            # template and the state, so its secrets are read as written.
            return value, "invalid-base64"
    else:
        raw = value.encode("utf-8")
    if raw[:2] == b"\x1f\x8b":  # gzip (cloud-init accepts it); decompressed without running anything
        try:
            raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(_MAX_BYTES)
        except (OSError, EOFError, zlib.error):
            return None, "gzip"
        encoding = "gzip"
    return raw.decode("utf-8", errors="replace"), encoding


def user_data_shape(resource: Resource, target: Address, attribute: str, value: Any, *,
                    base64_encoded: bool) -> UserDataShape | None:
    """The shape of one user data value (None when absent); the value is dropped here."""
    if value is None or value == "":
        return None
    fields = placement_fields(resource)
    if not isinstance(value, str) or isinstance(value, Unknown):
        return UserDataShape(**fields, target=target, attribute=attribute, known=False, encoding="unknown")
    text, encoding = _decode(value, base64_encoded)
    if text is None:
        return UserDataShape(**fields, target=target, attribute=attribute, known=False, encoding=encoding)
    # A whole script is never "random": high entropy is judged per assigned literal instead.
    signals = [s for s in summarize(text, "value").secret_signals if s != "high-entropy"]
    for m in _ASSIGNMENT.finditer(text):
        literal = _literal(m.group("value"))
        if literal is not None:
            signals.extend(s for s in summarize(literal, "value").secret_signals if s not in signals)
    return UserDataShape(
        **fields,
        target=target,
        attribute=attribute,
        known=True,
        encoding=encoding,
        length_bytes=len(text.encode("utf-8")),
        secret_signals=tuple(signals),
        secret_names=secret_names(text),
        fetches_secret=_FETCH.search(text) is not None,
    )
