"""KMS as a storage service uses it when it creates an encrypted resource for a principal.

Shared by the simulated RDS, DynamoDB and EFS (the services whose KMS use is the same shape): each call
is made as the requesting principal through ``<service>.<region>.amazonaws.com`` (what
``kms:ViaService`` sees) and recorded as a :class:`~iacsim.sim.trace.TraceStep` with the audit events
it made, so a refused creation says which permission on which key was missing.

* RDS — Amazon RDS User Guide "AWS KMS key management" → "Authorizing use of a customer managed key"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html): the user
  creating the resource needs ``kms:CreateGrant`` and ``kms:DescribeKey`` (optionally limited with
  ``kms:ViaService = rds.<region>.amazonaws.com``); RDS then works under the grant.
* DynamoDB — KMS Developer Guide "How Amazon DynamoDB uses AWS KMS"
  (https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html): on behalf of the
  principal, DynamoDB calls DescribeKey, CreateGrant, GenerateDataKey (the table key) and Decrypt with
  the encryption context ``aws:dynamodb:tableName`` / ``aws:dynamodb:subscriberId``.
* EFS — Amazon EFS User Guide "Amazon EFS key policies for AWS KMS"
  (https://docs.aws.amazon.com/efs/latest/ug/EFSKMSManagedKeyPolicy.html): the principal needs
  kms:Encrypt, Decrypt, ReEncrypt, GenerateDataKeyWithoutPlaintext, CreateGrant and DescribeKey.

All three support symmetric encryption keys only, in the resource's own Region (a key ARN of another
Region is a key KMS does not find there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.principal import Caller, Principal
from iacsim.sim.trace import KmsSteps, TraceStep

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


@dataclass(frozen=True)
class SealedKey:
    """A data key as the service keeps it: KMS ciphertext and the context it is bound to (never plaintext)."""

    key_arn: str
    blob: bytes = field(repr=False)
    context: dict[str, str]


@dataclass
class ServiceKms(KmsSteps):
    """KMS used by ``service`` (``rds``, ``dynamodb``, ``elasticfilesystem``) for one request in ``region``."""

    cloud: Cloud
    service: str
    caller: Caller
    region: str
    steps: list[TraceStep] = field(default_factory=list)

    def _client(self, grant: bool = False) -> Any:
        caller = Caller(self.caller.principal, grant_is_for_aws_resource=True) if grant else self.caller
        return self.cloud.via(self.service, "kms", self.region, caller)

    @property
    def host(self) -> str:
        return f"{self.service}.{self.region}.amazonaws.com"

    def key_for(self, requested: str | None, managed_alias: str) -> str:
        """The key the service uses: the requested one, else its AWS managed key in this account+Region."""
        if requested is not None:
            return requested
        return aws_managed_key(self.cloud, self.caller.principal.account, self.region, managed_alias)

    def describe(self, key_id: str) -> str:
        """kms:DescribeKey → the key ARN; refuses keys that are not symmetric encryption keys."""
        kms = self._client()
        response = self._call("kms:DescribeKey", key_id, lambda: kms.describe_key(KeyId=key_id),
                              f"{self.service} looks up the key")
        metadata = response["KeyMetadata"]
        if metadata.get("KeySpec") != "SYMMETRIC_DEFAULT" or metadata.get("KeyUsage") != "ENCRYPT_DECRYPT":
            self._fail("kms:DescribeKey", metadata["Arn"],
                       f"{self.service} supports symmetric encryption KMS keys only", "InvalidKeyUsageException")
        if metadata.get("KeyState") != "Enabled":
            self._fail("kms:DescribeKey", metadata["Arn"], f"the key is {metadata.get('KeyState')}",
                       "KMSInvalidStateException")
        arn: str = metadata["Arn"]
        return arn

    def grant(self, key_arn: str, operations: list[str]) -> str:
        """kms:CreateGrant for the service's own resource (``kms:GrantIsForAWSResource``), granted to the
        service principal of this Region; returns the grant token."""
        kms = self._client(grant=True)
        response = self._call(
            "kms:CreateGrant", key_arn,
            lambda: kms.create_grant(KeyId=key_arn, GranteePrincipal=self.host, RetiringPrincipal=self.host,
                                     Operations=operations),
            f"{self.service} creates a grant for its own resource (kms:GrantIsForAWSResource = true)")
        token: str = response["GrantToken"]
        return token

    def data_key(self, key_arn: str, context: dict[str, str], *, plaintext: bool, purpose: str) -> SealedKey:
        """A new data key sealed under ``key_arn`` (GenerateDataKey or GenerateDataKeyWithoutPlaintext);
        the plaintext, when KMS returns it, is dropped at once (the simulation stores no secrets)."""
        kms = self._client()
        if plaintext:
            response = self._call("kms:GenerateDataKey", key_arn, lambda: kms.generate_data_key(
                KeyId=key_arn, KeySpec="AES_256", EncryptionContext=context), purpose)
        else:
            response = self._call("kms:GenerateDataKeyWithoutPlaintext", key_arn,
                                  lambda: kms.generate_data_key_without_plaintext(
                                      KeyId=key_arn, KeySpec="AES_256", EncryptionContext=context), purpose)
        return SealedKey(response["KeyId"], response["CiphertextBlob"], dict(context))

    def data_key_under_grant(self, key_arn: str, token: str, purpose: str) -> SealedKey:
        """The service, as the grantee of the grant it just created, seals a new data key.

        RDS documents no encryption context for its data keys, so none is used."""
        kms = self.cloud.client_for("kms", self.region, Caller(Principal.service(self.host)))
        response = self._call("kms:GenerateDataKeyWithoutPlaintext", key_arn,
                              lambda: kms.generate_data_key_without_plaintext(
                                  KeyId=key_arn, KeySpec="AES_256", GrantTokens=[token]), purpose, self.host)
        return SealedKey(response["KeyId"], response["CiphertextBlob"], {})

    def decrypt(self, sealed: SealedKey, purpose: str) -> None:
        kms = self._client()
        self._call("kms:Decrypt", sealed.key_arn, lambda: kms.decrypt(
            CiphertextBlob=sealed.blob, EncryptionContext=sealed.context), purpose)
