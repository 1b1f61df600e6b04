"""KMS grants: a grantee may use the grant's operations on the key, within its constraints.

AWS KMS Developer Guide, "Grants in AWS KMS"
(https://docs.aws.amazon.com/kms/latest/developerguide/grants.html) and "Using grant constraints"
(https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints):

* a grant allows, it never denies; it is an alternative to the key policy for the grantee;
* ``EncryptionContextEquals``: the request's encryption context must be exactly the constraint's
  (order-free; keys case-insensitive, values case-sensitive); ``EncryptionContextSubset``: it
  must contain every pair of the constraint (and may have more);
* constraints apply only to operations that take an encryption context (DescribeKey and
  RetireGrant in a constrained grant are allowed regardless);
* grant operations must be ones the key type supports (a symmetric key cannot Sign).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from iacsim.policy.errors import PolicyError
from iacsim.policy.kms_rules import EC_OPERATIONS, GRANT_OPERATIONS

_GRANT_OPERATIONS_LOWER = {op.lower(): op for op in GRANT_OPERATIONS}


@dataclass(frozen=True)
class Grant:
    """One KMS grant on the key being used."""

    grantee_principal: str
    """ARN of the grantee (user, role, session, account root) or a service principal."""
    operations: tuple[str, ...]
    """Grant operations (``Decrypt``, ``GenerateDataKey``...)."""
    constraints: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """``{"EncryptionContextEquals": {...}}`` or ``{"EncryptionContextSubset": {...}}``."""
    retiring_principal: str | None = None
    grant_id: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        if self.name:
            return f"grant '{self.name}'"
        if self.grant_id:
            return f"grant {self.grant_id}"
        return "grant"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Grant:
        """Accepts the boto3 ``ListGrants`` shape (``GranteePrincipal``, ``Operations``...) and the
        snake_case field names of this class."""
        def pick(*names: str) -> Any:
            for name in names:
                if name in data:
                    return data[name]
            return None

        grantee = pick("GranteePrincipal", "grantee_principal")
        if not isinstance(grantee, str) or not grantee:
            raise PolicyError("GranteePrincipal", "a grant needs a grantee principal")
        operations = pick("Operations", "operations") or []
        if isinstance(operations, str) or not isinstance(operations, Sequence):
            raise PolicyError("Operations", "must be a list of operation names")
        constraints = pick("Constraints", "constraints") or {}
        if not isinstance(constraints, Mapping):
            raise PolicyError("Constraints", "must be an object")
        return cls(
            grantee_principal=grantee,
            operations=tuple(str(op) for op in operations),
            constraints={str(k): dict(v) for k, v in constraints.items()},
            retiring_principal=pick("RetiringPrincipal", "retiring_principal"),
            grant_id=pick("GrantId", "grant_id"),
            name=pick("Name", "name"),
        )


def normalize_grant(grant: Grant | Mapping[str, Any], index: int) -> Grant:
    try:
        parsed = grant if isinstance(grant, Grant) else Grant.from_dict(grant)
        for op in parsed.operations:
            if op.lower() not in _GRANT_OPERATIONS_LOWER:
                raise PolicyError("Operations", f"'{op}' is not a grant operation")
        for name in parsed.constraints:
            if name not in ("EncryptionContextEquals", "EncryptionContextSubset"):
                raise PolicyError("Constraints", f"unknown grant constraint '{name}'")
        if len(parsed.constraints) > 1:
            raise PolicyError("Constraints", "a grant takes only one of EncryptionContextEquals or "
                                             "EncryptionContextSubset")
    except PolicyError as exc:
        raise exc.within(f"grants[{index}]") from None
    return parsed


def grant_operation(grant: Grant, operation: str) -> str | None:
    """The grant operation (canonical spelling) that covers ``operation``, if any."""
    lowered = operation.lower()
    for op in grant.operations:
        if op.lower() == lowered:
            return _GRANT_OPERATIONS_LOWER[lowered]
    return None


def constraint_failure(grant: Grant, operation: str, encryption_context: Mapping[str, str] | None) -> str | None:
    """Why the grant's constraint rejects the request (None: it accepts).

    KMS API Reference, "GrantConstraints": constraints apply only to operations that take an
    encryption context; DescribeKey, RetireGrant (and CreateGrant, whose new grant must merely be
    as strict) are allowed regardless. In a constraint the key of each pair is *not* case
    sensitive but the value is.
    """
    if not grant.constraints:
        return None
    if _GRANT_OPERATIONS_LOWER.get(operation.lower()) not in EC_OPERATIONS:
        return None
    context = {k.lower(): v for k, v in (encryption_context or {}).items()}
    shown = dict(encryption_context or {})
    equals = grant.constraints.get("EncryptionContextEquals")
    if equals is not None:
        wanted = {k.lower(): v for k, v in equals.items()}
        if context != wanted:
            return f"its constraint EncryptionContextEquals={dict(equals)} does not equal the request's {shown}"
        return None
    subset = grant.constraints.get("EncryptionContextSubset") or {}
    missing = {k: v for k, v in subset.items() if context.get(k.lower()) != v}
    if missing:
        return f"its constraint EncryptionContextSubset requires {missing}, not in the request's {shown}"
    return None
