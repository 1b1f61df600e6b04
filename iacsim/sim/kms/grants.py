"""KMS grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant.

KDG "Grants in AWS KMS" (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html)
and the CreateGrant API reference: grant operations must be supported by the
key type; constraints (``EncryptionContextEquals`` / ``EncryptionContextSubset``)
are for symmetric encryption keys; a grant with the same Name and parameters
is returned again instead of duplicated (idempotent CreateGrant). A grant can
be retired by its retiring principal, by its grantee when it includes
RetireGrant, or by the key's account; revoked by a principal allowed
``kms:RevokeGrant`` on the key. Grants take effect immediately here (AWS's
eventual consistency and grant tokens' purpose are not modelled).
"""

from __future__ import annotations

from typing import Any

from iacsim.aws.arn import Arn
from iacsim.policy import GRANT_OPERATIONS
from iacsim.policy.kms_rules import operations_for_key
from iacsim.sim.client import operation
from iacsim.sim.errors import ValidationException
from iacsim.sim.kms.base import KmsClientBase, check_grant_tokens, dry_run
from iacsim.sim.kms.errors import (
    InvalidArnException,
    InvalidGrantTokenException,
    LimitExceededException,
    NotFoundException,
)
from iacsim.sim.kms.model import Grant, RegionalKey
from iacsim.sim.principal import Principal

MAX_GRANTS_PER_KEY = 50000
CONSTRAINT_TYPES = ("EncryptionContextEquals", "EncryptionContextSubset")


