"""Terraform resource addresses: ``module.kms[0].aws_kms_key.this["app"]``.

Format as in Terraform's ``addrs`` package and ``terraform show -json``:
integer instance keys in brackets, string keys as JSON-quoted strings.
"""

from __future__ import annotations

import json
from typing import Literal

InstanceKey = int | str | None
"""``None`` for a resource or module without ``count``/``for_each``."""


def key_suffix(key: InstanceKey) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def module_prefix(parent: str, name: str, key: InstanceKey) -> str:
    """The address prefix of a module instance, ending with a dot (root: ``""``)."""
    return f"{parent}module.{name}{key_suffix(key)}."


def resource_address(prefix: str, mode: Literal["managed", "data"], type_: str, name: str,
                     key: InstanceKey) -> str:
    base = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
    return f"{prefix}{base}{key_suffix(key)}"
