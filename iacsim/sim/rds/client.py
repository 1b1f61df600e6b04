"""The simulated Amazon RDS client (boto3 ``rds``): encrypted storage and its KMS key.

Operations: CreateDBInstance, CreateDBCluster, CreateDBInstanceReadReplica, CreateDBSnapshot,
CopyDBSnapshot, StartDBInstanceAutomatedBackupsReplication, DescribeDBInstances, DescribeDBClusters,
DescribeDBSnapshots, plus ``kms_steps()`` (not boto3: the KMS trace of the last request).

Sources: Amazon RDS User Guide "Encrypting Amazon RDS resources" and its limitations
(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html) — "You can't have an
encrypted read replica of an unencrypted DB instance or an unencrypted read replica of an encrypted DB
instance"; "AWS KMS key management" (grants: the creating user needs kms:CreateGrant and
kms:DescribeKey); CreateDBInstanceReadReplica ``KmsKeyId`` — a same-Region replica uses the source's key,
a cross-Region encrypted replica must name a key of the destination Region, "KMS keys are specific to
the AWS Region that they are created in"; "Copying a DB snapshot" (USER_CopySnapshot) — the same for a
cross-Region copy of an encrypted snapshot; StartDBInstanceAutomatedBackupsReplication ``KmsKeyId``.

A KMS failure is reported as ``KMSKeyNotAccessibleFault`` ("An error occurred accessing an AWS KMS
key", the fault the RDS API reference lists) with KMS's error in the message. UNCONFIRMED: the exact
``InvalidParameterCombination`` messages, which RDS does not document verbatim.
"""

from __future__ import annotations

from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import ServiceSpec, register_service
from iacsim.sim.errors import AccessDenied, InvalidParameterCombination, InvalidParameterValue
from iacsim.sim.kms.storage_services import ServiceKms
from iacsim.sim.rds.backend import RdsBackend, Storage
from iacsim.sim.rds.errors import (
    DBClusterAlreadyExistsFault,
    DBClusterNotFoundFault,
    DBInstanceAlreadyExists,
    DBInstanceNotFound,
    DBSnapshotNotFound,
    KMSKeyNotAccessibleFault,
)
from iacsim.sim.trace import KmsRefused, KmsUndecided, TraceStep