def _principal(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValidationException(f"{what} must be a string")
    try:
        Principal.parse(value)
    except ValueError:
        raise InvalidArnException(f"{what} {value!r} is not a valid principal ARN") from None
    return value


def _constraints(value: Any, key: RegionalKey) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not value:
        raise ValidationException("Constraints must be an object")
    if not key.core.symmetric:
        raise ValidationException("Grant constraints are supported only on symmetric encryption KMS keys")
    out: dict[str, dict[str, str]] = {}
    for name, context in value.items():
        if name not in CONSTRAINT_TYPES:
            raise ValidationException(f"Unknown grant constraint {name}")
        if not isinstance(context, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in context.items()):
            raise ValidationException(f"{name} must map strings to strings")
        out[name] = dict(context)
    if len(out) > 1:
        raise ValidationException("Specify EncryptionContextEquals or EncryptionContextSubset, not both")
    return out


class KmsGrantOps(KmsClientBase):
    @operation("CreateGrant")
    def create_grant(self, *, KeyId: str, GranteePrincipal: str, Operations: list[str],
                     RetiringPrincipal: str | None = None, Constraints: dict[str, dict[str, str]] | None = None,
                     GrantTokens: list[str] | None = None, Name: str | None = None,
                     DryRun: bool = False) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        key, backend, _ = self.resolve(KeyId, allow_alias=False)
        grantee = _principal(GranteePrincipal, "GranteePrincipal")
        retiring = _principal(RetiringPrincipal, "RetiringPrincipal") if RetiringPrincipal is not None else None
        if not isinstance(Operations, list) or not Operations:
            raise ValidationException("Operations must be a non-empty list")
        unknown = [op for op in Operations if op not in GRANT_OPERATIONS]
        if unknown:
            raise ValidationException(f"Unknown grant operation(s): {', '.join(map(str, unknown))}")
        supported = operations_for_key(key.core.spec, key.core.usage) or frozenset()
        unsupported = [op for op in Operations if op not in supported]
        if unsupported:
            raise ValidationException(f"{key.core.spec} {key.core.usage} keys do not support grant operation(s) "
                             f"{', '.join(unsupported)}")
        constraints = _constraints(Constraints, key)
        if Name is not None and (not isinstance(Name, str) or not 1 <= len(Name) <= 256):
            raise ValidationException("Name must be 1 to 256 characters")
        context: dict[str, str | list[str]] = {"kms:GrantOperations": list(Operations), "kms:GranteePrincipal": grantee}
        if retiring:
            context["kms:RetiringPrincipal"] = retiring
        if constraints:
            context["kms:GrantConstraintType"] = next(iter(constraints))
        self.authorize_key(key, "CreateGrant", context=context)
        # CreateGrant needs a usable key: Disabled -> DisabledException, PendingImport or
        # PendingDeletion -> KMSInvalidStateException (KDG key-state table).
        self.check_usable(key, backend)
        dry_run(DryRun)
        ops = tuple(dict.fromkeys(Operations))
        if Name is not None:
            for grant in key.grants.values():
                if (grant.name == Name and grant.grantee == grantee and grant.operations == ops
                        and grant.retiring == retiring and grant.constraints == constraints):
                    return {"GrantToken": grant.grant_token, "GrantId": grant.grant_id}
        if len(key.grants) >= MAX_GRANTS_PER_KEY:
            raise LimitExceededException(f"{key.arn} already has {MAX_GRANTS_PER_KEY} grants")
        grant = Grant(self.cloud.ids.hex(64), self.cloud.ids.hex(192), key.arn, grantee, ops, self.account,
                      backend.now(), retiring, constraints, Name)
        key.grants[grant.grant_id] = grant
        return {"GrantToken": grant.grant_token, "GrantId": grant.grant_id}

    @operation("ListGrants")
    def list_grants(self, *, KeyId: str, Limit: int = 100, Marker: str | None = None, GrantId: str | None = None,
                    GranteePrincipal: str | None = None) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "ListGrants")
        grants = [g for g in key.grants.values()
                  if (GrantId is None or g.grant_id == GrantId)
                  and (GranteePrincipal is None or g.grantee == GranteePrincipal)]
        start = int(Marker) if Marker and Marker.isdigit() else 0
        page = grants[start:start + Limit]
        out: dict[str, Any] = {"Grants": [g.shape(key.key_id) for g in page], "Truncated": start + Limit < len(grants)}
        if out["Truncated"]:
            out["NextMarker"] = str(start + Limit)
        return out

    @operation("ListRetirableGrants")
    def list_retirable_grants(self, *, RetiringPrincipal: str, Limit: int = 100,
                              Marker: str | None = None) -> dict[str, Any]:
        """Grants in this region (any account's keys) whose retiring principal is ``RetiringPrincipal``."""
        principal = _principal(RetiringPrincipal, "RetiringPrincipal")
        self.authorize_account("ListRetirableGrants")
        found: list[dict[str, Any]] = []
        for account in self.cloud.backends("kms"):
            backend = self.backend_for(account, self.region)
            for key in list(backend.keys.values()):
                if backend.refresh(key) is None:
                    continue
                found.extend(g.shape(key.key_id) for g in key.grants.values() if g.retiring == principal)
        start = int(Marker) if Marker and Marker.isdigit() else 0
        page = found[start:start + Limit]
        out: dict[str, Any] = {"Grants": page, "Truncated": start + Limit < len(found)}
        if out["Truncated"]:
            out["NextMarker"] = str(start + Limit)
        return out

    @operation("RevokeGrant")
    def revoke_grant(self, *, KeyId: str, GrantId: str, DryRun: bool = False) -> dict[str, Any]:
        key, _, _ = self.resolve(KeyId, allow_alias=False)
        self.authorize_key(key, "RevokeGrant")
        if GrantId not in key.grants:
            raise NotFoundException(f"Grant {GrantId} does not exist on {key.arn}")
        dry_run(DryRun)
        del key.grants[GrantId]
        return {}

    @operation("RetireGrant")
    def retire_grant(self, *, GrantToken: str | None = None, KeyId: str | None = None, GrantId: str | None = None,
                     DryRun: bool = False) -> dict[str, Any]:
        key, grant = self._find_grant(GrantToken, KeyId, GrantId)
        caller = self.caller.principal
        if not self._may_retire(caller, key, grant):
            # Anyone else needs kms:RetireGrant through the key policy / IAM.
            self.authorize_key(key, "RetireGrant")
        dry_run(DryRun)
        del key.grants[grant.grant_id]
        return {}

    def _find_grant(self, token: str | None, key_ref: str | None, grant_id: str | None) -> tuple[RegionalKey, Grant]:
        if token is not None:
            for backend in (self.backend_for(a, self.region) for a in self.cloud.backends("kms")):
                for key in backend.keys.values():
                    for grant in key.grants.values():
                        if grant.grant_token == token:
                            return key, grant
            raise InvalidGrantTokenException("The grant token is not valid")
        if key_ref is None or grant_id is None:
            raise ValidationException("Specify GrantToken, or both KeyId and GrantId")
        key, _, _ = self.resolve(key_ref, allow_alias=False)
        found = key.grants.get(grant_id)
        if found is None:
            raise NotFoundException(f"Grant {grant_id} does not exist on {key.arn}")
        return key, found

    @staticmethod
    def _may_retire(caller: Principal, key: RegionalKey, grant: Grant) -> bool:
        names = {caller.arn}
        if caller.kind == "assumed-role":
            names.add(str(Arn.iam_role(caller.partition, caller.account, caller.name)))
        if grant.retiring in names:
            return True
        return grant.grantee in names and "RetireGrant" in grant.operations
