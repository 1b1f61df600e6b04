"""``data "aws_iam_policy_document"`` resolved statically, in the provider's exact output shape.

Mirrors terraform-provider-aws ``internal/service/iam/policy_document_data_source.go``
(``dataSourcePolicyDocumentRead``) and ``policy_model.go`` (``IAMPolicyDoc`` JSON
marshalling), so ``data.aws_iam_policy_document.x.json`` here is the string the
provider would produce:

* document fields in the order ``Version, Id, Statement``; statement fields in the
  order ``Sid, Effect, Action, NotAction, Resource, NotResource, Principal,
  NotPrincipal, Condition``; empty ones omitted (Go ``omitempty``);
* ``actions``/``resources``/principal ``identifiers`` are sets: deduplicated, and a
  single element collapses to a string, several become a list sorted in *reverse*
  lexical order (``policyDecodeConfigStrings``);
* condition values keep their order; one value collapses to a string;
* a single ``*`` principal of type ``*`` becomes ``"Principal": "*"``; principals and
  conditions are JSON objects with sorted keys (Go map marshalling);
* ``&{aws:username}`` becomes ``${aws:username}`` in resources, identifiers and
  condition values (the provider's escape for IAM policy variables);
* ``source_policy_documents`` are merged first, then the document's own statements,
  then ``override_policy_documents``; a statement with a ``Sid`` replaces an earlier
  one with the same ``Sid`` (``IAMPolicyDoc.Merge``);
* ``json`` is Go's ``json.MarshalIndent(doc, "", "  ")`` and ``minified_json`` is
  ``json.Marshal(doc)``; both escape ``<``, ``>``, ``&`` as ``\\u003c`` etc. like Go;
  ``id`` is the CRC-32 hash code of ``json`` (``create.StringHashcode``).

``principals``, ``not_principals`` and ``condition`` are *sets of blocks* in the
provider schema: it visits them in the order of their SDK set hash codes
(``schema.HashResource``: CRC-32 of ``SerializeResourceForHash``, codes compared
as decimal strings). That order shows when two principal blocks share a type
(their identifiers are appended one after the other), so we reproduce it.

Reference: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from typing import Any

from iacsim.bounds import Limits
from iacsim.load.limits import LimitExceeded, check_json_depth
from iacsim.load.partial_json import partially_known
from iacsim.values import Unknown, first_unknown

DEFAULT_VERSION = "2012-10-17"
"""The provider's validation of ``statement.sid``."""
_STATEMENT_FIELDS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
                     "Principal", "NotPrincipal", "Condition")


class PolicyDocumentError(ValueError):
    """The provider would fail to read the data source (duplicate Sid, bad source JSON...)."""


# ---------------------------------------------------------------- model (mirrors policy_model.go)

class _Principal:
    __slots__ = ("identifiers", "type")

    def __init__(self, type_: str, identifiers: str | list[str]) -> None:
        self.type = type_
        self.identifiers = identifiers


class _Condition:
    __slots__ = ("test", "values", "variable")

    def __init__(self, test: str, variable: str, values: str | list[str]) -> None:
        self.test = test
        self.variable = variable
        self.values = values


class _Statement:
    def __init__(self) -> None:
        self.sid = ""
        self.effect = ""
        self.actions: Any = None
        self.not_actions: Any = None
        self.resources: Any = None
        self.not_resources: Any = None
        self.principals: list[_Principal] = []
        self.not_principals: list[_Principal] = []
        self.conditions: list[_Condition] = []


class _Doc:
    def __init__(self, version: str = "", id_: str = "") -> None:
        self.version = version
        self.id = id_
        self.statements: list[_Statement] = []

    def merge(self, new: _Doc) -> None:
        """``IAMPolicyDoc.Merge``: adopt Id, upgrade Version, statements replace same Sid."""
        if new.id:
            self.id = new.id
        if new.version > self.version:
            self.version = new.version
        for stmt in new.statements:
            if not stmt.sid:
                self.statements.append(stmt)
                continue
            for i, existing in enumerate(self.statements):
                if existing.sid == stmt.sid:
                    self.statements[i] = stmt
                    break
            else:
                self.statements.append(stmt)


def _principals_json(ps: list[_Principal]) -> Any:
    if len(ps) == 1 and ps[0].type == "*" and ps[0].identifiers in ("*", ["*"]):
        return "*"
    raw: dict[str, Any] = {}
    for p in ps:
        current = raw.get(p.type)
        if isinstance(p.identifiers, list):
            ids = sorted(p.identifiers, reverse=True)
            if current is None:
                raw[p.type] = ids
            elif isinstance(current, str):
                raw[p.type] = [current, *ids]
            else:
                current.extend(ids)
        else:
            if current is None:
                raw[p.type] = p.identifiers
            elif isinstance(current, str):
                raw[p.type] = [current, p.identifiers]
            else:
                current.append(p.identifiers)
    return {k: raw[k] for k in sorted(raw)}


