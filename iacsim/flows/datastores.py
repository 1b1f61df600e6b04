"""``service-encryption`` for datastores: RDS/Aurora, DynamoDB, EBS volumes, Auto Scaling launches and EFS.

Every encrypted database, table (and each global table replica), volume, Auto Scaling group and file
system of the scan is created in a simulated cloud seeded from the world, with the KMS calls its
service documents (see :mod:`iacsim.sim.rds_kms`, :mod:`iacsim.sim.ec2_launch`):

* databases, tables, volumes and file systems are created by the deploying account's root — the
  deploying principal is not in the scan, so its root stands for it (said in each step);
* a cross-Region read replica, replicated backups and a snapshot copy are created in their own Region
  after their source, which is how a key from the wrong Region, or one whose policy does not admit the
  creator, shows;
* a DynamoDB global table's replicas are added with UpdateTable in each replica Region;
* an Auto Scaling group's instances are launched by its service-linked role
  (``AWSServiceRoleForAutoScaling``), which has no permission of its own on customer managed keys: the
  key policy must admit it (Amazon EC2 Auto Scaling User Guide, "Required AWS KMS key policy for use
  with encrypted volumes"); instances whose devices are encrypted are launched by the deploying account.
  EBS encryption by default and the default EBS key declared in the scan apply to both.

A key outside the scan, or a value known only after apply that the seed cannot resolve, gives an
``unknown`` step, never a guess. Failures caused by a key of another Region are the apply-time rules'
findings (RDS001, DDB001, EBS001, EFS001): the flow shows the trace but adds no second finding.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.keys import simulated_key
from iacsim.flows.steps import call_step, root, service_kms_steps, verdict
from iacsim.flows.unknown import unknown
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.databases import (
    DynamoTable,
    DynamoTableReplica,
    RdsBackupReplication,
    RdsDatabase,
    RdsSnapshotCopy,
)
from iacsim.model.ec2 import AutoScalingGroup, BlockDevice, EbsVolume, Instance, LaunchTemplate
from iacsim.model.efs import EfsFileSystem
from iacsim.model.ids import Ref
from iacsim.rules.base import FlowRule
from iacsim.rules.dynamodb.flow import TableKeyUnusable
from iacsim.rules.ebs.flow import AutoScalingRoleNotAdmitted, VolumeKeyUnusable
from iacsim.rules.efs.flow import FileSystemKeyUnusable
from iacsim.rules.rds.flow import DatabaseKeyUnusable
from iacsim.sim import ClientError
from iacsim.sim.audit import paused
from iacsim.values import Unknown

_ACCOUNT = re.compile(r"^\d{12}$")
ASSUMED = "(as the deploying account's root: the deploying principal is not in the scan)"
SLR_NAME = "AWSServiceRoleForAutoScaling"
SLR_PATH = "/aws-service-role/autoscaling.amazonaws.com/"


class _Unknown(Exception):
    """An input of the scenario is not known statically; the message says which."""


def _ident(value: Any, address: str) -> str:
    """A simulated identifier: the code's own when known, else one derived from the address."""
    if isinstance(value, str) and value:
        return value
    return re.sub(r"[^a-z0-9-]+", "-", address.lower()).strip("-")[:60] or "resource"


class _Names:
    """Identifiers used in the one simulated cloud of a scan: two objects of the scan that share a name
    (variants side by side, one per directory) each get their own, so neither replay sees the other."""

    def __init__(self) -> None:
        self._owner: dict[tuple[str, str, str, str], str] = {}

    def __call__(self, kind: str, obj: ModelObject, value: Any) -> str:
        name = _ident(value, obj.address)
        slot = (kind, obj.account, obj.region, name)
        owner = self._owner.setdefault(slot, obj.address)
        if owner == obj.address:
            return name
        suffix = hashlib.sha256(obj.address.encode()).hexdigest()[:8]
        return self(kind, obj, f"{name}-{suffix}")


class DatastoreEncryptionFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        world = ctx.world
        scenarios: list[tuple[ModelObject, Callable[[Any], FlowOutcome]]] = []
        for db in world.of_type(RdsDatabase):
            if db.db_type != "cluster_instance" and (db.replicate_source is not None or db.kms_key is not None
                                                     or db.storage_encrypted is True):
                scenarios.append((db, partial(self._database, world, db)))
        for backups in world.of_type(RdsBackupReplication):
            scenarios.append((backups, partial(self._backups, world, backups)))
        for copy in world.of_type(RdsSnapshotCopy):
            if copy.kms_key is not None:
                scenarios.append((copy, partial(self._snapshot_copy, world, copy)))
        for table in world.of_type(DynamoTable):
            if table.encryption != "aws_owned" or not isinstance(table.replicas, tuple) or len(table.replicas) > 0:
                scenarios.append((table, partial(self._table, world, table)))
        for replica in world.of_type(DynamoTableReplica):
            scenarios.append((replica, partial(self._table_replica, world, replica)))
        for volume in world.of_type(EbsVolume):
            where = world.account(volume.account).region(volume.region).ebs_encryption_by_default
            if volume.encrypted is True or volume.kms_key is not None or (where is not None and where.enabled is True):
                scenarios.append((volume, partial(self._volume, world, volume)))
        for group in world.of_type(AutoScalingGroup):
            scenarios.append((group, partial(self._auto_scaling, world, group)))
        for instance in world.of_type(Instance):
            if self._launches_encrypted(world, instance):
                scenarios.append((instance, partial(self._instance, world, instance)))
        for fs in world.of_type(EfsFileSystem):
            if fs.encrypted is True:
                scenarios.append((fs, partial(self._file_system, world, fs)))
        if not scenarios:
            return
        seeded = ctx.new_cloud()
        self._created: dict[str, str] = {}
        self._name = _Names()
        self._defaults: dict[tuple[str, str], bool] = {}
        for obj, scenario in scenarios:
            if not _ACCOUNT.match(obj.account) or obj.region in ("unknown", "global"):
                yield self._unknown(obj, "ec2:RunInstances" if isinstance(obj, AutoScalingGroup) else "create",
                                    f"the account or Region of {obj.address} is not known statically")
                continue
            try:
                yield scenario(seeded)
            except _Unknown as why:
                yield self._unknown(obj, "create", str(why))
            except (NotImplementedError, ValueError) as exc:  # a call or value the simulator does not model
                yield self._unknown(obj, "create", f"not simulated: {exc}")

    def _launches_encrypted(self, world: World, instance: Instance) -> bool:
        """An instance whose own or launch template's EBS devices are known to be encrypted; instances whose
        devices are not known are left out (most launch unencrypted or through images other flows replay)."""
        own = instance.block_devices
        if isinstance(own, tuple) and self._encrypted(own):
            return True
        template = self._template_of(world, instance, instance.launch_template)
        return template is not None and isinstance(template.block_devices, tuple) and \
            bool(self._encrypted(template.block_devices))

    # -- shared ---------------------------------------------------------------------------------

    def _unknown(self, obj: ModelObject, action: str, why: str) -> FlowOutcome:
        principal = root(obj.account) if _ACCOUNT.match(obj.account) else "unknown"
        return unknown(self.kind, f"{obj.address}: encryption", principal, action, obj.address, why)

    def _key(self, world: World, seeded: Any, ref: Ref | None, obj: ModelObject, region: str | None = None) -> str | None:
        """The simulated key ARN ``ref`` names for ``obj`` (None: the service's AWS managed key)."""
        if ref is None:
            return None
        where = region or obj.region
        found = simulated_key(world, seeded, ref, obj.account, where, near=obj.address)
        if found.key is not None:
            if found.arn is not None:
                return found.arn
            key = found.key
            why = seeded.unknown.get(key.address) or seeded.failed.get(key.address) or "it could not be created"
            raise _Unknown(f"key {key.address} could not be recreated: {why}")
        if isinstance(ref, str) and (ref.startswith("alias/aws/") or ":alias/aws/" in ref):
            return ref  # an AWS managed key: the simulated service creates it on first use
        shown = ref if isinstance(ref, str) else (ref.ref or ref.reason)
        raise _Unknown(f"key {shown} is not defined in the scan, so its key policy cannot be checked")

    def _wrong_region(self, world: World, ref: Ref | None, obj: ModelObject, region: str | None = None) -> bool:
        from iacsim.rules.rds.keys import wrong_region

        return wrong_region(world, ref, obj, region) is not None

    def _outcome(self, obj: ModelObject, name: str, steps: list[FlowStep], rule: type[FlowRule] | None,
                 fix: str) -> FlowOutcome:
        result = FlowResult(self.kind, name, verdict(steps), tuple(steps))
        if result.verdict != "fail" or rule is None:
            return FlowOutcome(result)
        failing = [s for s in steps if s.decision in ("denied", "error")]
        # the KMS call that was refused says why; the service's own error only repeats it
        failed = next((s for s in failing if s.action.startswith("kms:")), failing[0])
        what = name.split(": ", 1)[-1]
        return FlowOutcome(result, (FlowFailure(rule, obj, f"{what} fails: {failed.principal} → {failed.action} on "
                                                           f"{failed.resource}: {failed.reason}", fix=fix),))

    def _service_step(self, client: Any, principal: str, action: str, resource: str, call: Callable[[], Any],
                      ok: str, *kms_regions: str) -> tuple[list[FlowStep], Any]:
        step, out = call_step(principal, action, resource, call, ok)
        steps = [step]
        for region in kms_regions or (None,):
            trace = client.kms_steps(region) if region else client.kms_steps()
            steps += service_kms_steps(trace)
        return steps, out

    # -- RDS ------------------------------------------------------------------------------------

    def _rds_fix(self, obj: ModelObject, region: str) -> str:
        return (f"let account {obj.account}'s principals use the key for RDS: key policy statement allowing "
                f"kms:CreateGrant and kms:DescribeKey (condition kms:ViaService = rds.{region}.amazonaws.com), "
                f"with a key of {region}")

    def _create_db(self, world: World, seeded: Any, db: RdsDatabase) -> tuple[list[FlowStep], str | None]:
        """Create a non-replica database; (steps, its simulated ARN or None when it failed)."""
        if db.address in self._created:
            return [], self._created[db.address]
        rds = seeded.cloud.client("rds", region=db.region, account=db.account)
        principal = root(db.account)
        identifier = self._name("rds", db, db.name)
        encrypted = db.storage_encrypted is True or db.kms_key is not None
        key = self._key(world, seeded, db.kms_key, db) if encrypted else None
        args: dict[str, Any] = {"StorageEncrypted": encrypted, **({"KmsKeyId": key} if key else {})}
        if db.db_type == "cluster":
            call = partial(rds.create_db_cluster, DBClusterIdentifier=identifier, **args)
            action = "rds:CreateDBCluster"
        else:
            call = partial(rds.create_db_instance, DBInstanceIdentifier=identifier, **args)
            action = "rds:CreateDBInstance"
        steps, out = self._service_step(rds, principal, action, db.address, call,
                                        f"created {'with ' + key if key else 'encrypted with aws/rds' if encrypted else 'unencrypted'} "
                                        f"{ASSUMED}")
        if out is None:
            return steps, None
        arn = out.get("DBInstance", out.get("DBCluster", {}))
        made = arn.get("DBInstanceArn") or arn.get("DBClusterArn")
        self._created[db.address] = made
        return steps, made

    def _database(self, world: World, db: RdsDatabase, seeded: Any) -> FlowOutcome:
        name = f"{db.address}: RDS storage encryption"
        if db.replicate_source is None:
            steps, _ = self._create_db(world, seeded, db)
            rule = None if self._wrong_region(world, db.kms_key, db) else DatabaseKeyUnusable
            return self._outcome(db, name, steps, rule, self._rds_fix(db, db.region))
        source = world.find_service(RdsDatabase, db.replicate_source, account=db.account, region=db.region)
        if source is None or source.replicate_source is not None or source.db_type != db.db_type:
            raise _Unknown(f"the replica's source {db.replicate_source if isinstance(db.replicate_source, str) else 'database'} "
                           "is not a database defined in the scan")
        if not _ACCOUNT.match(source.account) or source.region in ("unknown", "global"):
            raise _Unknown(f"the Region of the source {source.address} is not known statically")
        steps, source_arn = self._create_db(world, seeded, source)
        if source_arn is None:
            return unknown(self.kind, name, root(db.account), "rds:CreateDBInstanceReadReplica", db.address,
                           f"its source {source.address} could not be created", before=steps)
        key = self._key(world, seeded, db.kms_key, db)
        rds = seeded.cloud.client("rds", region=db.region, account=db.account)
        identifier = self._name("rds", db, db.name)
        if db.db_type == "cluster":
            call = partial(rds.create_db_cluster, DBClusterIdentifier=identifier, ReplicationSourceIdentifier=source_arn,
                           **({"KmsKeyId": key, "StorageEncrypted": True} if key else {}))
            action = "rds:CreateDBCluster"
        else:
            call = partial(rds.create_db_instance_read_replica, DBInstanceIdentifier=identifier,
                           SourceDBInstanceIdentifier=source_arn, **({"KmsKeyId": key} if key else {}))
            action = "rds:CreateDBInstanceReadReplica"
        more, _ = self._service_step(rds, root(db.account), action, db.address, call,
                                     f"read replica created in {db.region} from {source.address} ({source.region}) "
                                     f"{ASSUMED}")
        # a wrong-Region key or an encrypted/unencrypted mismatch is an apply-time finding (RDS001/RDS003)
        mismatch = any(s.error_code == "InvalidParameterCombination" for s in more)
        rule = None if mismatch or self._wrong_region(world, db.kms_key, db) else DatabaseKeyUnusable
        return self._outcome(db, name, steps + more, rule, self._rds_fix(db, db.region))

    def _backups(self, world: World, backups: RdsBackupReplication, seeded: Any) -> FlowOutcome:
        name = f"{backups.address}: replicated RDS backups encryption"
        source = world.find_service(RdsDatabase, backups.source_db)
        if source is None or source.db_type != "instance" or source.replicate_source is not None:
            raise _Unknown("the source DB instance is not defined in the scan")
        steps, source_arn = self._create_db(world, seeded, source)
        if source_arn is None:
            raise _Unknown(f"its source {source.address} could not be created")
        key = self._key(world, seeded, backups.kms_key, backups)
        rds = seeded.cloud.client("rds", region=backups.region, account=backups.account)
        more, _ = self._service_step(
            rds, root(backups.account), "rds:StartDBInstanceAutomatedBackupsReplication", backups.address,
            partial(rds.start_db_instance_automated_backups_replication, SourceDBInstanceArn=source_arn,
                    **({"KmsKeyId": key} if key else {})),
            f"backups of {source.address} replicated to {backups.region} {ASSUMED}")
        rule = None if self._wrong_region(world, backups.kms_key, backups) else DatabaseKeyUnusable
        if any(s.error_code == "InvalidParameterValue" for s in more):
            rule = None  # a missing destination key is RDS001's finding
        return self._outcome(backups, name, steps + more, rule, self._rds_fix(backups, backups.region))

    def _snapshot_copy(self, world: World, copy: RdsSnapshotCopy, seeded: Any) -> FlowOutcome:
        name = f"{copy.address}: RDS snapshot copy encryption"
        source = copy.source_snapshot
        if not isinstance(source, str):
            raise _Unknown("the source snapshot is not known statically")
        parts = source.split(":")
        source_region = parts[3] if source.startswith("arn:") and len(parts) >= 7 else copy.region
        source_account = parts[4] if source.startswith("arn:") and len(parts) >= 7 else copy.account
        if not _ACCOUNT.match(source_account):
            raise _Unknown("the source snapshot's account is not known statically")
        key = self._key(world, seeded, copy.kms_key, copy)
        # The source snapshot is outside the scan: a stand-in encrypted with the source account's aws/rds
        # (a key is named for the copy, so the source is taken to be encrypted).
        with paused():
            stand_in = seeded.cloud.client("rds", region=source_region, account=source_account)
            db_id = _ident(f"src-{copy.address}", copy.address)
            stand_in.create_db_instance(DBInstanceIdentifier=db_id, StorageEncrypted=True)
            snap = stand_in.create_db_snapshot(DBSnapshotIdentifier=db_id, DBInstanceIdentifier=db_id)
        rds = seeded.cloud.client("rds", region=copy.region, account=copy.account)
        steps, _ = self._service_step(
            rds, root(copy.account), "rds:CopyDBSnapshot", copy.address,
            partial(rds.copy_db_snapshot, SourceDBSnapshotIdentifier=snap["DBSnapshot"]["DBSnapshotArn"],
                    TargetDBSnapshotIdentifier=self._name("rds-snapshot", copy, copy.name), **({"KmsKeyId": key} if key else {})),
            f"snapshot copied into {copy.region} (the source snapshot is outside the scan: an encrypted stand-in) "
            f"{ASSUMED}")
        rule = None if self._wrong_region(world, copy.kms_key, copy) else DatabaseKeyUnusable
        return self._outcome(copy, name, steps, rule, self._rds_fix(copy, copy.region))

    # -- DynamoDB -------------------------------------------------------------------------------

    def _ddb_fix(self, obj: ModelObject, region: str) -> str:
        return (f"key policy statement allowing account {obj.account}'s principals kms:Encrypt, kms:Decrypt, "
                "kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey and kms:CreateGrant with condition "
                f"kms:ViaService = dynamodb.{region}.amazonaws.com (and kms:CallerAccount = {obj.account})")

    def _create_table(self, world: World, seeded: Any, table: DynamoTable) -> tuple[list[FlowStep], bool]:
        if table.address in self._created:
            return [], True
        ddb = seeded.cloud.client("dynamodb", region=table.region, account=table.account)
        name = self._name("dynamodb", table, table.name)
        sse: dict[str, Any] = {}
        if table.encryption == "aws_managed" or table.encryption == "customer_managed":
            key = self._key(world, seeded, table.kms_key, table)
            sse = {"SSESpecification": {"Enabled": True, "SSEType": "KMS", **({"KMSMasterKeyId": key} if key else {})}}
        elif isinstance(table.encryption, Unknown):
            raise _Unknown(f"the table's encryption is not known statically ({table.encryption.reason})")
        steps, out = self._service_step(ddb, root(table.account), "dynamodb:CreateTable", table.address,
                                        partial(ddb.create_table, TableName=name, **sse),
                                        f"table created in {table.region} {ASSUMED}")
        if out is not None:
            self._created[table.address] = name
        return steps, out is not None

    def _add_replica(self, world: World, seeded: Any, table: DynamoTable, region: str, ref: Ref | None,
                     owner: ModelObject) -> list[FlowStep]:
        key = self._key(world, seeded, ref, owner, region) if table.encryption != "aws_owned" else None
        ddb = seeded.cloud.client("dynamodb", region=table.region, account=table.account)
        create: dict[str, Any] = {"RegionName": region, **({"KMSMasterKeyId": key} if key else {})}
        steps, _ = self._service_step(ddb, root(table.account), "dynamodb:UpdateTable", f"{table.address} → {region}",
                                      partial(ddb.update_table, TableName=self._created[table.address],
                                              ReplicaUpdates=[{"Create": create}]),
                                      f"replica created in {region} {ASSUMED}", region)
        return steps

    def _table(self, world: World, table: DynamoTable, seeded: Any) -> FlowOutcome:
        name = f"{table.address}: DynamoDB encryption at rest"
        steps, ok = self._create_table(world, seeded, table)
        wrong = self._wrong_region(world, table.kms_key, table)
        if ok and isinstance(table.replicas, tuple):
            for replica in table.replicas:
                if not isinstance(replica.region, str):
                    steps.append(FlowStep(root(table.account), "dynamodb:UpdateTable", table.address, "unknown",
                                          "a replica Region is not known statically"))
                    continue
                wrong = wrong or self._wrong_region(world, replica.kms_key, table, replica.region)
                steps += self._add_replica(world, seeded, table, replica.region, replica.kms_key, table)
                if verdict(steps) == "fail":
                    break
        elif isinstance(table.replicas, Unknown):
            steps.append(FlowStep(root(table.account), "dynamodb:UpdateTable", table.address, "unknown",
                                  f"the replicas are not known statically ({table.replicas.reason})"))
        return self._outcome(table, name, steps, None if wrong else TableKeyUnusable,
                             self._ddb_fix(table, table.region))

    def _table_replica(self, world: World, replica: DynamoTableReplica, seeded: Any) -> FlowOutcome:
        name = f"{replica.address}: DynamoDB replica encryption"
        table = world.find_service(DynamoTable, replica.global_table)
        if table is None:
            raise _Unknown("the global table is not defined in the scan")
        steps, ok = self._create_table(world, seeded, table)
        if ok:
            steps += self._add_replica(world, seeded, table, replica.region, replica.kms_key, replica)
        rule = None if self._wrong_region(world, replica.kms_key, replica) else TableKeyUnusable
        return self._outcome(replica, name, steps, rule, self._ddb_fix(replica, replica.region))

    # -- EBS and Auto Scaling -------------------------------------------------------------------

    def _volume(self, world: World, volume: EbsVolume, seeded: Any) -> FlowOutcome:
        name = f"{volume.address}: EBS volume encryption"
        key = self._key(world, seeded, volume.kms_key, volume)
        self._ebs_defaults(world, seeded, volume)
        zone = volume.availability_zone if isinstance(volume.availability_zone, str) else f"{volume.region}a"
        ec2 = seeded.cloud.client("ec2", region=volume.region, account=volume.account)
        step, _ = call_step(root(volume.account), "ec2:CreateVolume", volume.address, partial(
            ec2.create_volume, AvailabilityZone=zone, Size=8, Encrypted=True, **({"KmsKeyId": key} if key else {})),
            f"volume created {ASSUMED}")
        steps = [step]
        rule = None if self._wrong_region(world, volume.kms_key, volume) else VolumeKeyUnusable
        return self._outcome(volume, name, steps, rule,
                             f"key policy statement allowing account {volume.account}'s principals kms:CreateGrant, "
                             "kms:GenerateDataKeyWithoutPlaintext, kms:Decrypt, kms:ReEncrypt* and kms:DescribeKey "
                             f"(condition kms:ViaService = ec2.{volume.region}.amazonaws.com)")

    def _template_of(self, world: World, obj: ModelObject, ref: Ref | None) -> LaunchTemplate | None:
        """The launch template ``ref`` (id, name or a reference to it) names, in ``obj``'s account and Region."""
        if ref is None:
            return None
        templates = [t for t in world.of_type(LaunchTemplate) if t.account == obj.account and t.region == obj.region]
        if isinstance(ref, Unknown):
            target = (ref.ref or "").rsplit(".", 1)[0]
            return next((t for t in templates if t.address == target or t.address == ref.ref), None)
        return next((t for t in templates if ref in (t.template_id, t.name)), None)

    def _service_linked_role(self, seeded: Any, group: AutoScalingGroup) -> str:
        if isinstance(group.service_linked_role, str):
            role_arn = group.service_linked_role
            role_name = role_arn.rsplit("/", 1)[-1]
        elif group.service_linked_role is None:
            role_name = SLR_NAME
            role_arn = f"arn:{group.partition}:iam::{group.account}:role{SLR_PATH}{SLR_NAME}"
        else:
            raise _Unknown("the group's service-linked role is not known statically")
        iam = seeded.cloud.client("iam", account=group.account)
        with paused():
            try:
                iam.get_role(RoleName=role_name)
            except ClientError:  # absent: created as Auto Scaling does on first use
                trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                         "Principal": {"Service": "autoscaling.amazonaws.com"}}]}
                iam.create_role(RoleName=role_name, Path=SLR_PATH, AssumeRolePolicyDocument=json.dumps(trust))
                # AutoScalingServiceRolePolicy (stand-in): EC2 actions, and no permission on customer managed keys
                iam.put_role_policy(RoleName=role_name, PolicyName="AutoScalingServiceRolePolicy",
                                    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                                        {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}))
        return role_arn

    def _ebs_defaults(self, world: World, seeded: Any, obj: ModelObject) -> bool:
        """Apply the account+Region's EBS encryption by default (and default key) to the simulated EC2 once;
        True when new volumes there are encrypted by default."""
        where = world.account(obj.account).region(obj.region)
        setting = where.ebs_encryption_by_default
        enabled = setting is not None and setting.enabled is True
        slot = (obj.account, obj.region)
        if slot in self._defaults:
            return self._defaults[slot]
        self._defaults[slot] = enabled
        if enabled:
            ec2 = seeded.cloud.client("ec2", region=obj.region, account=obj.account)
            default = where.ebs_default_kms_key
            key = self._key(world, seeded, default.key, default) if default is not None else None
            with paused():  # account settings the scan declares, not part of the replayed launch
                ec2.enable_ebs_encryption_by_default()
                if key is not None:
                    ec2.modify_ebs_default_kms_key_id(KmsKeyId=key)
        return enabled

    @staticmethod
    def _encrypted(devices: tuple[BlockDevice, ...]) -> dict[str, BlockDevice]:
        """Encrypted EBS devices by device name."""
        out: dict[str, BlockDevice] = {}
        for i, device in enumerate(devices):
            if device.encrypted is True or device.kms_key is not None:
                name = device.device_name if isinstance(device.device_name, str) else f"/dev/sd{chr(102 + i)}"
                out[name] = device
        return out

    def _launch(self, world: World, seeded: Any, obj: ModelObject, devices: dict[str, BlockDevice],
                key_owner: ModelObject, principal: str, client: Any, what: str) -> list[FlowStep]:
        """RunInstances with these encrypted devices, as ``principal`` (through ``client``): EBS creates,
        grants and decrypts each volume's key as that principal. The image is an unencrypted stand-in."""
        mappings = []
        for device_name, device in devices.items():
            key = self._key(world, seeded, device.kms_key, key_owner)
            mappings.append({"DeviceName": device_name, "Ebs": {"Encrypted": True, **({"KmsKeyId": key} if key else {})}})
        owner = seeded.cloud.client("ec2", region=obj.region, account=obj.account)
        names = list(devices) or ["/dev/xvda"]  # no device named: the image's root volume
        with paused():  # the image launched is outside this replay: an unencrypted stand-in
            image_devices = []
            for device_name in names:
                vol = owner.create_volume(AvailabilityZone=f"{obj.region}a", Size=8)
                snap = owner.create_snapshot(VolumeId=vol["VolumeId"])
                image_devices.append({"DeviceName": device_name, "Ebs": {"SnapshotId": snap["SnapshotId"]}})
            image_id = owner.register_image(Name=self._name("ami", obj, None), RootDeviceName=names[0],
                                            BlockDeviceMappings=image_devices)["ImageId"]
        run, started = call_step(principal, "ec2:RunInstances", obj.address, partial(
            client.run_instances, ImageId=image_id, MinCount=1, MaxCount=1,
            **({"BlockDeviceMappings": mappings} if mappings else {})), what)
        steps = [run]
        if started is not None:
            instance_id = started["Instances"][0]["InstanceId"]
            steps += service_kms_steps(client.launch_steps(instance_id))
            state = client.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
            if state["State"]["Name"] == "terminated":
                steps.append(FlowStep(principal, "ec2:RunInstances", instance_id, "error",
                                      "the instance terminated at launch: "
                                      f"{state.get('StateReason', {}).get('Message', 'Client.InternalError')}"))
        return steps

    def _auto_scaling(self, world: World, group: AutoScalingGroup, seeded: Any) -> FlowOutcome:
        name = f"{group.address}: Auto Scaling launch with encrypted volumes"
        template = self._template_of(world, group, group.launch_template)
        if template is None:
            raise _Unknown("the group's launch template is not defined in the scan")
        if not isinstance(template.block_devices, tuple):
            raise _Unknown(f"the block devices of {template.address} are not known statically")
        devices = self._encrypted(template.block_devices)
        by_default = self._ebs_defaults(world, seeded, group)
        if not devices and not by_default:
            return FlowOutcome(FlowResult(self.kind, name, "pass", (FlowStep(
                "autoscaling.amazonaws.com", "ec2:RunInstances", template.address, "allowed",
                "the launch template encrypts no EBS volume and EBS encryption by default is off"),)))
        role_arn = self._service_linked_role(seeded, group)
        client = seeded.cloud.client("ec2", region=group.region, principal=role_arn)
        steps = self._launch(world, seeded, group, devices, template, role_arn, client,
                             f"Auto Scaling launches from {template.address} as its service-linked role")
        if not devices:
            steps[0] = replace(steps[0], reason=steps[0].reason + " (volumes encrypted by EBS encryption by default "
                                                                  "with the account's default EBS key)")
        wrong = any(self._wrong_region(world, d.kms_key, template) for d in devices.values())
        return self._outcome(group, name, steps, None if wrong else AutoScalingRoleNotAdmitted,
                             f"add to the key policy a statement allowing {role_arn} kms:Encrypt, kms:Decrypt, "
                             "kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, and one allowing it "
                             "kms:CreateGrant with kms:GrantIsForAWSResource = true")

    def _instance(self, world: World, instance: Instance, seeded: Any) -> FlowOutcome:
        name = f"{instance.address}: EC2 launch with encrypted volumes"
        devices: dict[str, BlockDevice] = {}
        key_owner: ModelObject = instance
        if instance.launch_template is not None:
            template = self._template_of(world, instance, instance.launch_template)
            if template is None or not isinstance(template.block_devices, tuple):
                raise _Unknown("the instance's launch template (or its block devices) is not in the scan")
            devices.update(self._encrypted(template.block_devices))
            key_owner = template
        if not isinstance(instance.block_devices, tuple):
            raise _Unknown("the instance's block devices are not known statically")
        devices.update(self._encrypted(instance.block_devices))  # the instance's own mappings win
        self._ebs_defaults(world, seeded, instance)
        principal = root(instance.account)
        client = seeded.cloud.client("ec2", region=instance.region, account=instance.account)
        steps = self._launch(world, seeded, instance, devices, key_owner, principal, client,
                             f"instance launched {ASSUMED}; its image's own snapshots are not part of this "
                             "replay (an unencrypted stand-in)")
        wrong = any(self._wrong_region(world, d.kms_key, key_owner) for d in devices.values())
        return self._outcome(instance, name, steps, None if wrong else VolumeKeyUnusable,
                             f"key policy statement allowing account {instance.account}'s principals "
                             "kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext, kms:Decrypt, kms:ReEncrypt* and "
                             f"kms:DescribeKey (condition kms:ViaService = ec2.{instance.region}.amazonaws.com)")

    # -- EFS ------------------------------------------------------------------------------------

    def _file_system(self, world: World, fs: EfsFileSystem, seeded: Any) -> FlowOutcome:
        name = f"{fs.address}: EFS encryption at rest"
        key = self._key(world, seeded, fs.kms_key, fs)
        efs = seeded.cloud.client("efs", region=fs.region, account=fs.account)
        steps, _ = self._service_step(efs, root(fs.account), "elasticfilesystem:CreateFileSystem", fs.address,
                                      partial(efs.create_file_system, CreationToken=self._name("efs", fs, fs.name),
                                              Encrypted=True, **({"KmsKeyId": key} if key else {})),
                                      f"file system created {ASSUMED}")
        rule = None if self._wrong_region(world, fs.kms_key, fs) else FileSystemKeyUnusable
        return self._outcome(fs, name, steps, rule,
                             f"key policy statement allowing account {fs.account}'s principals kms:Encrypt, "
                             "kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKeyWithoutPlaintext, kms:CreateGrant and "
                             f"kms:DescribeKey (condition kms:ViaService = elasticfilesystem.{fs.region}.amazonaws.com)")
