"""The simulated AWS Secrets Manager client (boto3 ``secretsmanager``).

Operations: CreateSecret, PutSecretValue, GetSecretValue, DescribeSecret, ReplicateSecretToRegions,
PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy. Every call is authorized
(``secretsmanager:<Operation>`` on the secret ARN) with the secret's resource policy.

Encryption follows "Secret encryption and decryption in AWS Secrets Manager"
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html): envelope
encryption, a new data key per secret value from ``kms:GenerateDataKey`` (AES_256), decrypted with
``kms:Decrypt``, both as the calling principal with ``kms:ViaService =
secretsmanager.<region>.amazonaws.com`` and the encryption context ``{"SecretARN": <arn>,
"SecretVersionId": <version id>}``; only symmetric encryption keys; default key
``aws/secretsmanager``. Cross-account reads ("Access AWS Secrets Manager secrets from a different
account", .../auth-and-access_examples_cross.html) need the secret ARN, a resource policy on the
secret, and a customer managed key whose policy admits the reader (``aws/secretsmanager`` can only
be used by its own account: its key policy requires ``kms:CallerAccount``). Replicas ("Replicate
secrets across Regions", .../create-manage-multi-region-secrets.html) are re-encrypted in each
replica region with that region's key; a key from another region fails the replication.
"""

from __future__ import annotations

import json
import os
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.errors import (
    AccessDeniedException,
    AwsError,
    ClientError,
    CodedError,
    InvalidParameterException,
    MalformedPolicyDocumentException,
    ResourceNotFoundException,
)
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.secretsmanager.backend import SecretRecord, SecretsManagerBackend, SecretVersionRecord
from iacsim.sim.secretsmanager.errors import (
    DecryptionFailure,
    EncryptionFailure,
    InvalidRequestException,
    PublicPolicyException,
    ResourceExistsException,
)

DEFAULT_KEY: Final = "alias/aws/secretsmanager"
CURRENT: Final = "AWSCURRENT"
PREVIOUS: Final = "AWSPREVIOUS"


def encryption_context(arn: str, version_id: str) -> dict[str, str]:
    """The context Secrets Manager uses for every data key of a secret version."""
    return {"SecretARN": arn, "SecretVersionId": version_id}


def _kms_failure(error: ClientError, decrypting: bool) -> CodedError:
    """A KMS denial surfaces as AccessDeniedException ("Access to KMS is not allowed"); anything else
    (disabled, missing or asymmetric key) as EncryptionFailure / DecryptionFailure, KMS's code in the message."""
    code = error.response["Error"]["Code"]
    message = error.response["Error"]["Message"]
    if code == "AccessDeniedException":
        return AccessDeniedException(f"Access to KMS is not allowed: {message}")
    if decrypting:
        return DecryptionFailure(f"Secrets Manager can't decrypt the protected secret text using the "
                                 f"provided KMS key. (KMS: {code}: {message})")
    return EncryptionFailure(f"Secrets Manager can't encrypt the protected secret text using the "
                             f"provided KMS key. Check that the KMS key is available, enabled, and not "
                             f"in an invalid state. (KMS: {code}: {message})")


def _arn_region_account(arn: str) -> tuple[str, str] | None:
    parsed = Arn.parse(arn)
    if parsed is not None and parsed.service == "secretsmanager" and ":" in parsed.resource:
        return parsed.region, parsed.account
    return None


