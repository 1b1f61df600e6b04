"""Offline policy validation, the checks IAM Access Analyzer's ``ValidatePolicy`` makes that need no account.

Access Analyzer's policy check reference
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html) sorts its
findings into ERROR, SECURITY_WARNING, WARNING and SUGGESTION; each :class:`Issue` here names the check it
corresponds to (``aa_check``), or None where the reference has none. The grammar is the IAM User Guide's
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html); actions, resource types
with their ARN formats and service condition keys come from the service reference
(:mod:`iacsim.aws.service_reference`), global ``aws:`` keys from :mod:`iacsim.aws.global_condition_keys`.

A value not known before apply (an :class:`~iacsim.values.Unknown`, its JSON marker, a string still holding a
``${…}`` template or policy variable) is never an issue: it is skipped (docs/architecture.md §4).
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacsim.aws import service_reference as ref
from iacsim.aws.global_condition_keys import GLOBAL_CONDITION_KEYS, global_key_type
from iacsim.aws.policy_limits import PolicyShape
from iacsim.policy.key_types import OPERATOR_FAMILIES, OPERATOR_TYPES
from iacsim.policy.unknowns import decode_unknown
from iacsim.values import Unknown

_STATEMENT_KEYS = {k.lower(): k for k in (
    "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition")}
_DOCUMENT_KEYS = {k.lower(): k for k in ("Version", "Id", "Statement")}
_VERSIONS = ("2012-10-17", "2008-10-17")

_WEB_IDENTITY_PREFIXES = frozenset({"saml", "cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com",
                                    "accounts.google.com"})
"""Condition-key prefixes that name identity providers, not services (IAM User Guide, "Available keys for SAML-based
AWS STS federation" and "… for OIDC federation"): the service reference does not list them."""


@dataclass(frozen=True)
class Issue:
    code: str
    """``invalid-element``, ``principal-in-identity``, ``missing-principal``, ``missing-action``,
    ``missing-resource``, ``invalid-arn``, ``invalid-effect``, ``invalid-version``, ``invalid-operator``, ``both-elements``,
    ``resource-in-trust``, ``invalid-action``, ``invalid-condition-key``, ``resource-mismatch``,
    ``allow-not-principal``, ``type-mismatch``, ``redundant-statement``, ``redundant-action``,
    ``invalid-principal``."""
    statement: int | None
    """Index of the statement, None for the document."""
    message: str
    aa_check: str | None
    """The Access Analyzer check it corresponds to (``ERROR – Invalid action``), None when there is none."""


def _unknown(value: Any) -> bool:
    if isinstance(value, Unknown) or decode_unknown(value) is not None:
        return True
    return isinstance(value, str) and "${" in value


def _strings(value: Any) -> list[str]:
    """The known strings of a string-or-list element (unknown entries dropped)."""
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str) and not _unknown(v)]


def _label(raw: Mapping[str, Any], index: int) -> str:
    sid = raw.get("Sid")
    return f"statement '{sid}'" if isinstance(sid, str) and sid else f"Statement[{index}]"


def validate(document: Any, shape: PolicyShape, *, resource_required: bool = True) -> tuple[Issue, ...]:
    """Every issue of ``document`` (a parsed policy) validated as a policy of ``shape``."""
    if not isinstance(document, Mapping):
        return ()
    key = (json.dumps(document, sort_keys=True, default=repr), shape, resource_required)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > 2048:
            _CACHE.clear()
        cached = tuple(_validate(document, shape, resource_required))
        _CACHE[key] = cached
    return cached


_CACHE: dict[tuple[str, str, bool], tuple[Issue, ...]] = {}


