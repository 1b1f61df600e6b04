"""JSON text that embeds unknown values: what is known of it, for three-valued policy evaluation.

A Terraform string such as ``jsonencode({... Principal = {AWS = data.aws_caller_identity.current.arn}})``
is unknown until apply as a whole, but every other part of the document is known. The loader keeps that
knowledge in :attr:`iacsim.values.Unknown.partial`: the encoder runs with each Unknown replaced by a
unique placeholder string, the output is parsed, and each placeholder is put back as the Unknown it
stood for — so the structure is exactly the encoder's, and only the unknown values are missing
(docs/architecture.md §4, "Missing is unknown too"). JSON *written* as a template (a heredoc policy whose
``"Resource": "${aws_sqs_queue.q.arn}"`` names a queue whose name is generated at apply) is read the same
way by :func:`partially_known_text`: one unknown value blanks out only the element it is in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from iacsim.values import InvalidJson, Unknown

_TOKEN = "\x00iacsim-unknown-{}\x00"
_TEXT_TOKEN = "\ue000iacsim-unknown-{}\ue000"
"""A placeholder written into JSON text as it stands: a private-use character, since JSON strings may not
hold a raw control character."""
_IN_TOKEN = "iacsim-unknown-"


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


def partially_known_text(pieces: Sequence[str | Unknown]) -> dict[str, Any] | InvalidJson | None:
    """The JSON object written by ``pieces`` (known text and unknown parts, as a string template has them)
    with Unknowns where the parts were: a part inside a JSON string is read as text in it, a part outside
    as a whole value (``"Statement": [${local.statement}]``). :class:`InvalidJson` when the text is invalid
    whatever the parts are (every part inside a string, where an ARN or a name cannot change the structure);
    None when it is not a JSON object or its validity may turn on a part."""
    if not pieces or not isinstance(pieces[0], str) or not pieces[0].lstrip().startswith("{"):
        return None
    unknowns: dict[str, Unknown] = {}
    text: list[str] = []
    in_string = escaped = whole_values = False
    for piece in pieces:
        if isinstance(piece, Unknown):
            token = _TEXT_TOKEN.format(len(unknowns))
            unknowns[token] = piece
            whole_values = whole_values or not in_string
            text.append(token if in_string else f'"{token}"')
            continue
        for c in piece:
            if escaped:
                escaped = False
            elif c == "\\" and in_string:
                escaped = True
            elif c == '"':
                in_string = not in_string
        text.append(piece)
    try:
        parsed = json.loads("".join(text))
    except json.JSONDecodeError as exc:
        return None if whole_values else InvalidJson(f"invalid JSON: {exc.msg} at line {exc.lineno}")
    return _restore(parsed, unknowns) if isinstance(parsed, dict) else None


def _restore(value: Any, unknowns: dict[str, Unknown]) -> Any:
    if isinstance(value, str):
        if _IN_TOKEN not in value:
            return value
        inside = [(token, unknown) for token, unknown in unknowns.items() if token in value]
        if not inside:
            return value
        if value == inside[0][0]:
            return inside[0][1]
        return _templated_string(value, inside)
    if isinstance(value, dict):
        return {k: _restore(v, unknowns) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v, unknowns) for v in value]
    return value


def _templated_string(value: str, inside: list[tuple[str, Unknown]]) -> Unknown:
    """A string with unknown parts (``arn:aws:sqs:us-east-1:111111111111:${aws_sqs_queue.q.name}``): unknown,
    with the template that says which string it is when every part can be named."""
    first = inside[0][1]
    for token, unknown in inside:
        named = unknown.template if unknown.template is not None else f"${{{unknown.ref}}}" if unknown.ref else None
        if named is None:
            return first
        value = value.replace(token, named)
    return Unknown(first.reason, first.ref, template=value)