class SecretsManagerClient(BaseClient):
    service_name = "secretsmanager"

    # -- lookup ---------------------------------------------------------------------
    def _backend(self, account: str | None = None, region: str | None = None) -> SecretsManagerBackend:
        return self.cloud.backend(SECRETSMANAGER, account or self.account, region or self.region)

    def _locate(self, secret_id: str) -> tuple[SecretsManagerBackend, SecretRecord]:
        """The secret a SecretId names: another account's secret only by ARN (AWS requires it)."""
        where = _arn_region_account(secret_id)
        if where is not None:
            region, account = where
            if region != self.region:
                raise ResourceNotFoundException("Secrets Manager can't find the specified secret.")
            backend = self._backend(account, region)
        else:
            backend = self._backend()
        return backend, backend.get(secret_id)

    def _authorize(self, action: str, record: SecretRecord, backend: SecretsManagerBackend) -> None:
        require(self.cloud, self.caller, f"secretsmanager:{action}", record.arn, resource_account=backend.account,
                resource_policy=record.policy, resource_policy_name="secret resource policy", region=self.region)

    # -- crypto -----------------------------------------------------------------------
    def _kms(self, region: str) -> Any:
        return self.cloud.via("secretsmanager", "kms", region, self.caller)

    def _key_for(self, key_id: str | None, account: str, region: str) -> str:
        if key_id is None:
            # The AWS managed key exists from Secrets Manager's first use of it in the account+region.
            return aws_managed_key(self.cloud, account, region, "secretsmanager")
        return key_id

    def _seal(self, record: SecretRecord, account: str, region: str, key_id: str | None, version_id: str,
              value: bytes, binary: bool, stages: list[str]) -> SecretVersionRecord:
        key = self._key_for(key_id, account, region)
        context = encryption_context(record.arn, version_id)
        try:
            data_key = self._kms(region).generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=context)
        except ClientError as error:
            raise _kms_failure(error, decrypting=False) from None
        nonce = os.urandom(12)
        sealed = AESGCM(data_key["Plaintext"]).encrypt(nonce, value, json.dumps(context, sort_keys=True).encode())
        return SecretVersionRecord(version_id, data_key["KeyId"], data_key["CiphertextBlob"], nonce, sealed, binary,
                                   self.cloud.clock.now(), list(stages))

    def _open(self, record: SecretRecord, version: SecretVersionRecord, region: str) -> bytes:
        context = encryption_context(record.arn, version.version_id)
        try:
            data_key = self._kms(region).decrypt(CiphertextBlob=version.wrapped_key, EncryptionContext=context)
        except ClientError as error:
            raise _kms_failure(error, decrypting=True) from None
        try:
            plaintext: bytes = AESGCM(data_key["Plaintext"]).decrypt(
                version.nonce, version.sealed, json.dumps(context, sort_keys=True).encode())
        except InvalidTag:
            raise DecryptionFailure("The secret value could not be decrypted.") from None
        return plaintext

    def _store(self, backend: SecretsManagerBackend, record: SecretRecord, value: bytes, binary: bool,
               version_id: str, stages: list[str]) -> None:
        """Write a new version in the primary region and in every replica region (each with its own key)."""
        version = self._seal(record, backend.account, backend.region, record.key_id, version_id, value, binary, stages)
        for stage in stages:
            for other in record.versions.values():
                if stage in other.stages:
                    other.stages.remove(stage)
                    if stage == CURRENT:
                        for old in record.versions.values():
                            if PREVIOUS in old.stages:
                                old.stages.remove(PREVIOUS)
                        other.stages.append(PREVIOUS)
        record.versions[version_id] = version
        for region in list(record.replicas):
            self._replicate_version(backend, record, region, version_id, value, binary, stages)

    def _replicate_version(self, backend: SecretsManagerBackend, record: SecretRecord, region: str, version_id: str,
                           value: bytes, binary: bool, stages: list[str]) -> None:
        replica_backend = self._backend(backend.account, region)
        replica = replica_backend.find(record.name)
        if replica is None:
            return
        try:
            sealed = self._seal(replica, backend.account, region, record.replicas[region], version_id, value,
                                binary, stages)
        except AwsError as error:
            record.replication_status[region] = ("Failed", f"{error.code}: {error.message}")
            return
        for other in replica.versions.values():
            for stage in stages:
                if stage in other.stages:
                    other.stages.remove(stage)
        replica.versions[version_id] = sealed
        record.replication_status[region] = ("InSync", "Replication succeeded")

    # -- operations ---------------------------------------------------------------------
    @operation("CreateSecret", record=("Name", "KmsKeyId", "AddReplicaRegions"))
    def create_secret(self, *, Name: str, KmsKeyId: str | None = None, SecretString: str | None = None,
                      SecretBinary: bytes | None = None, Description: str | None = None,
                      ClientRequestToken: str | None = None, Tags: list[dict[str, str]] | None = None,
                      AddReplicaRegions: list[dict[str, str]] | None = None,
                      ForceOverwriteReplicaSecret: bool = False) -> dict[str, Any]:
        """CreateSecret (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html)."""
        if SecretString is not None and SecretBinary is not None:
            raise InvalidParameterException("You can't specify both a binary secret value and a "
                                            "string secret value in the same secret.")
        backend = self._backend()
        if backend.find(Name) is not None:
            raise ResourceExistsException(f"The operation failed because the secret {Name} already exists.")
        arn = backend.new_arn(Name)
        require(self.cloud, self.caller, "secretsmanager:CreateSecret", arn, resource_account=backend.account,
                region=self.region)
        record = SecretRecord(Name, arn, KmsKeyId or None, Description or "", self.cloud.clock.now(),
                              tags={t["Key"]: t["Value"] for t in Tags or []})
        response: dict[str, Any] = {"ARN": arn, "Name": Name}
        if SecretString is not None or SecretBinary is not None:
            value = SecretString.encode() if SecretString is not None else bytes(SecretBinary or b"")
            version_id = ClientRequestToken or self.cloud.ids.uuid()
            # Nothing is stored when the first value cannot be encrypted: the create fails as a whole.
            record.versions[version_id] = self._seal(record, backend.account, self.region, record.key_id,
                                                     version_id, value, SecretBinary is not None, [CURRENT])
            response["VersionId"] = version_id
        backend.secrets[Name] = record
        if AddReplicaRegions:
            response["ReplicationStatus"] = self._replicate(backend, record, AddReplicaRegions)
        return response

    @operation("PutSecretValue", record=("SecretId", "VersionStages"))
    def put_secret_value(self, *, SecretId: str, SecretString: str | None = None, SecretBinary: bytes | None = None,
                         ClientRequestToken: str | None = None,
                         VersionStages: list[str] | None = None) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("PutSecretValue", record, backend)
        if record.primary_region is not None:
            raise InvalidRequestException("You can't update a replica secret; update its primary.")
        if (SecretString is None) == (SecretBinary is None):
            raise InvalidParameterException("You must provide either SecretString or SecretBinary.")
        value = SecretString.encode() if SecretString is not None else bytes(SecretBinary or b"")
        version_id = ClientRequestToken or self.cloud.ids.uuid()
        stages = list(VersionStages or [CURRENT])
        self._store(backend, record, value, SecretBinary is not None, version_id, stages)
        return {"ARN": record.arn, "Name": record.name, "VersionId": version_id, "VersionStages": stages}

    @operation("GetSecretValue", record=("SecretId", "VersionId", "VersionStage"))
    def get_secret_value(self, *, SecretId: str, VersionId: str | None = None,
                         VersionStage: str | None = None) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("GetSecretValue", record, backend)
        if VersionId is not None:
            version = record.versions.get(VersionId)
        else:
            version = record.by_stage(VersionStage or CURRENT)
        if version is None:
            raise ResourceNotFoundException(
                "Secrets Manager can't find the specified secret value for staging label: "
                f"{VersionStage or CURRENT}")
        plaintext = self._open(record, version, self.region)
        out: dict[str, Any] = {"ARN": record.arn, "Name": record.name, "VersionId": version.version_id,
                               "VersionStages": list(version.stages), "CreatedDate": version.created}
        if version.binary:
            out["SecretBinary"] = plaintext
        else:
            out["SecretString"] = plaintext.decode()
        return out

    @operation("DescribeSecret", record=("SecretId",))
    def describe_secret(self, *, SecretId: str) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("DescribeSecret", record, backend)
        out: dict[str, Any] = {"ARN": record.arn, "Name": record.name, "CreatedDate": record.created,
                               "VersionIdsToStages": {v.version_id: list(v.stages) for v in record.versions.values()}}
        if record.key_id is not None:
            out["KmsKeyId"] = record.key_id
        if record.description:
            out["Description"] = record.description
        if record.primary_region is not None:
            out["PrimaryRegion"] = record.primary_region
        if record.replicas:
            out["ReplicationStatus"] = self._status(record)
        return out

    def _status(self, record: SecretRecord) -> list[dict[str, Any]]:
        out = []
        for region, key in record.replicas.items():
            status, message = record.replication_status.get(region, ("InProgress", ""))
            entry = {"Region": region, "Status": status, "StatusMessage": message}
            if key is not None:
                entry["KmsKeyId"] = key
            out.append(entry)
        return out

    def _replicate(self, backend: SecretsManagerBackend, record: SecretRecord,
                   regions: list[dict[str, str]]) -> list[dict[str, Any]]:
        current = record.by_stage(CURRENT)
        value = self._open(record, current, backend.region) if current is not None else None
        for entry in regions:
            region = entry["Region"]
            if region == backend.region or region in record.replicas:
                raise InvalidParameterException(f"The secret is already replicated to {region}.")
            key = entry.get("KmsKeyId") or None
            record.replicas[region] = key
            replica_backend = self._backend(backend.account, region)
            if replica_backend.find(record.name) is not None:
                record.replication_status[region] = (
                    "Failed", "Replication failed: A secret with the same name already exists in this region.")
                continue
            arn = record.arn.replace(f":{backend.region}:", f":{region}:", 1)
            replica = SecretRecord(record.name, arn, key, record.description, self.cloud.clock.now(),
                                   primary_region=backend.region)
            replica_backend.secrets[record.name] = replica
            record.replication_status[region] = ("InSync", "Replication succeeded")
            if current is not None and value is not None:
                self._replicate_version(backend, record, region, current.version_id, value, current.binary,
                                        list(current.stages))
            if record.replication_status[region][0] == "Failed":
                # AWS keeps no usable replica when the first copy cannot be encrypted.
                del replica_backend.secrets[record.name]
        return [s for s in self._status(record) if s["Region"] in {e["Region"] for e in regions}]

    @operation("ReplicateSecretToRegions", record=("SecretId", "AddReplicaRegions"))
    def replicate_secret_to_regions(self, *, SecretId: str, AddReplicaRegions: list[dict[str, str]],
                                    ForceOverwriteReplicaSecret: bool = False) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("ReplicateSecretToRegions", record, backend)
        if record.primary_region is not None:
            raise InvalidRequestException("You can't replicate a replica secret.")
        return {"ARN": record.arn, "ReplicationStatus": self._replicate(backend, record, AddReplicaRegions)}

    @operation("PutResourcePolicy", record=("SecretId", "BlockPublicPolicy"))
    def put_resource_policy(self, *, SecretId: str, ResourcePolicy: str,
                            BlockPublicPolicy: bool = False) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("PutResourcePolicy", record, backend)
        try:
            document = json.loads(ResourcePolicy)
        except json.JSONDecodeError:
            raise MalformedPolicyDocumentException("This resource policy contains a syntax error.") from None
        if not isinstance(document, dict) or "Statement" not in document:
            raise MalformedPolicyDocumentException("This resource policy contains an unsupported element.")
        if BlockPublicPolicy and broad_access(document):
            raise PublicPolicyException(
                "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent "
                "broad access to the secret.")
        record.policy = document
        return {"ARN": record.arn, "Name": record.name}

    @operation("GetResourcePolicy", record=("SecretId",))
    def get_resource_policy(self, *, SecretId: str) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("GetResourcePolicy", record, backend)
        out: dict[str, Any] = {"ARN": record.arn, "Name": record.name}
        if record.policy is not None:
            out["ResourcePolicy"] = json.dumps(record.policy)
        return out

    @operation("DeleteResourcePolicy", record=("SecretId",))
    def delete_resource_policy(self, *, SecretId: str) -> dict[str, Any]:
        backend, record = self._locate(SecretId)
        self._authorize("DeleteResourcePolicy", record, backend)
        record.policy = None
        return {"ARN": record.arn, "Name": record.name}


def broad_access(document: dict[str, Any]) -> bool:
    """An Allow statement to every principal (``"*"`` / ``{"AWS": "*"}``) without any condition.

    "Block public access to secrets" (BlockPublicPolicy) refuses such policies; the real check
    (Zelkova) is broader, so this is the certain subset.
    """
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    for st in statements if isinstance(statements, list) else []:
        if not isinstance(st, dict) or st.get("Effect") != "Allow" or st.get("Condition"):
            continue
        principal = st.get("Principal")
        values = principal.get("AWS") if isinstance(principal, dict) else principal
        values = values if isinstance(values, list) else [values]
        if "*" in values:
            return True
    return False


def _backend(cloud: Any, account: str, region: str) -> SecretsManagerBackend:
    return SecretsManagerBackend(cloud, account, region)


SECRETSMANAGER: ServiceSpec[SecretsManagerBackend] = register_service(
    ServiceSpec("secretsmanager", _backend, SecretsManagerClient))
