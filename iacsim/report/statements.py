"""The deciding statement of a trace step, quoted from its policy with a few lines around it.

A step's reason names the statement that decided it the way the policy evaluator writes it
(``identity policy 'arn:…:policy/x' statement 'EncryptReplicas'``, ``key policy statement 'Root'``,
``trust policy 'trust policy of arn:…:role/r' statement Statement[0]``). This module finds that policy
document in the report's model (by ARN, name or address, or the step's key for a key policy) and cuts
the statement out of its pretty-printed JSON, so the HTML trace can show the lines that decided — it
looks things up in ``report.model`` and decides nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_NAMED = re.compile(r"\b(identity|key|trust|resource|bucket|topic|queue|secret) policy(?: '([^']+)')? statement "
                    r"(?:'([^']*)'|Statement\[(\d+)\])")
CONTEXT_LINES = 3
"""Lines of the policy shown before and after the deciding statement."""
_POLICY_FIELDS = ("policy", "trust_policy", "document", "assume_role_policy")


@dataclass(frozen=True)
class Quote:
    """A policy's lines around one statement; ``first``/``last`` index the statement's lines in ``lines``."""

    title: str
    statement: str
    lines: tuple[str, ...]
    first: int
    last: int
    start_line: int
    """1-based number (in the pretty-printed policy) of ``lines[0]``."""


def _documents(obj: Any, owner: dict[str, Any] | None = None) -> Iterator[tuple[dict[str, Any], str, Any]]:
    """Every ``(owner object, field, document)`` in the model: key policies, trust policies, IAM policies…"""
    if isinstance(obj, dict):
        for f in _POLICY_FIELDS:
            val = obj.get(f)
            doc = val.get("document") if isinstance(val, dict) and "document" in val else None
            if isinstance(doc, dict) and "Statement" in doc:
                yield obj, f, doc
        for v in obj.values():
            if isinstance(v, dict | list):
                yield from _documents(v, obj)
    elif isinstance(obj, list):
        for v in obj:
            yield from _documents(v, owner)


def _find(model: dict[str, Any], word: str, name: str | None, resource: str) -> tuple[str, Any] | None:
    wanted = name or resource
    if word == "trust" and name and name.startswith("trust policy of "):
        wanted = name[len("trust policy of "):]
    for owner, f, doc in _documents(model.get("accounts", {})):
        ids = {v for k in ("arn", "name", "address", "key_id") if isinstance(v := owner.get(k), str)}
        if word == "trust" and f != "trust_policy":
            continue
        if word == "key" and owner.get("kind") != "KmsKey":
            continue
        if wanted in ids or (word == "key" and any(wanted.endswith(i) for i in ids)):
            return f"{owner.get('address', wanted)} ({f.replace('_', ' ')})", doc
    return None


def deciding_statement(model: dict[str, Any], reason: str, resource: str) -> Quote | None:
    """The quoted statement the reason names, or None when the reason names none or it is not in the model."""
    m = _NAMED.search(reason)
    if m is None:
        return None
    word, name, sid, index = m.group(1), m.group(2), m.group(3), m.group(4)
    found = _find(model, word, name, resource)
    if found is None:
        return None
    title, doc = found
    statements = doc.get("Statement")
    statements = statements if isinstance(statements, list) else [statements]
    pos = int(index) if index is not None else next(
        (i for i, st in enumerate(statements) if isinstance(st, dict) and st.get("Sid") == sid), None)
    if pos is None or pos >= len(statements):
        return None
    lines = json.dumps(doc, indent=2, default=str).splitlines()
    first, last = _statement_lines(lines, pos)
    lo, hi = max(0, first - CONTEXT_LINES), min(len(lines), last + CONTEXT_LINES + 1)
    label = f"'{sid}'" if sid is not None else f"Statement[{pos}]"
    return Quote(title, label, tuple(lines[lo:hi]), first - lo, last - lo, lo + 1)


def _statement_lines(lines: list[str], pos: int) -> tuple[int, int]:
    """Line range of the ``pos``-th statement in ``json.dumps(doc, indent=2)`` output."""
    start = next(i for i, line in enumerate(lines) if line.strip().startswith('"Statement"'))
    if lines[start].rstrip().endswith("{"):
        return start, _close(lines, start)  # a single statement object
    i, seen = start + 1, -1
    while i < len(lines):
        if lines[i].rstrip().endswith("{") and _indent(lines[i]) == _indent(lines[start]) + 2:
            seen += 1
            end = _close(lines, i)
            if seen == pos:
                return i, end
            i = end
        i += 1
    return start, start


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _close(lines: list[str], i: int) -> int:
    depth = _indent(lines[i])
    for j in range(i + 1, len(lines)):
        if _indent(lines[j]) == depth and lines[j].strip().startswith("}"):
            return j
    return len(lines) - 1
