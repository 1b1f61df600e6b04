"""Datastores in the model: RDS/Aurora, DynamoDB (with replicas), EFS and Auto Scaling groups."""

from __future__ import annotations

from dataclasses import replace

from model_factory import ACCOUNT, REGION, build, key_arn, res

from iacsim.model.dynamodb import DynamoTable, DynamoTableReplica
from iacsim.model.ec2 import AutoScalingGroup
from iacsim.model.efs import EfsFileSystem
from iacsim.model.rds import RdsBackupReplication, RdsDatabase, RdsSnapshotCopy
from iacsim.values import Unknown


def _cfn(resource):
    return replace(resource, origin="cloudformation")


def test_db_instance_replica_and_cluster_instance():
    world = build(
        res("aws_db_instance", "aws_db_instance.p", {"identifier": "orders", "storage_encrypted": True,
                                                      "kms_key_id": key_arn("k1")}),
        res("aws_db_instance", "aws_db_instance.r", {"identifier": "orders-w",
                                                      "replicate_source_db": "arn:aws:rds:us-east-1:1:db:orders"},
            region="us-west-2"),
        res("aws_rds_cluster_instance", "aws_rds_cluster_instance.i", {"identifier": "i1",
                                                                         "cluster_identifier": "c1"}),
    )
    by = {d.address: d for d in world.of_type(RdsDatabase)}
    assert by["aws_db_instance.p"].arn == f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders"
    assert by["aws_db_instance.p"].storage_encrypted is True and by["aws_db_instance.p"].kms_key == key_arn("k1")
    assert by["aws_db_instance.r"].is_replica and by["aws_db_instance.r"].storage_encrypted is None
    assert by["aws_rds_cluster_instance.i"].db_type == "cluster_instance" and by["aws_rds_cluster_instance.i"].cluster == "c1"
    assert world.find_service(RdsDatabase, "orders", account=ACCOUNT, region=REGION) is by["aws_db_instance.p"]


def test_snapshot_copy_lives_in_its_destination_region():
    world = build(
        res("aws_db_snapshot_copy", "aws_db_snapshot_copy.c", {
            "source_db_snapshot_identifier": "arn:aws:rds:us-east-1:1:snapshot:s", "target_db_snapshot_identifier": "t",
            "destination_region": "eu-west-1", "kms_key_id": key_arn("k1")}),
        res("aws_db_instance_automated_backups_replication", "aws_db_instance_automated_backups_replication.b", {
            "source_db_instance_arn": "arn:aws:rds:us-east-1:1:db:orders"}, region="us-west-2"),
    )
    (copy,) = world.of_type(RdsSnapshotCopy)
    assert copy.region == "eu-west-1" and copy.kms_key == key_arn("k1") and copy.name == "t"
    (backups,) = world.of_type(RdsBackupReplication)
    assert backups.region == "us-west-2" and backups.kms_key is None


def test_dynamodb_encryption_types_and_replicas():
    world = build(
        res("aws_dynamodb_table", "aws_dynamodb_table.owned", {"name": "a"}),
        res("aws_dynamodb_table", "aws_dynamodb_table.managed", {"name": "b",
                                                                 "server_side_encryption": [{"enabled": True}]}),
        res("aws_dynamodb_table", "aws_dynamodb_table.cmk", {
            "name": "c", "server_side_encryption": [{"enabled": True, "kms_key_arn": key_arn("k1")}],
            "replica": [{"region_name": "eu-west-1", "kms_key_arn": key_arn("k2", region="eu-west-1")}]}),
        res("aws_dynamodb_table_replica", "aws_dynamodb_table_replica.r", {
            "global_table_arn": "arn:aws:dynamodb:us-east-1:1:table/c", "kms_key_arn": Unknown("x", "aws_kms_key.r.arn")},
            region="ap-south-1"),
    )
    by = {t.address: t for t in world.of_type(DynamoTable)}
    assert by["aws_dynamodb_table.owned"].encryption == "aws_owned"
    assert by["aws_dynamodb_table.managed"].encryption == "aws_managed"
    cmk = by["aws_dynamodb_table.cmk"]
    assert cmk.encryption == "customer_managed" and isinstance(cmk.replicas, tuple)
    assert cmk.replicas[0].region == "eu-west-1" and cmk.replicas[0].kms_key == key_arn("k2", region="eu-west-1")
    (replica,) = world.of_type(DynamoTableReplica)
    assert replica.region == "ap-south-1" and isinstance(replica.kms_key, Unknown)


def test_cloudformation_global_table_splits_own_region_from_replicas():
    world = build(_cfn(res("AWS::DynamoDB::GlobalTable", "t.yaml#Resources/T", {
        "TableName": "orders", "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"},
        "Replicas": [{"Region": REGION, "SSESpecification": {"KMSMasterKeyId": key_arn("k1")}},
                     {"Region": "eu-west-1", "SSESpecification": {"KMSMasterKeyId": "alias/orders"}}]})))
    (table,) = world.of_type(DynamoTable)
    assert table.kms_key == key_arn("k1") and table.encryption == "customer_managed"
    assert isinstance(table.replicas, tuple) and [r.region for r in table.replicas] == ["eu-west-1"]


def test_cloudformation_rds_efs_and_autoscaling():
    world = build(
        _cfn(res("AWS::RDS::DBInstance", "t.yaml#Resources/Db", {"StorageEncrypted": "true", "KmsKeyId": "alias/db"})),
        _cfn(res("AWS::RDS::DBInstance", "t.yaml#Resources/Member", {"DBClusterIdentifier": "c1"})),
        _cfn(res("AWS::EFS::FileSystem", "t.yaml#Resources/Fs", {"Encrypted": True, "KmsKeyId": key_arn("k1"),
                                                                "FileSystemTags": [{"Key": "Name", "Value": "shared"}]})),
        _cfn(res("AWS::AutoScaling::AutoScalingGroup", "t.yaml#Resources/Asg", {
            "LaunchTemplate": {"LaunchTemplateId": Unknown("deploy", "t.yaml#Resources/Lt.Ref"), "Version": "1"}})),
    )
    by = {d.address: d for d in world.of_type(RdsDatabase)}
    db = by["t.yaml#Resources/Db"]
    assert db.db_type == "instance" and db.storage_encrypted is True and isinstance(db.arn, Unknown)
    assert by["t.yaml#Resources/Member"].db_type == "cluster_instance"
    (fs,) = world.of_type(EfsFileSystem)
    assert fs.name == "shared" and fs.encrypted is True
    (asg,) = world.of_type(AutoScalingGroup)
    assert isinstance(asg.launch_template, Unknown) and asg.launch_template.ref == "t.yaml#Resources/Lt.Ref"