def _conditions_json(cs: list[_Condition]) -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, list[str]]] = {}
    for c in cs:
        values = raw.setdefault(c.test, {}).setdefault(c.variable, [])
        values.extend(c.values if isinstance(c.values, list) else [c.values])
    out: dict[str, dict[str, Any]] = {}
    for test in sorted(raw):
        out[test] = {}
        for var in sorted(raw[test]):
            items = raw[test][var]
            out[test][var] = items[0] if len(items) == 1 else items
    return out


def _statement_json(s: _Statement) -> dict[str, Any]:
    values: dict[str, Any] = {
        "Sid": s.sid or None,
        "Effect": s.effect or None,
        "Action": s.actions,
        "NotAction": s.not_actions,
        "Resource": s.resources,
        "NotResource": s.not_resources,
        "Principal": _principals_json(s.principals) if s.principals else None,
        "NotPrincipal": _principals_json(s.not_principals) if s.not_principals else None,
        "Condition": _conditions_json(s.conditions) if s.conditions else None,
    }
    return {k: values[k] for k in _STATEMENT_FIELDS if values[k] is not None}


def _doc_json(doc: _Doc) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if doc.version:
        out["Version"] = doc.version
    if doc.id:
        out["Id"] = doc.id
    if doc.statements:
        out["Statement"] = [_statement_json(s) for s in doc.statements]
    return out