def _validate(document: Mapping[str, Any], shape: PolicyShape, resource_required: bool) -> Iterator[Issue]:
    for name in document:
        if str(name).lower() not in _DOCUMENT_KEYS:
            hint = _DOCUMENT_KEYS.get(str(name).lower().rstrip("s"), "")
            yield Issue("invalid-element", None, f"the document has the element '{name}', which policies do not have"
                        + (f" (did you mean '{hint}'?)" if hint else ""), "ERROR – Invalid policy element")
    version = document.get("Version")
    if version is not None and not _unknown(version) and version not in _VERSIONS:
        yield Issue("invalid-version", None, f"Version '{version}' is not one of {', '.join(_VERSIONS)}",
                    "ERROR – Invalid version")
    raw = document.get("Statement")
    statements = [raw] if isinstance(raw, Mapping) else raw if isinstance(raw, list) else []
    seen: dict[str, int] = {}
    for index, statement in enumerate(statements):
        if not isinstance(statement, Mapping):
            continue
        yield from _statement(statement, index, shape, resource_required)
        body = {k: v for k, v in statement.items() if k != "Sid"}
        text = json.dumps(body, sort_keys=True, default=repr)
        if not any(_unknown(v) for v in body.values()) and "iacsim:unknown" not in text and text in seen:
            yield Issue("redundant-statement", index,
                        f"{_label(statement, index)} repeats {_label(statements[seen[text]], seen[text])} exactly",
                        "SUGGESTION – Redundant statement")
        seen.setdefault(text, index)


def _statement(raw: Mapping[str, Any], index: int, shape: PolicyShape, resource_required: bool) -> Iterator[Issue]:
    label = _label(raw, index)
    for name in raw:
        if str(name) not in _STATEMENT_KEYS.values():
            hint = _STATEMENT_KEYS.get(str(name).lower()) or _STATEMENT_KEYS.get(str(name).lower().rstrip("s"))
            yield Issue("invalid-element", index, f"{label} has the element '{name}', which statements do not have"
                        + (f" (did you mean '{hint}'?)" if hint else ""), "ERROR – Invalid policy element")
    effect = raw.get("Effect")
    if effect is None:
        yield Issue("invalid-effect", index, f"{label} has no Effect", "ERROR – Missing effect")
    elif not _unknown(effect) and effect not in ("Allow", "Deny"):
        yield Issue("invalid-effect", index, f"{label} has Effect '{effect}'; it must be Allow or Deny",
                    "ERROR – Invalid effect")
    for a, b in (("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")):
        if a in raw and b in raw:
            yield Issue("both-elements", index, f"{label} has both {a} and {b}",
                        "ERROR – Unsupported element combination")
    if "Action" not in raw and "NotAction" not in raw:
        yield Issue("missing-action", index, f"{label} has no Action or NotAction", "ERROR – Missing action")
    for name in ("Principal", "NotPrincipal"):
        value = raw.get(name)
        if name in raw and not _unknown(value) and value != "*" and not isinstance(value, Mapping):
            # grammar: <principal_block> = ("Principal" | "NotPrincipal") : ("*" | <principal_map>)
            yield Issue("invalid-principal", index, f"{label}: {name} must be \"*\" or an object such as "
                        f"{{\"AWS\": [...]}}, not {type(value).__name__ if not isinstance(value, str) else repr(value)}",
                        "ERROR – Invalid policy element")
    has_principal = "Principal" in raw or "NotPrincipal" in raw
    if shape == "identity" and has_principal:
        yield Issue("principal-in-identity", index, f"{label} names a Principal, which an identity-based policy "
                    "must not do", "ERROR – Unsupported principal")
    if shape in ("resource", "trust") and not has_principal:
        yield Issue("missing-principal", index, f"{label} names no Principal, which a resource-based policy must do",
                    "ERROR – Missing principal")
    has_resource = "Resource" in raw or "NotResource" in raw
    if shape == "trust" and has_resource:
        yield Issue("resource-in-trust", index, f"{label} has a Resource element, which a role trust policy must "
                    "not have (IAM: 'Has prohibited field Resource')", "ERROR – Invalid policy element")
    if shape != "trust" and resource_required and not has_resource:
        yield Issue("missing-resource", index, f"{label} has no Resource or NotResource", "ERROR – Missing resource")
    if effect == "Allow" and "NotPrincipal" in raw:
        yield Issue("allow-not-principal", index, f"{label} allows everyone except its NotPrincipal",
                    "SECURITY_WARNING – Allow with NotPrincipal")
    for name in ("Resource", "NotResource"):
        for arn in _strings(raw.get(name)):
            problem = _arn_problem(arn)
            if problem:
                yield Issue("invalid-arn", index, f"{label}: {name} '{arn}' {problem}", "ERROR – Invalid ARN prefix"
                            if "partition" not in problem else "ERROR – Invalid partition")
    actions = _strings(raw.get("Action"))
    if shape != "trust":
        yield from _actions(actions, raw, index, label)
    yield from _conditions(raw.get("Condition"), index, label)
    if "Action" in raw and not _unknown(raw.get("Action")) and "Resource" in raw:
        yield from _resource_mismatch(actions, raw.get("Resource"), index, label)