class RdsClient(BaseClient):
    service_name = "rds"

    @property
    def backend(self) -> RdsBackend:
        return self.cloud.backend(RDS, self.account, self.region)

    def _authorize(self, action: str, resource: str) -> None:
        require(self.cloud, self.caller, f"rds:{action}", resource, resource_account=self.account,
                error=AccessDenied, region=self.region)

    def _locate(self, ref: str, table: str) -> tuple[RdsBackend, Storage]:
        """A DB instance or snapshot named by identifier (this Region) or ARN (any Region of the partition)."""
        backend = self.backend
        identifier = ref
        if ref.startswith("arn:"):
            arn = Arn.parse(ref)
            if arn is None or arn.service != "rds" or ":" not in arn.resource:
                raise InvalidParameterValue(f"Invalid source identifier: {ref}")
            backend = self.cloud.backend(RDS, arn.account, arn.region)
            identifier = arn.resource.split(":")[1]
        store = backend.instances if table == "db" else backend.snapshots
        found = store.get(identifier)
        if found is None:
            missing = DBInstanceNotFound if table == "db" else DBSnapshotNotFound
            raise missing(f"{'DBInstance' if table == 'db' else 'DBSnapshot'} {ref} not found.")
        return backend, found

    def _seal(self, requested: str | None, resource: str) -> tuple[str, Any]:
        """DescribeKey + CreateGrant as the caller via rds.<region>, then RDS seals a data key under the grant."""
        kms = ServiceKms(self.cloud, "rds", self.caller, self.region)
        try:
            key = kms.describe(kms.key_for(requested, "rds"))
            token = kms.grant(key, ["Decrypt", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
                                    "CreateGrant", "DescribeKey", "RetireGrant"])
            sealed = kms.data_key_under_grant(key, token, f"RDS creates the storage key of {resource}")
        except KmsUndecided:  # the trace keeps the unknown step; the flow's step is unknown
            self.backend.last_kms_steps = tuple(kms.steps)
            raise
        except KmsRefused as failure:
            self.backend.last_kms_steps = tuple(kms.steps)
            raise KMSKeyNotAccessibleFault(
                f"An error occurred accessing an AWS KMS key: {failure.step.action} on "
                f"{failure.step.resource}: {failure.step.reason}") from None
        self.backend.last_kms_steps = tuple(kms.steps)
        return key, sealed

    def _create(self, kind: str, identifier: str, encrypted: bool, key: str | None, source: str | None = None,
                table: dict[str, Storage] | None = None) -> Storage:
        store = table if table is not None else (self.backend.clusters if kind == "cluster" else
                                                 self.backend.instances)
        if identifier in store:
            exists = DBClusterAlreadyExistsFault if kind == "cluster" else DBInstanceAlreadyExists
            raise exists(f"{identifier} already exists.")
        arn = self.backend.arn(kind, identifier)
        self.backend.last_kms_steps = ()
        storage = Storage(identifier, arn, kind, encrypted, source=source)
        if encrypted:
            storage.key_arn, storage.sealed = self._seal(key, arn)
        store[identifier] = storage
        return storage

    @operation("CreateDBInstance", record=("DBInstanceIdentifier", "Engine", "StorageEncrypted", "KmsKeyId",
                                           "DBClusterIdentifier"))
    def create_db_instance(self, *, DBInstanceIdentifier: str, DBInstanceClass: str = "db.t3.micro",
                           Engine: str = "postgres", AllocatedStorage: int | None = None,
                           StorageEncrypted: bool | None = None, KmsKeyId: str | None = None,
                           DBClusterIdentifier: str | None = None) -> dict[str, Any]:
        arn = self.backend.arn("db", DBInstanceIdentifier)
        self._authorize("CreateDBInstance", arn)
        if DBClusterIdentifier is not None:  # an Aurora member: storage (and its key) belong to the cluster
            cluster = self.backend.clusters.get(DBClusterIdentifier)
            if cluster is None:
                raise DBClusterNotFoundFault(f"DBCluster {DBClusterIdentifier} not found.")
            storage = Storage(DBInstanceIdentifier, arn, "db", cluster.encrypted, cluster.key_arn)
            self.backend.instances[DBInstanceIdentifier] = storage
            return {"DBInstance": storage.shape()}
        if KmsKeyId is not None and not StorageEncrypted:
            raise InvalidParameterCombination("A KmsKeyId was specified but StorageEncrypted is not true.")
        storage = self._create("db", DBInstanceIdentifier, bool(StorageEncrypted), KmsKeyId)
        return {"DBInstance": storage.shape()}

    @operation("CreateDBCluster", record=("DBClusterIdentifier", "Engine", "StorageEncrypted", "KmsKeyId",
                                          "ReplicationSourceIdentifier"))
    def create_db_cluster(self, *, DBClusterIdentifier: str, Engine: str = "aurora-postgresql",
                          StorageEncrypted: bool | None = None, KmsKeyId: str | None = None,
                          ReplicationSourceIdentifier: str | None = None) -> dict[str, Any]:
        arn = self.backend.arn("cluster", DBClusterIdentifier)
        self._authorize("CreateDBCluster", arn)
        if ReplicationSourceIdentifier is None and KmsKeyId is not None and not StorageEncrypted:
            raise InvalidParameterCombination("A KmsKeyId was specified but StorageEncrypted is not true.")
        storage = self._create("cluster", DBClusterIdentifier, bool(StorageEncrypted) or (KmsKeyId is not None
                               and ReplicationSourceIdentifier is not None), KmsKeyId, ReplicationSourceIdentifier)
        return {"DBCluster": storage.shape()}

    @operation("CreateDBInstanceReadReplica", record=("DBInstanceIdentifier", "SourceDBInstanceIdentifier",
                                                      "KmsKeyId", "SourceRegion"))
    def create_db_instance_read_replica(self, *, DBInstanceIdentifier: str, SourceDBInstanceIdentifier: str,
                                        KmsKeyId: str | None = None, SourceRegion: str | None = None,
                                        DBInstanceClass: str | None = None) -> dict[str, Any]:
        arn = self.backend.arn("db", DBInstanceIdentifier)
        self._authorize("CreateDBInstanceReadReplica", arn)
        source_backend, source = self._locate(SourceDBInstanceIdentifier, "db")
        cross_region = source_backend.region != self.region
        if not source.encrypted and KmsKeyId is not None:
            raise InvalidParameterCombination("Cannot create an encrypted read replica from an unencrypted DB instance.")
        key: str | None = None
        if source.encrypted:
            if cross_region and KmsKeyId is None:
                raise InvalidParameterCombination("Cross-region read replicas of encrypted DB instances require a KmsKeyId "
                                   f"of the destination Region {self.region}.")
            # a same-Region replica is always encrypted with the source's key
            key = KmsKeyId if cross_region else source.key_arn
        storage = self._create("db", DBInstanceIdentifier, source.encrypted, key, source.arn)
        return {"DBInstance": storage.shape()}

    @operation("CreateDBSnapshot", record=("DBSnapshotIdentifier", "DBInstanceIdentifier"))
    def create_db_snapshot(self, *, DBSnapshotIdentifier: str, DBInstanceIdentifier: str) -> dict[str, Any]:
        instance = self.backend.instance(DBInstanceIdentifier)
        arn = self.backend.arn("snapshot", DBSnapshotIdentifier)
        self._authorize("CreateDBSnapshot", arn)
        snapshot = Storage(DBSnapshotIdentifier, arn, "snapshot", instance.encrypted, instance.key_arn,
                           instance.sealed, instance.arn)
        self.backend.snapshots[DBSnapshotIdentifier] = snapshot
        return {"DBSnapshot": snapshot.shape()}

    @operation("CopyDBSnapshot", record=("SourceDBSnapshotIdentifier", "TargetDBSnapshotIdentifier", "KmsKeyId",
                                         "SourceRegion"))
    def copy_db_snapshot(self, *, SourceDBSnapshotIdentifier: str, TargetDBSnapshotIdentifier: str,
                         KmsKeyId: str | None = None, SourceRegion: str | None = None) -> dict[str, Any]:
        arn = self.backend.arn("snapshot", TargetDBSnapshotIdentifier)
        self._authorize("CopyDBSnapshot", arn)
        source_backend, source = self._locate(SourceDBSnapshotIdentifier, "snapshot")
        cross_region = source_backend.region != self.region
        key: str | None = None
        if source.encrypted:
            if cross_region and KmsKeyId is None:
                raise InvalidParameterCombination("To copy an encrypted snapshot to another Region, specify a KmsKeyId of the "
                                   f"destination Region {self.region}.")
            key = KmsKeyId if KmsKeyId is not None else source.key_arn
        elif KmsKeyId is not None:
            raise InvalidParameterCombination("KmsKeyId can only be given when copying an encrypted snapshot.")
        copy = self._create("snapshot", TargetDBSnapshotIdentifier, source.encrypted, key, source.arn,
                            table=self.backend.snapshots)
        return {"DBSnapshot": copy.shape()}

    @operation("StartDBInstanceAutomatedBackupsReplication", record=("SourceDBInstanceArn", "KmsKeyId"))
    def start_db_instance_automated_backups_replication(self, *, SourceDBInstanceArn: str,
                                                        KmsKeyId: str | None = None,
                                                        BackupRetentionPeriod: int = 7) -> dict[str, Any]:
        source_backend, source = self._locate(SourceDBInstanceArn, "db")
        if source_backend.region == self.region:
            raise InvalidParameterValue("The destination Region must differ from the source's.")
        self._authorize("StartDBInstanceAutomatedBackupsReplication", source.arn)
        if source.encrypted and KmsKeyId is None:
            raise InvalidParameterValue("The source DB instance is encrypted: specify a KmsKeyId of "
                                        f"the destination Region {self.region}.")
        replication = self._create("auto-backup", source.identifier, source.encrypted, KmsKeyId, source.arn,
                                   table=self.backend.backup_replications)
        shape: dict[str, Any] = {"DBInstanceArn": source.arn, "Region": source_backend.region,
                                 "Status": "replicating", "Encrypted": replication.encrypted}
        if replication.key_arn:
            shape["KmsKeyId"] = replication.key_arn
        return {"DBInstanceAutomatedBackup": shape}

    @operation("DescribeDBInstances")
    def describe_db_instances(self, *, DBInstanceIdentifier: str | None = None) -> dict[str, Any]:
        found = [self.backend.instance(DBInstanceIdentifier)] if DBInstanceIdentifier else \
            list(self.backend.instances.values())
        return {"DBInstances": [s.shape() for s in found]}

    @operation("DescribeDBClusters")
    def describe_db_clusters(self, *, DBClusterIdentifier: str | None = None) -> dict[str, Any]:
        found = list(self.backend.clusters.values())
        if DBClusterIdentifier:
            found = [c for c in found if c.identifier == DBClusterIdentifier]
            if not found:
                raise DBClusterNotFoundFault(f"DBCluster {DBClusterIdentifier} not found.")
        return {"DBClusters": [s.shape() for s in found]}

    @operation("DescribeDBSnapshots")
    def describe_db_snapshots(self, *, DBSnapshotIdentifier: str | None = None) -> dict[str, Any]:
        found = [self.backend.snapshot(DBSnapshotIdentifier)] if DBSnapshotIdentifier else \
            list(self.backend.snapshots.values())
        return {"DBSnapshots": [s.shape() for s in found]}

    def kms_steps(self) -> tuple[TraceStep, ...]:
        """The KMS calls RDS made for the last create/copy/replicate request here (not a boto3 method)."""
        return self.backend.last_kms_steps


RDS: ServiceSpec[RdsBackend] = register_service(ServiceSpec("rds", RdsBackend, RdsClient))