def go_json(value: Any, indent: bool) -> str:
    """``encoding/json`` output: HTML-safe escapes, UTF-8 kept, ``MarshalIndent`` layout."""
    text = json.dumps(value, ensure_ascii=False, indent=2 if indent else None,
                      separators=(",", ": ") if indent else (",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------- reading configuration

def _to_string(value: Any, what: str) -> str:
    """Terraform's implicit conversion of a primitive to string (sets of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    raise PolicyDocumentError(f"{what}: expected a string, got {type(value).__name__}")


def _string_set(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple | set | frozenset) else [value]
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        s = _to_string(item, what)
        if s not in out:
            out.append(s)
    return out


def _decode_strings(values: list[str]) -> str | list[str]:
    """``policyDecodeConfigStrings``: one element → string, else reverse-sorted list."""
    if len(values) == 1:
        return values[0]
    return sorted(values, reverse=True)


def _replace_vars(value: str | list[str], version: str) -> str | list[str]:
    """``dataSourcePolicyDocumentReplaceVarsInList``: ``&{`` → ``${``."""
    items = [value] if isinstance(value, str) else value
    for item in items:
        if version == "2008-10-17" and "&{" in item:
            raise PolicyDocumentError(f"found &{{ sequence in ({item}), which is not supported in document version 2008-10-17")
    if isinstance(value, str):
        return value.replace("&{", "${")
    return [v.replace("&{", "${") for v in value]


def _blocks(value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    return [b for b in value if isinstance(b, Mapping)]


def _set_code(serialized: str) -> str:
    """terraform-plugin-sdk ``hashcode.String``: CRC-32 as a non-negative int, used as a decimal key."""
    return str(zlib.crc32(serialized.encode("utf-8")))


def _sdk_set_order(items: list[Any], serialize: Any) -> list[Any]:
    """``schema.Set.List()``: unique by hash code, ordered by the codes' decimal strings."""
    by_code: dict[str, Any] = {}
    for item in items:
        by_code.setdefault(_set_code(serialize(item)), item)
    return [by_code[k] for k in sorted(by_code)]


def _string_set_order(values: list[str]) -> list[str]:
    # HashSchema(TypeString) hashes the value followed by ";" (SerializeValueForHash).
    return list(_sdk_set_order(values, lambda v: v + ";"))


def _principals(blocks: Any, version: str, what: str) -> list[_Principal]:
    raw: list[tuple[str, list[str]]] = []
    for block in _blocks(blocks):
        type_ = _to_string(block.get("type"), f"{what}.type")
        ids = _string_set(block.get("identifiers"), f"{what}.identifiers")
        raw.append((type_, ids))

    def serialize(item: tuple[str, list[str]]) -> str:
        # SerializeResourceForHash over the sorted schema keys "identifiers", "type".
        ids = "".join(v + ";" for v in _string_set_order(item[1]))
        return f"identifiers:{{{ids}}};type:{item[0]};"

    return [_Principal(type_, _replace_vars(_decode_strings(ids), version))
            for type_, ids in _sdk_set_order(raw, serialize)]


def _statement_from_config(cfg: Mapping[str, Any], version: str) -> _Statement:
    stmt = _Statement()
    effect = cfg.get("effect")
    stmt.effect = "Allow" if effect is None else _to_string(effect, "effect")
    if stmt.effect not in ("Allow", "Deny"):
        raise PolicyDocumentError(f'expected effect to be one of ["Allow" "Deny"], got {stmt.effect}')
    sid = cfg.get("sid")
    # Any Sid: provider 5.82/5.83 briefly refused non-alphanumeric Sids at plan time and 5.84 reverted it
    # (hashicorp/terraform-provider-aws#40562, then a75e578), because KMS key policies and S3 bucket policies
    # accept spaces ("Enable IAM User Permissions" in KMS's own default key policy); IAM policies do not,
    # which IAM itself rejects at apply.
    stmt.sid = "" if sid is None else _to_string(sid, "sid")
    for key, attr in (("actions", "actions"), ("not_actions", "not_actions")):
        values = _string_set(cfg.get(key), key)
        if values:
            setattr(stmt, attr, _decode_strings(values))
    for key in ("resources", "not_resources"):
        values = _string_set(cfg.get(key), key)
        if values:
            setattr(stmt, key, _replace_vars(_decode_strings(values), version))
    stmt.principals = _principals(cfg.get("principals"), version, "principals")
    stmt.not_principals = _principals(cfg.get("not_principals"), version, "not_principals")
    conditions: list[tuple[str, str, list[str]]] = []
    for block in _blocks(cfg.get("condition")):
        raw_values = block.get("values")
        conditions.append((
            _to_string(block.get("test"), "condition.test"),
            _to_string(block.get("variable"), "condition.variable"),
            [_to_string(v, "condition.values") for v in (raw_values or [])],
        ))

    def serialize(item: tuple[str, str, list[str]]) -> str:
        # Sorted schema keys "test", "values" (a list), "variable".
        values = "".join(v + ";" for v in item[2])
        return f"test:{item[0]};values:({values});variable:{item[1]};"

    for test, variable, values in _sdk_set_order(conditions, serialize):
        replaced = _replace_vars(values, version)
        stmt.conditions.append(_Condition(test, variable, replaced[0] if len(replaced) == 1 else replaced))
    return stmt


# ---------------------------------------------------------------- reading source/override JSON

def _ci_get(obj: Mapping[str, Any], name: str) -> Any:
    """Go's ``encoding/json`` matches struct field names case-insensitively."""
    if name in obj:
        return obj[name]
    lower = name.lower()
    for k, v in obj.items():
        if isinstance(k, str) and k.lower() == lower:
            return v
    return None


def _principals_from_json(data: Any) -> list[_Principal]:
    if data is None:
        return []
    if isinstance(data, str):
        return [_Principal("*", ["*"])]
    if not isinstance(data, Mapping):
        raise PolicyDocumentError(f"Unsupported data type {type(data).__name__} for IAMPolicyStatementPrincipalSet")
    out: list[_Principal] = []
    for key, value in data.items():
        if isinstance(value, str):
            out.append(_Principal(key, value))
        elif isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise PolicyDocumentError(f"principal type {key!r}: identifiers must be strings")
            out.append(_Principal(key, sorted(value)))
        else:
            raise PolicyDocumentError("Unsupported data type for IAMPolicyStatementPrincipalSet.Identifiers")
    return out


def _conditions_from_json(data: Any) -> list[_Condition]:
    if data is None:
        return []
    if not isinstance(data, Mapping):
        raise PolicyDocumentError("Condition must be an object")
    out: list[_Condition] = []
    for test, variables in data.items():
        if not isinstance(variables, Mapping):
            raise PolicyDocumentError(f"Condition {test!r} must be an object")
        for var, values in variables.items():
            if isinstance(values, str):
                out.append(_Condition(test, var, [values]))
            elif isinstance(values, bool):
                out.append(_Condition(test, var, "true" if values else "false"))
            elif isinstance(values, list):
                if not all(isinstance(v, str) for v in values):
                    raise PolicyDocumentError(f"Condition {test}/{var}: values must be strings")
                out.append(_Condition(test, var, list(values)))
            # Numbers are silently dropped by the provider's UnmarshalJSON; we do the same.
    return out


def _doc_from_json(text: Any, what: str) -> _Doc:
    if not isinstance(text, str):
        raise PolicyDocumentError(f"{what}: expected a JSON string")
    try:
        check_json_depth(text, Limits())  # json.loads recurses per level
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyDocumentError(f"{what}: invalid JSON: {exc.msg}") from exc
    except LimitExceeded as exc:
        raise PolicyDocumentError(f"{what}: {exc.message}") from exc
    if not isinstance(data, Mapping):
        raise PolicyDocumentError(f"{what}: expected a JSON object")
    version = _ci_get(data, "Version")
    id_ = _ci_get(data, "Id")
    doc = _Doc(version if isinstance(version, str) else "", id_ if isinstance(id_, str) else "")
    stmts = _ci_get(data, "Statement")
    if isinstance(stmts, Mapping):
        raise PolicyDocumentError(f"{what}: Statement must be a list")
    for raw in stmts or []:
        if not isinstance(raw, Mapping):
            raise PolicyDocumentError(f"{what}: each statement must be an object")
        s = _Statement()
        s.sid = _ci_get(raw, "Sid") or ""
        s.effect = _ci_get(raw, "Effect") or ""
        s.actions = _ci_get(raw, "Action")
        s.not_actions = _ci_get(raw, "NotAction")
        s.resources = _ci_get(raw, "Resource")
        s.not_resources = _ci_get(raw, "NotResource")
        s.principals = _principals_from_json(_ci_get(raw, "Principal"))
        s.not_principals = _principals_from_json(_ci_get(raw, "NotPrincipal"))
        s.conditions = _conditions_from_json(_ci_get(raw, "Condition"))
        doc.statements.append(s)
    return doc


# ---------------------------------------------------------------- public

def build_policy_document(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The data source's JSON document as a Python dict (keys in the provider's order).

    ``attrs`` are the evaluated arguments, nested blocks as lists of dicts.
    Raises :class:`PolicyDocumentError` where the provider would fail.
    """
    merged = _Doc()
    seen_sids: set[str] = set()
    sources = list(attrs.get("source_policy_documents") or [])
    overrides = list(attrs.get("override_policy_documents") or [])
    # Provider v4's single-document forms; v5 only accepts them empty. Honouring them keeps
    # older configurations' policies instead of silently dropping statements.
    if attrs.get("source_json"):
        sources.insert(0, attrs["source_json"])
    if attrs.get("override_json"):
        overrides.insert(0, attrs["override_json"])
    for i, src in enumerate(sources):
        if src is None:
            continue
        doc = _doc_from_json(src, f"source_policy_documents[{i}]")
        for j, stmt in enumerate(doc.statements):
            if stmt.sid:
                if stmt.sid in seen_sids:
                    raise PolicyDocumentError(
                        f"merging source document {i}: duplicate Sid ({stmt.sid}) in source_policy_documents "
                        f"(statement {j}). Remove the Sid or ensure Sids are unique.")
                seen_sids.add(stmt.sid)
        merged.merge(doc)

    version_value = attrs.get("version")
    version = DEFAULT_VERSION if version_value is None else _to_string(version_value, "version")
    if version not in ("2008-10-17", "2012-10-17"):
        raise PolicyDocumentError(f'expected version to be one of ["2008-10-17" "2012-10-17"], got {version}')
    policy_id = attrs.get("policy_id")
    own = _Doc(version, "" if policy_id is None else _to_string(policy_id, "policy_id"))
    own_sids: set[str] = set()
    for cfg in _blocks(attrs.get("statement")):
        stmt = _statement_from_config(cfg, version)
        if stmt.sid in own_sids:
            raise PolicyDocumentError(f"duplicate Sid ({stmt.sid}). Remove the Sid or ensure the Sid is unique.")
        if stmt.sid:
            own_sids.add(stmt.sid)
        own.statements.append(stmt)
    merged.merge(own)

    for i, override in enumerate(overrides):
        if override is None:
            continue
        merged.merge(_doc_from_json(override, f"override_policy_documents[{i}]"))
    return _doc_json(merged)


def resolve_policy_document(attrs: Mapping[str, Any], address: str) -> dict[str, Any]:
    """Computed attributes ``json``, ``minified_json`` and ``id`` for the data source.

    Any Unknown among the inputs makes the outputs Unknown (Terraform: known
    after apply) with the input's reason; a provider error becomes an Unknown
    naming the error.
    """
    unknown = first_unknown(dict(attrs))
    if unknown is not None:
        known = partially_known(dict(attrs), lambda a: go_json(build_policy_document(a), indent=False))
        u = Unknown(f"policy document depends on an unknown value: {unknown.reason}", f"{address}.json",
                    partial=known)
        return {"json": u, "minified_json": u, "id": u}
    try:
        doc = build_policy_document(attrs)
    except PolicyDocumentError as exc:
        u = Unknown(f"the AWS provider would reject {address}: {exc}", f"{address}.json")
        return {"json": u, "minified_json": u, "id": u}
    pretty = go_json(doc, indent=True)
    return {
        "json": pretty,
        "minified_json": go_json(doc, indent=False),
        "id": str(zlib.crc32(pretty.encode("utf-8"))),
    }