_PARTITIONS = frozenset({"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"})
"""AWS partitions (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html)."""


def _arn_problem(arn: str) -> str | None:
    """Why a Resource entry is not ``*`` nor an ARN (IAM: "Resource … must be in ARN format or \"*\""), or None."""
    if arn == "*":
        return None
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return 'is neither "*" nor an ARN (arn:partition:service:region:account:resource)'
    partition = parts[1]
    if partition and "*" not in partition and "?" not in partition and partition not in _PARTITIONS:
        return f"names the partition '{partition}', which does not exist"
    return None


def _actions(actions: list[str], raw: Mapping[str, Any], index: int, label: str) -> Iterator[Issue]:
    for pattern in _strings(raw.get("NotAction")) + actions:
        if pattern == "*":
            continue
        prefix, sep, name = pattern.partition(":")
        if not sep or not prefix:
            yield Issue("invalid-action", index, f"{label}: '{pattern}' is not service:action",
                        "ERROR – Invalid action")
        elif "*" in prefix or "?" in prefix:
            continue
        elif not ref.service_exists(prefix):
            yield Issue("invalid-action", index, f"{label}: the service '{prefix}' in '{pattern}' does not exist",
                        "ERROR – Invalid service in action")
        elif (ref.action(pattern) is None) if "*" not in name and "?" not in name else not ref.actions_matching(pattern):
            names = [a.name for a in ref.actions_of(prefix)]
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean '{prefix}:{close[0]}'?)" if close else ""
            what = "matches no action" if "*" in name or "?" in name else "does not exist"
            yield Issue("invalid-action", index, f"{label}: the action '{pattern}' {what}{hint}",
                        "ERROR – Invalid action")
    covered = [p for p in actions if "*" in p or "?" in p]
    for action in actions:
        wider = next((p for p in covered if p != action and fnmatch.fnmatchcase(action.lower(), p.lower())), None)
        if wider is not None:
            yield Issue("redundant-action", index, f"{label}: '{action}' is already covered by '{wider}'",
                        "SUGGESTION – Redundant action")


def _conditions(block: Any, index: int, label: str) -> Iterator[Issue]:
    if not isinstance(block, Mapping):
        return
    for operator, keys in block.items():
        base = str(operator)
        for qualifier in ("ForAllValues:", "ForAnyValue:"):
            if base.lower().startswith(qualifier.lower()):
                base = base[len(qualifier):]
        if base.lower().endswith("ifexists"):
            base = base[: -len("IfExists")]
        family = OPERATOR_FAMILIES.get(base.lower())
        if family is None:
            yield Issue("invalid-operator", index, f"{label}: '{operator}' is not a condition operator",
                        "ERROR – Invalid condition operator")
            continue
        if not isinstance(keys, Mapping):
            continue
        for key in keys:
            yield from _condition_key(str(key), family, str(operator), index, label)


