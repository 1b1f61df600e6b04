"""Reading policy statements for rules (shape only; decisions come from iacsim.policy)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.model.base import Policy

ACCOUNT_LIMITING_KEYS = frozenset(k.lower() for k in (
    "kms:CallerAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:SourceAccount",
    "aws:SourceArn", "aws:SourceOrgID", "aws:PrincipalArn", "aws:SourceVpce", "aws:SourceVpc", "aws:userid",
))
"""Condition keys that confine a wildcard principal to known accounts, organizations or networks."""

_ACCOUNT = re.compile(r"^\d{12}$")


def statements(policy: Policy | None) -> Iterator[Mapping[str, Any]]:
    if policy is None or not isinstance(policy.document, Mapping):
        return
    stmts = policy.document.get("Statement", [])
    for s in [stmts] if isinstance(stmts, Mapping) else stmts if isinstance(stmts, list) else []:
        if isinstance(s, Mapping):
            yield s


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def aws_principals(statement: Mapping[str, Any]) -> list[Any]:
    principal = statement.get("Principal")
    if principal == "*":
        return ["*"]
    if isinstance(principal, Mapping):
        return as_list(principal.get("AWS"))
    return []


def condition_keys(statement: Mapping[str, Any]) -> set[str]:
    cond = statement.get("Condition")
    keys: set[str] = set()
    if isinstance(cond, Mapping):
        for block in cond.values():
            if isinstance(block, Mapping):
                keys |= {str(k).lower() for k in block}
    return keys


def account_of(principal: Any) -> str | None:
    if not isinstance(principal, str):
        return None
    if _ACCOUNT.match(principal):
        return principal
    arn = Arn.parse_iam(principal)
    return arn.account if arn is not None else None
