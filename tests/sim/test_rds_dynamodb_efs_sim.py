"""Simulated RDS, DynamoDB and EFS: the KMS calls each makes when it creates encrypted storage."""

from __future__ import annotations

import json

import pytest

from iacsim.sim import ClientError, Cloud

A = "111111111111"
B = "222222222222"


def _key(cloud: Cloud, region: str = "us-east-1", account: str = A, policy: dict | None = None, **kw) -> str:
    kms = cloud.client("kms", region=region, account=account)
    args = {"Policy": json.dumps(policy), "BypassPolicyLockoutSafetyCheck": True} if policy else {}
    return kms.create_key(**args, **kw)["KeyMetadata"]["Arn"]


def _only_account(account: str) -> dict:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                                                     "Action": "kms:*", "Resource": "*"}]}


def test_rds_instance_uses_grant_and_service_seals_the_data_key():
    cloud = Cloud()
    key = _key(cloud)
    rds = cloud.client("rds", region="us-east-1", account=A)
    out = rds.create_db_instance(DBInstanceIdentifier="orders", StorageEncrypted=True, KmsKeyId=key)
    assert out["DBInstance"]["KmsKeyId"] == key
    steps = rds.kms_steps()
    assert [s.action for s in steps] == ["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext"]
    assert steps[2].principal == "rds.us-east-1.amazonaws.com" and all(s.events for s in steps)


def test_rds_key_of_another_account_that_does_not_admit_the_creator_is_refused():
    cloud = Cloud()
    key = _key(cloud, account=B, policy=_only_account(B))
    rds = cloud.client("rds", region="us-east-1", account=A)
    with pytest.raises(ClientError) as err:
        rds.create_db_instance(DBInstanceIdentifier="orders", StorageEncrypted=True, KmsKeyId=key)
    assert err.value.response["Error"]["Code"] == "KMSKeyNotAccessibleFault"
    (step,) = rds.kms_steps()
    assert step.action == "kms:DescribeKey" and step.decision == "denied" and "AccessDenied" in step.reason


def test_rds_kms_key_without_storage_encrypted_and_replica_rules():
    cloud = Cloud()
    east, west = _key(cloud), _key(cloud, "us-west-2")
    rds = cloud.client("rds", region="us-east-1", account=A)
    with pytest.raises(ClientError) as err:
        rds.create_db_instance(DBInstanceIdentifier="x", KmsKeyId=east)
    assert err.value.response["Error"]["Code"] == "InvalidParameterCombination"
    rds.create_db_instance(DBInstanceIdentifier="plain")
    rds.create_db_instance(DBInstanceIdentifier="enc", StorageEncrypted=True, KmsKeyId=east)
    west_rds = cloud.client("rds", region="us-west-2", account=A)
    src = "arn:aws:rds:us-east-1:111111111111:db:"
    with pytest.raises(ClientError, match="unencrypted"):
        west_rds.create_db_instance_read_replica(DBInstanceIdentifier="r1", SourceDBInstanceIdentifier=src + "plain",
                                                 KmsKeyId=west)
    with pytest.raises(ClientError, match="require a KmsKeyId"):
        west_rds.create_db_instance_read_replica(DBInstanceIdentifier="r2", SourceDBInstanceIdentifier=src + "enc")
    with pytest.raises(ClientError) as err:  # the source Region's key does not exist in us-west-2
        west_rds.create_db_instance_read_replica(DBInstanceIdentifier="r3", SourceDBInstanceIdentifier=src + "enc",
                                                 KmsKeyId=east)
    assert err.value.response["Error"]["Code"] == "KMSKeyNotAccessibleFault"
    out = west_rds.create_db_instance_read_replica(DBInstanceIdentifier="r4", SourceDBInstanceIdentifier=src + "enc",
                                                   KmsKeyId=west)
    assert out["DBInstance"]["KmsKeyId"] == west
    same = rds.create_db_instance_read_replica(DBInstanceIdentifier="r5", SourceDBInstanceIdentifier="enc")
    assert same["DBInstance"]["KmsKeyId"] == east  # a same-Region replica keeps the source's key


def test_rds_cross_region_snapshot_copy_needs_destination_key():
    cloud = Cloud()
    east, west = _key(cloud), _key(cloud, "us-west-2")
    rds = cloud.client("rds", region="us-east-1", account=A)
    rds.create_db_instance(DBInstanceIdentifier="enc", StorageEncrypted=True, KmsKeyId=east)
    rds.create_db_snapshot(DBSnapshotIdentifier="nightly", DBInstanceIdentifier="enc")
    west_rds = cloud.client("rds", region="us-west-2", account=A)
    source = "arn:aws:rds:us-east-1:111111111111:snapshot:nightly"
    with pytest.raises(ClientError, match="KmsKeyId"):
        west_rds.copy_db_snapshot(SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="c1")
    copy = west_rds.copy_db_snapshot(SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="c2", KmsKeyId=west)
    assert copy["DBSnapshot"]["KmsKeyId"] == west and copy["DBSnapshot"]["Encrypted"] is True
    backups = west_rds.start_db_instance_automated_backups_replication(
        SourceDBInstanceArn="arn:aws:rds:us-east-1:111111111111:db:enc", KmsKeyId=west)
    assert backups["DBInstanceAutomatedBackup"]["KmsKeyId"] == west


def test_dynamodb_table_key_and_replica_key_in_its_own_region():
    cloud = Cloud()
    east, west = _key(cloud), _key(cloud, "eu-west-1")
    ddb = cloud.client("dynamodb", region="us-east-1", account=A)
    ddb.create_table(TableName="orders", SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": east})
    steps = ddb.kms_steps()
    assert [s.action for s in steps] == ["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"]
    with pytest.raises(ClientError, match="not in region eu-west-1"):
        ddb.update_table(TableName="orders", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1",
                                                                         "KMSMasterKeyId": east}}])
    out = ddb.update_table(TableName="orders", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1",
                                                                           "KMSMasterKeyId": west}}])
    assert out["TableDescription"]["Replicas"] == [{"RegionName": "eu-west-1", "ReplicaStatus": "ACTIVE",
                                                    "KMSMasterKeyId": west}]
    assert ddb.kms_steps("eu-west-1")[-1].resource == west


def test_dynamodb_owned_key_makes_no_kms_call_and_context_binds_the_table():
    cloud = Cloud()
    ddb = cloud.client("dynamodb", region="us-east-1", account=A)
    ddb.create_table(TableName="plain")
    assert ddb.kms_steps() == ()
    ddb.create_table(TableName="managed", SSESpecification={"Enabled": True})
    table = cloud.backends("dynamodb")[A]["us-east-1"].tables["managed"]
    assert table.sealed.context == {"aws:dynamodb:tableName": "managed", "aws:dynamodb:subscriberId": A}


def test_efs_encrypted_file_system_and_asymmetric_key_refused():
    cloud = Cloud()
    key = _key(cloud)
    signing = _key(cloud, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    efs = cloud.client("efs", region="us-east-1", account=A)
    fs = efs.create_file_system(CreationToken="shared", Encrypted=True, KmsKeyId=key)
    assert fs["KmsKeyId"] == key and [s.action for s in efs.kms_steps()] == [
        "kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"]
    with pytest.raises(ClientError, match="symmetric"):
        efs.create_file_system(CreationToken="signed", Encrypted=True, KmsKeyId=signing)
    with pytest.raises(ClientError, match="Encrypted is true"):
        efs.create_file_system(CreationToken="flag", KmsKeyId=key)
