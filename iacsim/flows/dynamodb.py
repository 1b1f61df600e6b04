"""``service-encryption`` for DynamoDB: every encrypted table, and each global table replica.

Tables are created by the deployer (flows/deployer.py) with the KMS calls DynamoDB documents; a global
table's replicas are added with UpdateTable in each replica Region. Run by
:class:`~iacsim.flows.datastores.DatastoreEncryptionFlow`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from iacsim.findings import FlowStep
from iacsim.flows.base import FlowOutcome
from iacsim.flows.clients import DynamoDbClient, client
from iacsim.flows.datastore_replay import (
    DatastoreReplay,
    Scenario,
    ScenarioUnknown,
    outcome,
)
from iacsim.flows.steps import verdict
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.dynamodb import DynamoTable, DynamoTableReplica
from iacsim.model.ids import Ref
from iacsim.rules.dynamodb.flow import TableKeyUnusable
from iacsim.values import Unknown


def scenarios(world: World) -> list[Scenario]:
    found: list[Scenario] = []
    for table in world.of_type(DynamoTable):
        if table.encryption != "aws_owned" or not isinstance(table.replicas, tuple) or len(table.replicas) > 0:
            found.append((table, partial(_table, table)))
    for replica in world.of_type(DynamoTableReplica):
        found.append((replica, partial(_table_replica, replica)))
    return found


def _fix(obj: ModelObject, region: str) -> str:
    return (f"key policy statement allowing account {obj.account}'s principals kms:Encrypt, kms:Decrypt, "
            "kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey and kms:CreateGrant with condition "
            f"kms:ViaService = dynamodb.{region}.amazonaws.com (and kms:CallerAccount = {obj.account})")


def _create_table(r: DatastoreReplay, table: DynamoTable) -> tuple[list[FlowStep], bool]:
    if table.address in r.created:
        return [], True
    ddb = client(r.cloud, DynamoDbClient, region=table.region, account=table.account)
    name = r.name("dynamodb", table, table.name)
    sse: dict[str, Any] = {}
    if table.encryption == "aws_managed" or table.encryption == "customer_managed":
        key = r.key(table.kms_key, table)
        sse = {"SSESpecification": {"Enabled": True, "SSEType": "KMS", **({"KMSMasterKeyId": key} if key else {})}}
    elif isinstance(table.encryption, Unknown):
        raise ScenarioUnknown(f"the table's encryption is not known statically ({table.encryption.reason})")
    steps, out = r.deployer_step(table, "dynamodb:CreateTable", table.address, lambda who: partial(
        client(r.cloud, DynamoDbClient, region=table.region, principal=who).create_table, TableName=name, **sse),
        f"table created in {table.region}", [ddb.kms_steps], create=True)
    if out is not None:
        r.created[table.address] = name
    return steps, out is not None


def _add_replica(r: DatastoreReplay, table: DynamoTable, region: str, ref: Ref | None,
                 owner: ModelObject) -> list[FlowStep]:
    key = r.key(ref, owner, region) if table.encryption != "aws_owned" else None
    ddb = client(r.cloud, DynamoDbClient, region=table.region, account=table.account)
    create: dict[str, Any] = {"RegionName": region, **({"KMSMasterKeyId": key} if key else {})}
    table_name = r.created[table.address]
    # a replica needs its table to exist, not to have been made by a principal the scan knows
    steps, _ = r.deployer_step(owner, "dynamodb:UpdateTable", f"{table.address} → {region}", lambda who: partial(
        client(r.cloud, DynamoDbClient, region=table.region, principal=who).update_table, TableName=table_name,
        ReplicaUpdates=[{"Create": create}]), f"replica created in {region}", [partial(ddb.kms_steps, region)],
        independent=True)
    return steps


def _table(table: DynamoTable, r: DatastoreReplay) -> FlowOutcome:
    name = f"{table.address}: DynamoDB encryption at rest"
    steps, ok = _create_table(r, table)
    wrong = r.wrong_region(table.kms_key, table)
    if ok and isinstance(table.replicas, tuple):
        for replica in table.replicas:
            if not isinstance(replica.region, str):
                steps.append(FlowStep(r.deployer(table).arn, "dynamodb:UpdateTable", table.address, "unknown",
                                      "a replica Region is not known statically"))
                continue
            wrong = wrong or r.wrong_region(replica.kms_key, table, replica.region)
            steps += _add_replica(r, table, replica.region, replica.kms_key, table)
            if verdict(steps) == "fail":
                break
    elif isinstance(table.replicas, Unknown):
        steps.append(FlowStep(r.deployer(table).arn, "dynamodb:UpdateTable", table.address, "unknown",
                              f"the replicas are not known statically ({table.replicas.reason})"))
    return outcome(table, name, steps, None if wrong else TableKeyUnusable, _fix(table, table.region))


def _table_replica(replica: DynamoTableReplica, r: DatastoreReplay) -> FlowOutcome:
    name = f"{replica.address}: DynamoDB replica encryption"
    table = r.world.find_service(DynamoTable, replica.global_table)
    if table is None:
        raise ScenarioUnknown("the global table is not defined in the scan")
    steps, ok = _create_table(r, table)
    if ok:
        steps += _add_replica(r, table, replica.region, replica.kms_key, replica)
    rule = None if r.wrong_region(replica.kms_key, replica) else TableKeyUnusable
    return outcome(replica, name, steps, rule, _fix(replica, replica.region))
