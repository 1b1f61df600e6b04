"""JSON text that embeds unknown values: what is known of it, for three-valued policy evaluation.

A Terraform string such as ``jsonencode({... Principal = {AWS = data.aws_caller_identity.current.arn}})``
is unknown until apply as a whole, but every other part of the document is known. The loader keeps that
knowledge in :attr:`iacsim.values.Unknown.partial`: the encoder runs with each Unknown replaced by a
unique placeholder string, the output is parsed, and each placeholder is put back as the Unknown it
stood for — so the structure is exactly the encoder's, and only the unknown values are missing
(docs/architecture.md §4, "Missing is unknown too").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from iacsim.values import Unknown

_TOKEN = "\x00iacsim-unknown-{}\x00"


def partially_known(value: Any, encode: Callable[[Any], str]) -> Any:
    """The parsed output of ``encode(value)`` with Unknowns where ``value`` had them; None when the
    encoder cannot run on placeholders (it would fail, or needs the unknown value itself)."""
    unknowns: dict[str, Unknown] = {}
    replaced = _substitute(value, unknowns)
    try:
        parsed = json.loads(encode(replaced))
    except (ValueError, TypeError, KeyError):
        return None
    return _restore(parsed, unknowns)


def _substitute(value: Any, unknowns: dict[str, Unknown]) -> Any:
    if isinstance(value, Unknown):
        token = _TOKEN.format(len(unknowns))
        unknowns[token] = value
        return token
    if isinstance(value, Mapping):
        return {k: _substitute(v, unknowns) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_substitute(v, unknowns) for v in value]
    return value


def _restore(value: Any, unknowns: dict[str, Unknown]) -> Any:
    if isinstance(value, str):
        if "\x00iacsim-unknown-" not in value:
            return value
        for token, unknown in unknowns.items():
            if token in value:  # a placeholder inside a longer string: the whole string is unknown
                return unknown
        return value
    if isinstance(value, dict):
        return {k: _restore(v, unknowns) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v, unknowns) for v in value]
    return value
