"""The ``Principal`` / ``NotPrincipal`` element of resource-based policies.

IAM User Guide, "AWS JSON policy elements: Principal"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):

* ``"*"`` and ``{"AWS": "*"}`` are everyone, anonymous callers included;
* an account (``123456789012`` or ``arn:aws:iam::123456789012:root``) *delegates* to that account:
  its principals still need an identity-based policy allowing the action;
* a role ARN matches the role's sessions (the session's ``aws:PrincipalArn`` is the role ARN);
  an assumed-role session ARN matches that one session;
* wildcards cannot match part of a principal ARN — only ``*`` alone is a wildcard;
* ``Service``, ``Federated`` and ``CanonicalUser`` name those principal types.

"NotPrincipal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
with Deny, AWS may evaluate a caller's account, then its role, then its session, so a caller is
exempt only when *each* of them is listed (user + account; session + role + account).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from iacsim.aws.arn import Arn
from iacsim.policy.errors import PolicyError
from iacsim.policy.principals import ACCOUNT_ID, Principal, parse_principal
from iacsim.policy.unknowns import decode_unknown
from iacsim.values import Unknown

PrincipalMatch = Literal["specific", "role", "account", "any"]
"""How a statement names the caller: by its own ARN (user, session, service, the root of its own
account), by its role's ARN (the caller is a session of that role), through its account
(delegation to the account's IAM policies), or by ``*``."""

_PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")


@dataclass(frozen=True)
class PrincipalSet:
    wildcard: bool
    accounts: frozenset[str]
    arns: frozenset[str]
    roles: frozenset[tuple[str, str]]
    """(account, role name) for role ARNs: paths do not appear in session ARNs."""
    services: frozenset[str]
    federated: frozenset[str]
    canonical: frozenset[str]
    written: tuple[str, ...]
    """The principals as written, for explanations."""
    unknown: Unknown | None = None
    """An entry, a type's list or the whole element not known before apply (the sets hold the known
    entries): it could name any principal, so a caller the known entries miss is *maybe* named."""

    def match(self, principal: Principal) -> PrincipalMatch | None:
        if self.wildcard:
            return "any"
        kind = principal.kind
        if kind == "service":
            return "specific" if principal.raw.strip().lower() in self.services else None
        if kind == "anonymous":
            return None
        if principal.arn in self.arns or principal.raw in self.federated or principal.raw in self.canonical:
            return "specific"
        account = principal.account
        if kind in ("role", "assumed_role") and account and principal.name and (account, principal.name) in self.roles:
            return "role"
        if account and account in self.accounts:
            return "specific" if kind == "root" else "account"
        return None

    def excludes(self, principal: Principal) -> bool:
        """For NotPrincipal: is every identity AWS may evaluate for this caller listed?"""
        if self.wildcard:
            return True
        return not self.missing_for_exemption(principal)

    def missing_for_exemption(self, principal: Principal) -> list[str]:
        """What NotPrincipal would also need to list to exempt this caller (empty: exempt)."""
        kind = principal.kind
        if kind == "service":
            return [] if principal.raw.strip().lower() in self.services else [principal.raw]
        if kind == "anonymous":
            return ["*"]
        missing: list[str] = []
        account = principal.account
        if account and account not in self.accounts:
            missing.append(str(Arn.iam_root(principal.partition, account)))
        if kind in ("role", "assumed_role") and account and principal.name:
            if (account, principal.name) not in self.roles:
                missing.append(principal.role_arn or principal.arn)
            if kind == "assumed_role" and principal.arn not in self.arns:
                missing.append(principal.arn)
        elif kind in ("user", "federated_user", "other") and principal.arn not in self.arns and \
                principal.raw not in self.federated and principal.raw not in self.canonical:
            missing.append(principal.arn)
        return missing


def compile_principal_element(value: Any, location: str) -> PrincipalSet:
    whole = decode_unknown(value)
    if whole is not None:
        return PrincipalSet(False, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(),
                            frozenset(), (), whole)
    if value == "*":
        return PrincipalSet(True, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(),
                            frozenset(), ("*",))
    if not isinstance(value, dict) or not value:
        raise PolicyError(location, 'must be "*" or an object with AWS, Service, Federated or CanonicalUser')
    wildcard = False
    accounts: set[str] = set()
    arns: set[str] = set()
    roles: set[tuple[str, str]] = set()
    services: set[str] = set()
    federated: set[str] = set()
    canonical: set[str] = set()
    written: list[str] = []
    unknown: Unknown | None = None
    for principal_type, raw in value.items():
        if principal_type not in _PRINCIPAL_TYPES:
            raise PolicyError(location, f"unknown principal type '{principal_type}' "
                                        f"(expected one of {', '.join(_PRINCIPAL_TYPES)})")
        entries = [raw] if decode_unknown(raw) is not None or not isinstance(raw, list) else raw
        if not entries:
            raise PolicyError(f"{location}.{principal_type}", "must not be empty")
        for entry in entries:
            entry_unknown = decode_unknown(entry)
            if entry_unknown is not None:
                if unknown is None:
                    unknown = entry_unknown
                continue
            if not isinstance(entry, str):
                raise PolicyError(f"{location}.{principal_type}", f"principals must be strings, not {type(entry).__name__}")
            written.append(entry)
            if principal_type == "Service":
                services.add(entry.strip().lower())
            elif principal_type == "Federated":
                federated.add(entry)
            elif principal_type == "CanonicalUser":
                canonical.add(entry)
            elif entry == "*":
                wildcard = True
            else:
                _add_aws_principal(entry, accounts, arns, roles)
    return PrincipalSet(wildcard, frozenset(accounts), frozenset(arns), frozenset(roles), frozenset(services),
                        frozenset(federated), frozenset(canonical), tuple(written), unknown)


def _add_aws_principal(entry: str, accounts: set[str], arns: set[str], roles: set[tuple[str, str]]) -> None:
    if ACCOUNT_ID.match(entry):
        accounts.add(entry)
        return
    parsed = parse_principal(entry)
    if parsed.kind == "root" and parsed.account:
        accounts.add(parsed.account)
    elif parsed.kind == "role" and parsed.account and parsed.name:
        roles.add((parsed.account, parsed.name))
    else:
        # Users, sessions, federated users, or anything else: matched literally (AWS does not
        # allow partial wildcards in principals, so '*' inside an ARN is just a character here).
        arns.add(entry)
