"""Secrets Manager state for one account and region: secrets, versions (ciphertext only), policies.

A version holds the KMS-encrypted data key and the AES-256-GCM sealed value, never the plaintext;
values are excluded from every repr. Secret ARNs end in ``-`` + 6 random characters
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources);
seeding may reserve the ARN the code already uses (:meth:`SecretsManagerBackend.reserve_arn`).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.sim.errors import ResourceNotFoundException

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

_SUFFIX_ALPHABET = string.ascii_letters + string.digits


@dataclass
class SecretVersionRecord:
    """One version: which key sealed it, and the sealed bytes (never the value)."""

    version_id: str
    key_arn: str
    wrapped_key: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    sealed: bytes = field(repr=False)
    binary: bool
    created: datetime
    stages: list[str] = field(default_factory=list)


@dataclass
class SecretRecord:
    name: str
    arn: str
    key_id: str | None
    """The KmsKeyId as given (None: ``alias/aws/secretsmanager``)."""
    description: str
    created: datetime
    policy: dict[str, Any] | None = None
    primary_region: str | None = None
    """Set on a replica: the region of its primary."""
    replicas: dict[str, str | None] = field(default_factory=dict)
    """On a primary: replica region -> KmsKeyId as given."""
    replication_status: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Replica region -> (InSync | Failed | InProgress, message)."""
    versions: dict[str, SecretVersionRecord] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def by_stage(self, stage: str) -> SecretVersionRecord | None:
        return next((v for v in self.versions.values() if stage in v.stages), None)


class SecretsManagerBackend:
    """Secrets of one account and region."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.secrets: dict[str, SecretRecord] = {}
        self._reserved: dict[str, str] = {}

    def arn_prefix(self) -> str:
        return str(Arn.secret(self.cloud.partition, self.region, self.account, ""))

    def reserve_arn(self, name: str, arn: str) -> None:
        """Make the next CreateSecret of ``name`` get ``arn`` (the ARN the scanned code already names)."""
        if not arn.startswith(self.arn_prefix() + name + "-"):
            raise ValueError(f"{arn} is not an ARN for secret {name} in {self.account}/{self.region}")
        self._reserved[name] = arn

    def new_arn(self, name: str) -> str:
        reserved = self._reserved.pop(name, None)
        if reserved is not None:
            return reserved
        return self.arn_prefix() + name + "-" + self.cloud.ids.choice(_SUFFIX_ALPHABET, 6)

    def find(self, secret_id: str) -> SecretRecord | None:
        """By name, full ARN or partial ARN (the ARN without its random suffix)."""
        if secret_id in self.secrets:
            return self.secrets[secret_id]
        for record in self.secrets.values():
            if secret_id in (record.arn, record.arn[:-7]):
                return record
        return None

    def get(self, secret_id: str) -> SecretRecord:
        found = self.find(secret_id)
        if found is None:
            raise ResourceNotFoundException("Secrets Manager can't find the specified secret.")
        return found
