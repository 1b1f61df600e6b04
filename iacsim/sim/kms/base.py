"""Shared machinery of the KMS client: finding a key, authorizing, checking its state.

KeyId forms (KMS API reference, "KeyId" parameter): key id
(``1234abcd-...`` or ``mrk-...``), key ARN, alias name (``alias/x``), alias
ARN. Bare ids and alias names always mean the caller's own account and the
client's region; a key in another account must be named by key ARN or alias
ARN, and a key ARN of another region is not found in this one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.policy import Grant as PolicyGrant
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient
from iacsim.sim.errors import KMSInvalidStateException, ValidationException
from iacsim.sim.kms.backend import ALIAS_PREFIX, KmsBackend
from iacsim.sim.kms.errors import (
    DisabledException,
    DryRunOperationException,
    NotFoundException,
    UnsupportedOperationException,
)
from iacsim.sim.kms.model import RegionalKey
from iacsim.sim.kms.policy import AWS_MANAGED_SERVICES

if TYPE_CHECKING:
    from iacsim.sim.cloud import ServiceSpec

MAX_CONTEXT_BYTES = 8192

_AWS_ALIAS_PREFIX = "alias/aws/"


def _predefined_aws_alias(name: str) -> bool:
    """``alias/aws/<service>`` of a service whose AWS managed key the simulator can create."""
    return name.startswith(_AWS_ALIAS_PREFIX) and name.removeprefix(_AWS_ALIAS_PREFIX) in AWS_MANAGED_SERVICES


_SPEC: list[ServiceSpec[KmsBackend]] = []


def _kms_spec() -> ServiceSpec[KmsBackend]:
    # kms.py imports this module, so the spec is fetched once, lazily.
    if not _SPEC:
        from iacsim.sim.kms.client import KMS

        _SPEC.append(KMS)
    return _SPEC[0]


class KmsClientBase(BaseClient):
    service_name = "kms"

    # -- backends --------------------------------------------------------------
    @property
    def backend(self) -> KmsBackend:
        return self.backend_for(self.account, self.region)

    def backend_for(self, account: str, region: str) -> KmsBackend:
        return self.cloud.backend(_kms_spec(), account, region)

    # -- finding keys ----------------------------------------------------------
    def resolve(self, key_ref: Any, *, allow_alias: bool = True) -> tuple[RegionalKey, KmsBackend, str | None]:
        """Find the key ``key_ref`` names; returns (key, its backend, alias name used or None)."""
        if not isinstance(key_ref, str) or not key_ref:
            raise ValidationException("KeyId must be a non-empty string")
        account, region, name = self.account, self.region, key_ref
        if key_ref.startswith("arn:"):
            arn = Arn.parse(key_ref)
            if arn is None or arn.service != "kms" or not arn.account.isdigit():
                raise NotFoundException(f"Invalid arn {key_ref}")
            if arn.partition != self.cloud.partition or arn.region != self.region:
                raise NotFoundException(f"Invalid arn {arn.region}: the key is not in region {self.region}")
            account, region, name = arn.account, arn.region, arn.resource
            if not (name.startswith("key/") or name.startswith(ALIAS_PREFIX)):
                raise NotFoundException(f"Invalid arn {key_ref}")
            name = name.removeprefix("key/")
        backend = self.backend_for(account, region)
        alias_used: str | None = None
        if name.startswith(ALIAS_PREFIX):
            if not allow_alias:
                raise NotFoundException(f"Alias {name} cannot be used here: specify the key id or key ARN")
            alias = backend.alias(name)
            if alias is None and account == self.account and _predefined_aws_alias(name):
                # "If you specify a predefined AWS alias (an AWS alias with no key ID), KMS associates the
                # alias with an AWS managed key" (DescribeKey, KeyId): the key is created on first use, so
                # naming alias/aws/<service> before anything used it is not an error (docs/aws-behaviour.md §7).
                from iacsim.sim.kms.managed import aws_managed_key

                aws_managed_key(self.cloud, account, region, name.removeprefix(_AWS_ALIAS_PREFIX))
                alias = backend.alias(name)
            if alias is None:
                raise NotFoundException(f"Alias {backend.alias_arn(name)} is not found.")
            alias_used = name
            name = alias.target_key_id
        key = backend.get(name)
        if key is None:
            raise NotFoundException(f"Key '{backend.key_arn(name)}' does not exist")
        return key, backend, alias_used

    # -- authorization ---------------------------------------------------------
    def authorize_key(
        self,
        key: RegionalKey,
        operation: str,
        *,
        encryption_context: Mapping[str, str] | None = None,
        context: Mapping[str, str | Sequence[str]] | None = None,
        alias_used: str | None = None,
    ) -> None:
        """Authorize ``kms:<operation>`` on ``key`` with its key policy, grants and the request context."""
        extra: dict[str, str | Sequence[str]] = dict(context) if context else {}
        if alias_used is not None:
            extra["kms:RequestAlias"] = alias_used
        require(
            self.cloud,
            self.caller,
            f"kms:{operation}",
            key.arn,
            resource_account=key.account,
            resource_policy=key.policy,
            resource_policy_name="key policy",
            grants=policy_grants(key),
            encryption_context=encryption_context,
            key_spec=key.core.spec,
            key_usage=key.core.usage,
            key_manager=key.key_manager,
            # The stored AWS-managed key policy already limits use to the service
            # (kms:ViaService) and allows direct metadata reads (DescribeKey...), as AWS
            # does; naming the service here would make the evaluator refuse those reads.
            aws_managed_key_service=None,
            context=extra or None,
            region=self.region,
        )

    def authorize_account(self, operation: str, resource: str = "*",
                          context: Mapping[str, str | Sequence[str]] | None = None) -> None:
        """Authorize an operation that has no key (CreateKey, ListKeys, GenerateRandom...): IAM only."""
        require(self.cloud, self.caller, f"kms:{operation}", resource, resource_account=self.account,
                context=context, region=self.region)

    # -- key state ---------------------------------------------------------------
    def check_usable(self, key: RegionalKey, backend: KmsBackend) -> None:
        """Raise the exception AWS raises for cryptographic use of a key in its current state."""
        state = backend.effective_state(key)
        if state == "Enabled":
            return
        if state == "Disabled":
            raise DisabledException(f"{key.arn} is disabled.")
        described = {
            "PendingDeletion": "pending deletion",
            "PendingReplicaDeletion": "pending replica deletion",
            "PendingImport": "pending import",
            "Creating": "being created",
        }.get(state, state)
        raise KMSInvalidStateException(f"{key.arn} is {described}.")

    def check_not_deleting(self, key: RegionalKey, backend: KmsBackend) -> None:
        """Management operations refused while a key waits for deletion."""
        state = backend.effective_state(key)
        if state in ("PendingDeletion", "PendingReplicaDeletion"):
            raise KMSInvalidStateException(f"{key.arn} is pending deletion.")

    def check_not_pending_import(self, key: RegionalKey, backend: KmsBackend) -> None:
        """Enable/DisableKey refuse a key without key material (KDG key-state table, footnote [5])."""
        if backend.effective_state(key) == "PendingImport":
            raise KMSInvalidStateException(f"{key.arn} is pending import.")

    def check_customer_managed(self, key: RegionalKey, operation: str) -> None:
        """AWS managed keys' policy, state, rotation and deletion cannot be changed."""
        if key.key_manager == "AWS":
            raise UnsupportedOperationException(
                f"{operation} is not supported on AWS managed key {key.arn}",
            )


