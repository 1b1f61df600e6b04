"""KMS aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases.

API reference (CreateAlias, UpdateAlias): an alias name is ``alias/`` plus
1–256 characters of ``[a-zA-Z0-9:/_-]``; ``alias/aws/`` is reserved for AWS
managed keys; an alias is unique per account and region and points to one
customer managed key of the same account and region; UpdateAlias may only
move it to a key of the same type and key usage (docs/aws-behaviour.md §7).
Authorization: the caller needs ``kms:CreateAlias`` (or Update/Delete) on the
alias (IAM policy) and on the key (key policy) — KDG "Controlling access to aliases".
"""

from __future__ import annotations

import re
from typing import Any

from iacsim.sim.client import operation
from iacsim.sim.errors import ValidationException
from iacsim.sim.kms.backend import Alias
from iacsim.sim.kms.base import KmsClientBase
from iacsim.sim.kms.errors import AlreadyExistsException, NotAuthorizedException, NotFoundException
from iacsim.sim.kms.model import RegionalKey

_ALIAS = re.compile(r"^alias/[a-zA-Z0-9:/_-]{1,250}$")
RESERVED_PREFIX = "alias/aws/"


def key_type(key: RegionalKey) -> str:
    spec = key.core.spec
    if spec == "SYMMETRIC_DEFAULT":
        return "symmetric"
    if spec.startswith("HMAC_"):
        return "HMAC"
    return "asymmetric"


class KmsAliasOps(KmsClientBase):
    def _check_alias_name(self, name: Any) -> str:
        if not isinstance(name, str) or len(name) > 256 or not _ALIAS.match(name):
            raise ValidationException(f"Alias name {name!r} must be alias/ followed by letters, digits, :/_-")
        return name

    def _customer_alias_name(self, name: Any) -> str:
        """A valid alias name outside ``alias/aws/``: AWS managed aliases cannot be created, changed or deleted."""
        checked = self._check_alias_name(name)
        if checked.startswith(RESERVED_PREFIX):
            raise NotAuthorizedException(f"Alias names beginning with {RESERVED_PREFIX} are reserved")
        return checked

    def _existing_alias(self, name: str) -> Alias:
        alias = self.backend.alias(name)
        if alias is None:
            raise NotFoundException(f"Alias {self.backend.alias_arn(name)} is not found.")
        return alias

    def _alias_target(self, target: str, alias_arn: str, operation_name: str) -> RegionalKey:
        key, backend, _ = self.resolve(target, allow_alias=False)
        if key.account != self.account:
            raise NotFoundException(f"Key '{key.arn}' does not exist (an alias must point to a key in its own account)")
        self.authorize_account(operation_name, alias_arn)
        self.authorize_key(key, operation_name)
        if key.key_manager == "AWS":
            raise NotAuthorizedException(f"{key.arn} is an AWS managed key; its alias is managed by AWS")
        self.check_not_deleting(key, backend)
        return key

    @operation("CreateAlias")
    def create_alias(self, *, AliasName: str, TargetKeyId: str) -> dict[str, Any]:
        name = self._customer_alias_name(AliasName)
        backend = self.backend
        key = self._alias_target(TargetKeyId, backend.alias_arn(name), "CreateAlias")
        if backend.alias(name) is not None:
            raise AlreadyExistsException(f"An alias with the name {backend.alias_arn(name)} already exists")
        now = backend.now()
        backend.aliases[name] = Alias(name, backend.alias_arn(name), key.key_id, now, now)
        return {}

    @operation("UpdateAlias")
    def update_alias(self, *, AliasName: str, TargetKeyId: str) -> dict[str, Any]:
        name = self._customer_alias_name(AliasName)
        backend = self.backend
        alias = self._existing_alias(name)
        new_key = self._alias_target(TargetKeyId, alias.arn, "UpdateAlias")
        old_key = backend.get(alias.target_key_id)
        if old_key is not None:
            self.authorize_key(old_key, "UpdateAlias")
            if key_type(old_key) != key_type(new_key) or old_key.core.usage != new_key.core.usage:
                raise ValidationException(
                    f"{name} points to a {key_type(old_key)} {old_key.core.usage} key; the new key must have the "
                    f"same type and key usage (it is {key_type(new_key)} {new_key.core.usage})"
                )
        alias.target_key_id = new_key.key_id
        alias.updated = backend.now()
        return {}

    @operation("DeleteAlias")
    def delete_alias(self, *, AliasName: str) -> dict[str, Any]:
        name = self._customer_alias_name(AliasName)
        backend = self.backend
        alias = self._existing_alias(name)
        self.authorize_account("DeleteAlias", alias.arn)
        key = backend.get(alias.target_key_id)
        if key is not None:
            self.authorize_key(key, "DeleteAlias")
        del backend.aliases[name]
        return {}

    @operation("ListAliases")
    def list_aliases(self, *, KeyId: str | None = None, Limit: int = 100, Marker: str | None = None) -> dict[str, Any]:
        backend = self.backend
        target: str | None = None
        if KeyId is not None:
            key, _, _ = self.resolve(KeyId, allow_alias=False)
            self.authorize_key(key, "ListAliases")
            target = key.key_id
        else:
            self.authorize_account("ListAliases")
        if not isinstance(Limit, int) or not 1 <= Limit <= 100:
            raise ValidationException("Limit must be between 1 and 100")
        aliases = [a for a in sorted(backend.aliases) if backend.alias(a) is not None]
        entries = [
            {"AliasName": a.name, "AliasArn": a.arn, "TargetKeyId": a.target_key_id,
             "CreationDate": a.created, "LastUpdatedDate": a.updated}
            for a in (backend.aliases[n] for n in aliases)
            if target is None or a.target_key_id == target
        ]
        start = int(Marker) if Marker and Marker.isdigit() else 0
        page = entries[start:start + Limit]
        out: dict[str, Any] = {"Aliases": page, "Truncated": start + Limit < len(entries)}
        if out["Truncated"]:
            out["NextMarker"] = str(start + Limit)
        return out
