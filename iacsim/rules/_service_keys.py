"""Shared by the CloudWatch Logs and CloudTrail rules: how a key reference is written, and which key
policy statements admit a service principal."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from iacsim.model.base import Policy
from iacsim.rules._policy import as_list, condition_keys, statements
from iacsim.values import Unknown

KeyRefForm = Literal["key-arn", "alias-arn", "key-id", "alias-name", "unknown"]

_ID_ATTRIBUTES = {"id": "key-id", "key_id": "key-id", "keyid": "key-id", "ref": "key-id", "name": "alias-name"}


def key_ref_form(ref: Any) -> KeyRefForm:
    """What a reference to a key gives the service: an ARN, a key id or an alias name.

    Terraform ``aws_kms_key.x.arn`` / CloudFormation ``!GetAtt Key.Arn`` are ARNs; ``.key_id``, ``.id`` and
    CloudFormation ``!Ref Key`` are key ids; ``aws_kms_alias.x.name`` is an alias name.
    """
    if isinstance(ref, str):
        if ref.startswith("arn:"):
            return "alias-arn" if ":alias/" in ref else "key-arn"
        return "alias-name" if ref.startswith("alias/") else "key-id"
    if isinstance(ref, Unknown) and ref.ref:
        attribute = ref.ref.rsplit(".", 1)[-1].lower() if "." in ref.ref.rsplit("/", 1)[-1] else ""
        if attribute in ("arn", "target_key_arn"):
            return "alias-arn" if "aws_kms_alias" in ref.ref and attribute == "arn" else "key-arn"
        form = _ID_ATTRIBUTES.get(attribute)
        if form == "key-id" and "aws_kms_alias" in ref.ref:
            return "alias-name"  # aws_kms_alias.x.id is the alias name
        if form is not None:
            return form  # type: ignore[return-value]
    return "unknown"


def service_statements(policy: Policy | Mapping[str, Any] | list[Any] | Unknown | None,
                       service_prefix: str) -> Iterator[Mapping[str, Any]]:
    """Allow statements whose Principal.Service starts with ``service_prefix`` (``logs.``, ``cloudtrail.``)."""
    if isinstance(policy, Policy | None):
        found = list(statements(policy))
    elif isinstance(policy, Mapping):
        found = list(statements(Policy(document=policy)))
    else:
        found = []
    for s in found:
        if s.get("Effect") != "Allow":
            continue
        principal = s.get("Principal")
        services = as_list(principal.get("Service")) if isinstance(principal, Mapping) else []
        if any(isinstance(v, str) and v.lower().startswith(service_prefix) for v in services):
            yield s


def has_condition(statement: Mapping[str, Any], *keys: str) -> bool:
    present = condition_keys(statement)
    return any(k.lower() in present for k in keys)