def policy_grants(key: RegionalKey) -> tuple[PolicyGrant, ...]:
    """The key's grants in the evaluator's form (rebuilt only when the grants change)."""
    if not key.grants:
        return ()
    version = tuple(key.grants)
    cached = key.grants_view
    if cached is not None and cached[0] == version:
        return cached[1]
    view = tuple(
        PolicyGrant(grantee_principal=g.grantee, operations=g.operations, constraints=g.constraints,
                    retiring_principal=g.retiring, grant_id=g.grant_id, name=g.name)
        for g in key.grants.values()
    )
    key.grants_view = (version, view)
    return view


def check_encryption_context(context: Any) -> dict[str, str] | None:
    """Validate an EncryptionContext parameter (string keys and values, ≤ 8 KB)."""
    if context is None:
        return None
    if not isinstance(context, Mapping):
        raise ValidationException("EncryptionContext must be a map of strings")
    chars = 0
    for k, v in context.items():
        if type(k) is not str or type(v) is not str:
            raise ValidationException("EncryptionContext keys and values must be strings")
        chars += len(k) + len(v)
    # A UTF-8 character is at most 4 bytes: only long contexts need the exact byte count.
    if chars * 4 > MAX_CONTEXT_BYTES and sum(len(k.encode()) + len(v.encode())
                                             for k, v in context.items()) > MAX_CONTEXT_BYTES:
        raise ValidationException(f"EncryptionContext exceeds {MAX_CONTEXT_BYTES} bytes")
    return dict(context)


def check_grant_tokens(tokens: Any) -> None:
    """GrantTokens are accepted and validated; grants take effect immediately in the simulator
    (AWS's eventual consistency is not modelled), so tokens change nothing."""
    if tokens is None:
        return
    if not isinstance(tokens, list) or len(tokens) > 10 or not all(isinstance(t, str) and t for t in tokens):
        raise ValidationException("GrantTokens must be a list of at most 10 non-empty strings")


def check_bytes(value: Any, name: str, low: int, high: int) -> bytes:
    """A blob parameter with AWS's length constraint (ValidationException otherwise)."""
    if isinstance(value, str):
        value = value.encode("utf-8")  # boto3 accepts str for blob parameters and encodes it
    if not isinstance(value, bytes | bytearray):
        raise ValidationException(f"{name} must be bytes")
    if len(value) < low:
        raise ValidationException(f"1 validation error detected: Value at '{name[0].lower() + name[1:]}' failed to satisfy "
                         f"constraint: Member must have length greater than or equal to {low}")
    if len(value) > high:
        raise ValidationException(f"1 validation error detected: Value at '{name[0].lower() + name[1:]}' failed to satisfy "
                         f"constraint: Member must have length less than or equal to {high}")
    return bytes(value)


def dry_run(flag: Any) -> None:
    """DryRun=True: the call was authorized and valid; AWS answers with DryRunOperationException."""
    if flag:
        raise DryRunOperationException("The request would have succeeded, but the DryRun option is set.")
