"""Policy documents compiled once into matchers, with their structure validated.

IAM User Guide, "IAM JSON policy element reference" and "Grammar of the IAM JSON policy language"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): a document
has ``Version``, optional ``Id`` and ``Statement`` (an object or a list); a statement has
``Sid``, ``Effect``, one of ``Action``/``NotAction``, one of ``Resource``/``NotResource``,
optionally ``Principal``/``NotPrincipal`` (resource-based policies only) and ``Condition``.
Anything else is a :class:`PolicyError` naming where it is.

A value not known before apply (an :class:`~iacsim.values.Unknown`, or its marker object in JSON
text, :mod:`iacsim.policy.unknowns`) is accepted wherever JSON has a value: the statement keeps
its known parts and records the unknown ones, and evaluation treats them as "could be anything"
(docs/architecture.md §4, "Missing is unknown too").
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from iacsim.policy.conditions import Condition, Context, compile_condition_block
from iacsim.policy.errors import PolicyError
from iacsim.policy.principal_element import PrincipalMatch, PrincipalSet, compile_principal_element
from iacsim.policy.principals import Principal
from iacsim.policy.unknowns import UNDOCUMENTED, decode_unknown, encode_unknown
from iacsim.policy.variables import has_variables, substitute
from iacsim.policy.wildcards import Matcher, action_matcher, arn_matcher
from iacsim.values import Unknown

Tri = bool | None
"""Three-valued match: True, False, or None for "depends on a value not known before apply"."""

UnknownPart = tuple[str, Unknown]
"""(which part of a statement, the Unknown there): ``("principal", Unknown(...))``."""

PolicyDocument = Mapping[str, Any] | str
"""A policy as a dict (parsed JSON) or as JSON text."""

PolicyShape = Literal["identity", "resource", "organization", "endpoint"]
"""How a document is validated: identity-like policies (identity, boundary, session, SCP) must not
name a Principal; resource-like policies (key, bucket) must; endpoint policies and RCPs may."""

_STATEMENT_KEYS = frozenset(
    {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"}
)
_DOCUMENT_KEYS = frozenset({"Version", "Id", "Statement"})
_VERSIONS = ("2012-10-17", "2008-10-17")

NOT_PRINCIPAL_ALLOW = Unknown(
    "AWS does not document whom an Allow statement with NotPrincipal allows (\"NotPrincipal must be used with "
    "\"Effect\":\"Deny\". Using it with \"Effect\":\"Allow\" is not supported\", "
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)",
    UNDOCUMENTED)
"""What a NotPrincipal of an Allow statement stands for: AWS no longer documents what such a statement grants
(older pages said everyone not listed, anonymous callers included), so a caller it does not list is *maybe*
allowed and a decision that depends on it is ``unknown``, never a guess."""


@dataclass(frozen=True)
class ResourceSpec:
    patterns: tuple[str, ...]
    negated: bool
    matchers: tuple[Matcher, ...] | None
    """Precompiled when no policy variable is involved."""
    unknown: Unknown | None = None
    """An entry (or the whole element) not known before apply; ``patterns`` are the known ones."""

    def matches(self, resource: str, context: Context) -> bool | None:
        """True/False; None when a variable had no value (the element cannot match)."""
        if self.matchers is not None:
            hit = any(m(resource) for m in self.matchers)
        else:
            hit = False
            unresolved = False
            for pattern in self.patterns:
                text = substitute(pattern, context)
                if text is None:
                    unresolved = True
                    continue
                if arn_matcher(text)(resource):
                    hit = True
                    break
            if not hit and unresolved and not self.negated:
                return None
        return not hit if self.negated else hit

    def tri(self, resource: str, context: Context) -> Tri:
        """:meth:`matches`, three-valued: an unknown entry could be the resource (or exclude it)."""
        hit = self.matches(resource, context)
        if self.unknown is None:
            return bool(hit)
        if self.negated:
            return False if hit is False else None
        return True if hit else None


@dataclass(frozen=True)
class Statement:
    index: int
    sid: str | None
    effect: Literal["Allow", "Deny"]
    actions: tuple[str, ...]
    actions_negated: bool
    action_match: Matcher
    resource: ResourceSpec | None
    """None when the statement has no Resource element (allowed only where AWS allows it)."""
    principals: PrincipalSet | None
    principals_negated: bool
    conditions: tuple[Condition, ...]
    label: str = ""
    """How explanations name the statement: ``'Sid'`` or ``Statement[i]``."""
    effect_unknown: Unknown | None = None
    """The Effect is not known before apply (``effect`` is then a placeholder): Allow or Deny."""
    action_unknown: Unknown | None = None
    """An Action/NotAction entry (or the whole element) is not known; ``actions`` are the known ones."""
    unknowns: tuple[UnknownPart, ...] = ()
    """Every unknown part, for explanations; empty for a fully known statement (the fast path)."""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", f"'{self.sid}'" if self.sid else f"Statement[{self.index}]")

    def action_matches(self, action: str) -> bool:
        """Whether Action/NotAction covers ``action`` — or, with an unknown entry, could cover it."""
        hit = self.action_match(action)
        if self.actions_negated:
            return not hit
        return hit or self.action_unknown is not None

    def action_tri(self, action: str) -> Tri:
        if not self.action_matches(action):
            return False
        if self.action_unknown is None or (not self.actions_negated and self.action_match(action)):
            return True
        return None

    def principal_tri(self, principal: Principal) -> tuple[Tri, PrincipalMatch]:
        """:meth:`principal_match`, three-valued. An unknown principal entry could be the caller
        itself (the strongest match, ``specific``); with NotPrincipal it could exempt the caller."""
        if self.principals is None:
            return True, "any"
        unknown = self.principals.unknown is not None
        if self.principals_negated:
            if self.principals.excludes(principal):
                return False, "any"
            return (None if unknown else True), "any"
        match = self.principals.match(principal)
        if match is not None:
            return True, match
        return (None if unknown else False), "specific"

    def principal_match(self, principal: Principal) -> PrincipalMatch | None:
        """How the Principal/NotPrincipal element matches the caller (None: it does not)."""
        if self.principals is None:
            return "any"
        match = self.principals.match(principal)
        if self.principals_negated:
            if self.principals.excludes(principal):
                return None
            return "any"
        return match


@dataclass(frozen=True)
class Policy:
    """A validated, compiled policy document."""

    statements: tuple[Statement, ...]
    version: str | None
    id: str | None
    _by_action: dict[str, tuple[Statement, ...]] = field(default_factory=dict, compare=False, repr=False)
    memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)
    """Per-request-shape results kept by :mod:`iacsim.policy.scan` (a compiled policy is immutable)."""
    has_unknowns: bool = False
    """Some statement holds a value not known before apply."""

    def statements_for(self, action: str) -> tuple[Statement, ...]:
        """The statements whose Action/NotAction covers ``action`` (memoized per action: a policy
        is evaluated against few distinct actions, many times)."""
        key = action.lower()
        hit = self._by_action.get(key)
        if hit is None:
            if len(self._by_action) > 1024:
                self._by_action.clear()
            hit = tuple(st for st in self.statements if st.action_matches(action))
            self._by_action[key] = hit
        return hit


def compile_policy(document: PolicyDocument, shape: PolicyShape = "identity") -> Policy:
    """Compile (cached) a policy document; raises :class:`PolicyError`."""
    if isinstance(document, str):
        return _compile_text(document, shape)
    if type(document) is not dict and not isinstance(document, Mapping):
        raise PolicyError("", f"a policy document must be an object, not {type(document).__name__}")
    key = id(document)
    cached = _BY_IDENTITY.get(key)
    # The identity cache avoids re-serializing the same dict on every request; the snapshot
    # comparison catches a dict mutated in place since it was compiled.
    if cached is not None and cached[0] is document and cached[1] == document and cached[2] == shape:
        return cached[3]
    try:
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=_not_json)
    except PolicyError:
        raise
    except (TypeError, ValueError) as exc:
        raise PolicyError("", f"policy is not JSON-serializable: {exc}") from None
    policy = _compile_text(text, shape)
    if len(_BY_IDENTITY) > 4096:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[key] = (document, copy.deepcopy(dict(document)), shape, policy)
    return policy


_BY_IDENTITY: dict[int, tuple[Mapping[str, Any], dict[str, Any], str, Policy]] = {}


def _not_json(value: object) -> object:
    # An iacsim Unknown (a value only known after apply) is kept as its marker object; the compiler
    # reads it back and evaluation treats that part as "could be anything".
    if isinstance(value, Unknown):
        return encode_unknown(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


@lru_cache(maxsize=4096)
def _compile_text(text: str, shape: PolicyShape) -> Policy:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyError(f"line {exc.lineno} column {exc.colno}", f"policy is not valid JSON: {exc.msg}") from None
    if not isinstance(document, dict):
        raise PolicyError("", f"a policy document must be a JSON object, not {type(document).__name__}")
    return _compile_document(document, shape)


def _compile_document(document: dict[str, Any], shape: PolicyShape) -> Policy:
    for key in document:
        if key not in _DOCUMENT_KEYS:
            raise PolicyError(str(key), f"unknown policy element '{key}' (expected Version, Id, Statement)")
    version = document.get("Version")
    if decode_unknown(version) is not None:
        version = _VERSIONS[0]  # what every generator writes; only policy variables depend on it
    if version is not None and version not in _VERSIONS:
        raise PolicyError("Version", f"unsupported policy version {version!r} (expected 2012-10-17 or 2008-10-17)")
    if "Statement" not in document:
        raise PolicyError("Statement", "missing")
    raw_statements = document["Statement"]
    if isinstance(raw_statements, dict) or decode_unknown(raw_statements) is not None:
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        raise PolicyError("Statement", "must be an object or a list of objects")
    variables_enabled = version == "2012-10-17"
    statements = tuple(
        _compile_statement(raw, i, shape, variables_enabled) for i, raw in enumerate(raw_statements)
    )
    policy_id = document.get("Id")
    if decode_unknown(policy_id) is not None:
        policy_id = None
    return Policy(statements, version, str(policy_id) if policy_id is not None else None,
                  has_unknowns=any(st.unknowns for st in statements))


def _string_list(value: Any, location: str) -> tuple[tuple[str, ...], Unknown | None]:
    """The known strings of an element, and the first entry (or the whole value) not known."""
    whole = decode_unknown(value)
    if whole is not None:
        return (), whole
    values = value if isinstance(value, list) else [value]
    if not values:
        raise PolicyError(location, "must not be empty")
    known: list[str] = []
    unknown: Unknown | None = None
    for v in values:
        if isinstance(v, str):
            known.append(v)
            continue
        entry = decode_unknown(v)
        if entry is None:
            raise PolicyError(location, f"values must be strings, not {type(v).__name__}")
        if unknown is None:
            unknown = entry
    return tuple(known), unknown


def _unknown_statement(index: int, unknown: Unknown, shape: PolicyShape) -> Statement:
    """A statement not known at all: any effect, action, resource and principal."""
    principals = (None if shape in ("identity", "organization")
                  else compile_principal_element(encode_unknown(unknown), f"Statement[{index}].Principal"))
    return Statement(index=index, sid=None, effect="Allow", actions=(), actions_negated=False,
                     action_match=action_matcher(()), resource=ResourceSpec((), False, (), unknown),
                     principals=principals, principals_negated=False, conditions=(), effect_unknown=unknown,
                     action_unknown=unknown, unknowns=(("", unknown),))


def _compile_statement(raw: Any, index: int, shape: PolicyShape, variables_enabled: bool) -> Statement:
    where = f"Statement[{index}]"
    whole = decode_unknown(raw)
    if whole is not None:
        return _unknown_statement(index, whole, shape)
    if not isinstance(raw, dict):
        raise PolicyError(where, "a statement must be an object")
    for key in raw:
        if key not in _STATEMENT_KEYS:
            raise PolicyError(f"{where}", f"unknown element '{key}'")
    unknowns: list[UnknownPart] = []
    sid = raw.get("Sid")
    if decode_unknown(sid) is not None:
        sid = None  # only names the statement in explanations
    if sid is not None and not isinstance(sid, str):
        raise PolicyError(f"{where}.Sid", "must be a string")
    effect = raw.get("Effect")
    effect_unknown = decode_unknown(effect)
    if effect_unknown is not None:
        effect = "Allow"  # placeholder: evaluation tries both
        unknowns.append(("Effect", effect_unknown))
    if effect is None:
        raise PolicyError(f"{where}.Effect", "missing (must be Allow or Deny)")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f"{where}.Effect", f"must be Allow or Deny, not {effect!r}")

    if ("Action" in raw) == ("NotAction" in raw):
        raise PolicyError(where, "needs exactly one of Action or NotAction")
    action_key = "Action" if "Action" in raw else "NotAction"
    actions, action_unknown = _string_list(raw[action_key], f"{where}.{action_key}")
    if action_unknown is not None:
        unknowns.append((action_key, action_unknown))
    for action in actions:
        if action != "*" and ":" not in action:
            raise PolicyError(f"{where}.{action_key}", f"action {action!r} must be 'service:Operation' or '*'")

    resource: ResourceSpec | None = None
    if "Resource" in raw and "NotResource" in raw:
        raise PolicyError(where, "cannot have both Resource and NotResource")
    if "Resource" in raw or "NotResource" in raw:
        resource_key = "Resource" if "Resource" in raw else "NotResource"
        patterns, resource_unknown = _string_list(raw[resource_key], f"{where}.{resource_key}")
        if resource_unknown is not None:
            unknowns.append((resource_key, resource_unknown))
        with_variables = variables_enabled and any(has_variables(p) for p in patterns)
        matchers = None if with_variables else tuple(arn_matcher(p) for p in patterns)
        resource = ResourceSpec(patterns, resource_key == "NotResource", matchers, resource_unknown)
    elif shape == "identity":
        raise PolicyError(where, "needs Resource or NotResource")

    principals: PrincipalSet | None = None
    principals_negated = False
    has_principal = "Principal" in raw or "NotPrincipal" in raw
    if "Principal" in raw and "NotPrincipal" in raw:
        raise PolicyError(where, "cannot have both Principal and NotPrincipal")
    if has_principal and shape in ("identity", "organization"):
        element = "Principal" if "Principal" in raw else "NotPrincipal"
        kind = "an identity-based policy" if shape == "identity" else "a service control policy"
        raise PolicyError(f"{where}.{element}", f"not allowed in {kind}")
    if has_principal:
        principal_key = "Principal" if "Principal" in raw else "NotPrincipal"
        principals = compile_principal_element(raw[principal_key], f"{where}.{principal_key}")
        principals_negated = principal_key == "NotPrincipal"
        if principals_negated and effect == "Allow" and effect_unknown is None and principals.unknown is None:
            principals = replace(principals, unknown=NOT_PRINCIPAL_ALLOW)
        if principals.unknown is not None:
            unknowns.append((principal_key, principals.unknown))
    elif shape == "resource":
        raise PolicyError(where, "a resource-based policy statement needs Principal or NotPrincipal")

    conditions: tuple[Condition, ...] = ()
    if "Condition" in raw:
        conditions = compile_condition_block(raw["Condition"], f"{where}.Condition", variables_enabled)
        unknowns.extend((c.describe_part(), c.unknown) for c in conditions if c.unknown is not None)

    return Statement(
        index=index,
        sid=sid,
        effect=effect,
        actions=actions,
        actions_negated=action_key == "NotAction",
        action_match=action_matcher(actions),
        resource=resource,
        principals=principals,
        principals_negated=principals_negated,
        conditions=conditions,
        effect_unknown=effect_unknown,
        action_unknown=action_unknown,
        unknowns=tuple(unknowns),
    )