def _condition_key(key: str, family: str, operator: str, index: int, label: str) -> Iterator[Issue]:
    if _unknown(key):
        return
    prefix, sep, _ = key.partition(":")
    key_type = global_key_type(key)
    if key_type is None:
        found = ref.condition_key(key)
        if found is not None:
            key_type = found.type
        elif prefix.lower() == "aws":
            close = difflib.get_close_matches(key, _global_names(), n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield Issue("invalid-condition-key", index, f"{label}: '{key}' is not a global condition key{hint}",
                        "ERROR – Invalid global condition key")
            return
        elif sep and prefix.lower() not in _WEB_IDENTITY_PREFIXES and "." not in prefix and "/" not in prefix:
            if not ref.service_exists(prefix):
                return  # a prefix the reference does not list (an identity provider's, a new service's): cannot say
            names = [k.name for k in ref.condition_keys_of(prefix)]
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield Issue("invalid-condition-key", index, f"{label}: the condition key '{key}' does not exist in "
                        f"the service '{prefix}'{hint}", "ERROR – Invalid service condition key")
            return
    if key_type is None or family == "null":
        return
    if key_type not in OPERATOR_TYPES[family]:
        yield Issue("type-mismatch", index, f"{label}: {operator} compares '{key}' as {family}, but the key is of "
                    f"type {key_type}", "WARNING – Type mismatch")


def _global_names() -> list[str]:
    return [k for k in GLOBAL_CONDITION_KEYS if k.startswith("aws:") and "${" not in k]


def _could_match(pattern: str, resource_type: ref.ResourceType) -> bool:
    """Whether some ARN the Resource pattern covers could have ``resource_type``'s format: the two patterns (the
    format's ``${…}`` placeholders read as ``*``) share a string. Lenient on purpose — a placeholder may hold
    any text — so a mismatch is never claimed where a match is possible."""
    if "*" not in pattern and "?" not in pattern and resource_type.matches(pattern):
        return True
    return _globs_meet(pattern, _template_glob(resource_type.arn_format))


@functools.cache
def _template_glob(template: str) -> str:
    return re.sub(r"\$\{[^}]+\}", "*", template)


def _globs_meet(p: str, q: str) -> bool:
    """Whether two glob patterns (``*``, ``?``) match a common string."""
    @functools.cache
    def meet(i: int, j: int) -> bool:
        if i == len(p) and j == len(q):
            return True
        if i < len(p) and p[i] == "*":
            return meet(i + 1, j) or (j < len(q) and meet(i, j + 1))
        if j < len(q) and q[j] == "*":
            return meet(i, j + 1) or (i < len(p) and meet(i + 1, j))
        if i < len(p) and j < len(q) and (p[i] == q[j] or "?" in (p[i], q[j])):
            return meet(i + 1, j + 1)
        return False
    return meet(0, 0)


def _resource_mismatch(actions: list[str], resource: Any, index: int, label: str) -> Iterator[Issue]:
    if isinstance(resource, list) and any(_unknown(r) for r in resource):
        return
    if _unknown(resource):
        return
    resources = _strings(resource)
    if not resources or any(r == "*" or not r.startswith("arn:") or r.count(":") < 5 for r in resources):
        return
    for name in actions:
        if "*" in name or "?" in name:
            continue
        act = ref.action(name)
        if act is None:
            continue
        if not act.resource_types:
            yield Issue("resource-mismatch", index, f"{label}: '{name}' supports no resource-level permissions, so "
                        f"it applies only to Resource \"*\", not to {_short(resources)}", None)
            continue
        types = [t for t in (ref.resource_type(act.service, r.name) for r in act.resource_types) if t is not None]
        if not types:
            continue
        if not any(_could_match(r, t) for r in resources for t in types):
            shapes = ", ".join(sorted({t.arn_format for t in types})[:2])
            yield Issue("resource-mismatch", index, f"{label}: '{name}' applies to none of {_short(resources)} "
                        f"(it takes {shapes})", None)


def _short(values: list[str]) -> str:
    shown = ", ".join(values[:2])
    return f"[{shown}{', …' if len(values) > 2 else ''}]" if len(values) > 1 else shown
