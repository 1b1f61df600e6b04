"""The simulated Amazon DynamoDB client (boto3 ``dynamodb``): table encryption at rest and replica keys.

Operations: CreateTable, UpdateTable (``SSESpecification`` and ``ReplicaUpdates`` Create), DescribeTable,
plus ``kms_steps()`` (not boto3: the KMS trace of the last request).

Sources: Amazon DynamoDB Developer Guide "Encryption at rest: usage notes"
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html): the AWS
owned key (default, no KMS calls in your account), the AWS managed key ``aws/dynamodb`` or a customer
managed key; symmetric keys only. KMS Developer Guide "How Amazon DynamoDB uses AWS KMS"
(https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html): DynamoDB calls, on the
principal's behalf through ``dynamodb.<region>.amazonaws.com``, DescribeKey, CreateGrant,
GenerateDataKey (the table key) and Decrypt, with the encryption context
``{"aws:dynamodb:tableName": <table>, "aws:dynamodb:subscriberId": <account>}``. Global tables
(version 2019.11.21): each replica is encrypted with a key of its own Region, requested by
``ReplicaUpdates[].Create.KMSMasterKeyId`` (default ``aws/dynamodb`` there).

A refused KMS call fails the request with ``ValidationException`` naming KMS's error (UNCONFIRMED: the
exact code DynamoDB returns).
"""

from __future__ import annotations

from typing import Any

from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.dynamodb.backend import DynamoDbBackend, Table
from iacsim.sim.dynamodb.errors import ResourceInUseException
from iacsim.sim.errors import AccessDeniedException, ValidationException
from iacsim.sim.kms.storage_services import ServiceKms
from iacsim.sim.principal import Caller
from iacsim.sim.trace import KmsRefused, KmsUndecided, TraceStep


def encryption_context(table: str, account: str) -> dict[str, str]:
    """The encryption context DynamoDB uses with KMS for a table's key."""
    return {"aws:dynamodb:tableName": table, "aws:dynamodb:subscriberId": account}


class DynamoDbClient(BaseClient):
    service_name = "dynamodb"

    @property
    def backend(self) -> DynamoDbBackend:
        return self.cloud.backend(DYNAMODB, self.account, self.region)

    def _authorize(self, action: str, resource: str) -> None:
        require(self.cloud, self.caller, f"dynamodb:{action}", resource, resource_account=self.account,
                error=AccessDeniedException, region=self.region)

    def _seal(self, region: str, name: str, requested: str | None) -> tuple[str, Any]:
        """DescribeKey, CreateGrant, GenerateDataKey and Decrypt as the caller via dynamodb.<region>."""
        kms = ServiceKms(self.cloud, "dynamodb", Caller(self.caller.principal), region)
        backend = self.cloud.backend(DYNAMODB, self.account, region)
        try:
            key = kms.describe(kms.key_for(requested, "dynamodb"))
            kms.grant(key, ["Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                            "ReEncryptFrom", "ReEncryptTo", "DescribeKey", "RetireGrant"])
            context = encryption_context(name, self.account)
            sealed = kms.data_key(key, context, plaintext=True, purpose=f"DynamoDB creates the table key of {name}")
            kms.decrypt(sealed, f"DynamoDB decrypts the table key of {name} to serve requests")
        except KmsUndecided:  # the trace keeps the unknown step; the flow's step is unknown
            backend.last_kms_steps = tuple(kms.steps)
            raise
        except KmsRefused as failure:
            backend.last_kms_steps = tuple(kms.steps)
            raise ValidationException(f"KMS key not accessible in {region}: {failure.step.action} on "
                                      f"{failure.step.resource}: {failure.step.reason}") from None
        backend.last_kms_steps = tuple(kms.steps)
        return key, sealed

    @staticmethod
    def _sse(spec: dict[str, Any] | None) -> tuple[str | None, str | None]:
        """(SSEType, requested key) from an SSESpecification: Enabled false/absent → the AWS owned key."""
        if not spec or not spec.get("Enabled"):
            if spec and spec.get("KMSMasterKeyId"):
                raise ValidationException("KMSMasterKeyId can only be given when SSE is enabled")
            return None, None
        sse_type = spec.get("SSEType", "KMS")
        if sse_type != "KMS":
            raise ValidationException(f"Unsupported SSEType {sse_type}")
        key: str | None = spec.get("KMSMasterKeyId")
        return "KMS", key

    @operation("CreateTable", record=("TableName", "SSESpecification"))
    def create_table(self, *, TableName: str, KeySchema: list[dict[str, str]] | None = None,
                     AttributeDefinitions: list[dict[str, str]] | None = None, BillingMode: str = "PAY_PER_REQUEST",
                     SSESpecification: dict[str, Any] | None = None,
                     StreamSpecification: dict[str, Any] | None = None) -> dict[str, Any]:
        arn = self.backend.arn(TableName)
        self._authorize("CreateTable", arn)
        if TableName in self.backend.tables:
            raise ResourceInUseException(f"Table already exists: {TableName}")
        sse_type, requested = self._sse(SSESpecification)
        table = Table(TableName, arn, sse_type)
        self.backend.last_kms_steps = ()
        if sse_type is not None:
            table.key_arn, table.sealed = self._seal(self.region, TableName, requested)
        self.backend.tables[TableName] = table
        return {"TableDescription": table.shape()}

    @operation("UpdateTable", record=("TableName", "ReplicaUpdates"))
    def update_table(self, *, TableName: str, ReplicaUpdates: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        table = self.backend.table(TableName)
        self._authorize("UpdateTable", table.arn)
        for update in ReplicaUpdates or []:
            create = update.get("Create")
            if create is None:
                raise ValidationException("only ReplicaUpdates Create is simulated")
            region = create["RegionName"]
            if region == self.region or region in table.replicas:
                raise ValidationException(f"Replica already exists in {region}")
            self._authorize("CreateTableReplica", table.arn)
            requested = create.get("KMSMasterKeyId")
            if table.sse_type is None:
                if requested:
                    raise ValidationException("KMSMasterKeyId given for a table encrypted with the AWS "
                                              "owned key")
                table.replicas[region] = None
                continue
            replica_backend = self.cloud.backend(DYNAMODB, self.account, region)
            key, sealed = self._seal(region, TableName, requested)
            replica = Table(TableName, replica_backend.arn(TableName), "KMS", key, sealed)
            replica_backend.tables[TableName] = replica
            table.replicas[region] = key
        return {"TableDescription": table.shape()}

    @operation("DescribeTable")
    def describe_table(self, *, TableName: str) -> dict[str, Any]:
        return {"Table": self.backend.table(TableName).shape()}

    def kms_steps(self, region: str | None = None) -> tuple[TraceStep, ...]:
        """The KMS calls DynamoDB made for the last request in ``region`` (default this client's; not boto3)."""
        return self.cloud.backend(DYNAMODB, self.account, region or self.region).last_kms_steps


DYNAMODB: ServiceSpec[DynamoDbBackend] = register_service(ServiceSpec("dynamodb", DynamoDbBackend,
                                                                      DynamoDbClient))
