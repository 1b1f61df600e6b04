"""The simulated Amazon EFS client (boto3 ``efs``): file systems encrypted at rest.

Operations: CreateFileSystem, DescribeFileSystems, plus ``kms_steps()`` (not boto3).

Sources: Amazon EFS User Guide "Encrypting data at rest"
(https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html) — encryption is chosen at creation,
with ``KmsKeyId`` or the AWS managed key ``aws/elasticfilesystem``; "Amazon EFS key policies for AWS KMS"
(https://docs.aws.amazon.com/efs/latest/ug/EFSKMSManagedKeyPolicy.html) — the principal creating the
file system needs kms:DescribeKey, kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext, kms:Decrypt (and
kms:Encrypt, kms:ReEncrypt) on the key, through ``elasticfilesystem.<region>.amazonaws.com``; EFS
accepts symmetric keys only. CreateFileSystem API: ``KmsKeyId`` requires ``Encrypted`` = true.

The encryption context ``{"aws:elasticfilesystem:filesystem:id": <id>}`` is what EFS's CloudTrail
records show (UNCONFIRMED: not stated on the pages above). A refused KMS call fails CreateFileSystem
with ``BadRequest`` naming KMS's error (UNCONFIRMED: AWS may instead leave the file system in
``error``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.efs.backend import EfsBackend, FileSystem
from iacsim.sim.efs.errors import BadRequest, FileSystemAlreadyExists
from iacsim.sim.errors import AccessDeniedException
from iacsim.sim.kms.storage_services import ServiceKms
from iacsim.sim.trace import KmsRefused, KmsUndecided, TraceStep


class EfsClient(BaseClient):
    # boto3 calls the client "efs"; CloudTrail records its calls from elasticfilesystem.amazonaws.com
    service_name = "elasticfilesystem"

    @property
    def backend(self) -> EfsBackend:
        return self.cloud.backend(EFS, self.account, self.region)

    @operation("CreateFileSystem", record=("CreationToken", "Encrypted", "KmsKeyId"))
    def create_file_system(self, *, CreationToken: str, Encrypted: bool = False, KmsKeyId: str | None = None,
                           PerformanceMode: str = "generalPurpose") -> dict[str, Any]:
        existing = self.backend.by_token(CreationToken)
        if existing is not None:
            raise FileSystemAlreadyExists(f"File system '{existing.file_system_id}' already exists "
                                          f"with creation token '{CreationToken}'")
        digest = hashlib.sha256(f"{self.account}/{self.region}/{CreationToken}".encode()).hexdigest()
        fs_id = f"fs-{digest[:17]}"
        arn = str(Arn(self.cloud.partition, "elasticfilesystem", self.region, self.account, f"file-system/{fs_id}"))
        require(self.cloud, self.caller, "elasticfilesystem:CreateFileSystem", arn, resource_account=self.account,
                error=AccessDeniedException, region=self.region)
        if KmsKeyId is not None and not Encrypted:
            raise BadRequest("KmsKeyId can only be specified when Encrypted is true.")
        fs = FileSystem(fs_id, arn, CreationToken, Encrypted)
        self.backend.last_kms_steps = ()
        if Encrypted:
            kms = ServiceKms(self.cloud, "elasticfilesystem", self.caller, self.region)
            try:
                key = kms.describe(kms.key_for(KmsKeyId, "elasticfilesystem"))
                kms.grant(key, ["Decrypt", "Encrypt", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
                                "ReEncryptTo", "CreateGrant", "DescribeKey", "RetireGrant"])
                context = {"aws:elasticfilesystem:filesystem:id": fs_id}
                sealed = kms.data_key(key, context, plaintext=False,
                                      purpose=f"EFS creates the file data key of {fs_id}")
                kms.decrypt(sealed, f"EFS decrypts the data key of {fs_id} to serve file data")
            except KmsUndecided:  # the trace keeps the unknown step; the flow's step is unknown
                self.backend.last_kms_steps = tuple(kms.steps)
                raise
            except KmsRefused as failure:
                self.backend.last_kms_steps = tuple(kms.steps)
                raise BadRequest(f"KMS: {failure.step.action} on {failure.step.resource}: "
                                 f"{failure.step.reason}") from None
            self.backend.last_kms_steps = tuple(kms.steps)
            fs.key_arn, fs.sealed = key, sealed
        self.backend.file_systems[fs_id] = fs
        return fs.shape()

    @operation("DescribeFileSystems")
    def describe_file_systems(self, *, FileSystemId: str | None = None,
                              CreationToken: str | None = None) -> dict[str, Any]:
        if FileSystemId:
            found = [self.backend.file_system(FileSystemId)]
        else:
            found = [f for f in self.backend.file_systems.values()
                     if CreationToken is None or f.creation_token == CreationToken]
        return {"FileSystems": [f.shape() for f in found]}

    def kms_steps(self) -> tuple[TraceStep, ...]:
        """The KMS calls EFS made for the last CreateFileSystem here (not a boto3 method)."""
        return self.backend.last_kms_steps


EFS: ServiceSpec[EfsBackend] = register_service(ServiceSpec("efs", EfsBackend, EfsClient))
