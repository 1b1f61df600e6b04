"""Replication replay (cloud.s3_replicate): eligibility, the role's S3 and KMS permissions, keys, accounts."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from iacsim.sim import Cloud
from iacsim.sim.s3.replication import ReplicationResult, replicate

A = "111111111111"
B = "222222222222"
SRC_REGION = "us-east-1"
DST_REGION = "eu-west-1"
ROLE = f"arn:aws:iam::{A}:role/replication"


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _root(account: str) -> dict[str, Any]:
    return {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


ROLE_S3 = [
    {
        "Effect": "Allow",
        "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        "Resource": "arn:aws:s3:::src",
    },
    {
        "Effect": "Allow",
        "Action": [
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
        ],
        "Resource": "arn:aws:s3:::src/*",
    },
    {
        "Effect": "Allow",
        "Action": [
            "s3:ReplicateObject",
            "s3:ReplicateDelete",
            "s3:ReplicateTags",
            "s3:ObjectOwnerOverrideToBucketOwner",
        ],
        "Resource": "arn:aws:s3:::dst/*",
    },
]


@dataclass
class World:
    cloud: Cloud
    src: Any
    dst: Any
    source_key: str
    replica_key: str


def _world(
    dest_account: str = A,
    role_kms: bool = True,
    trust_service: str = "s3.amazonaws.com",
    replica_key_region: str = DST_REGION,
    replica_key_policy_allows_role: bool = True,
) -> World:
    cloud = Cloud()
    iam = cloud.client("iam", account=A)
    src_kms = cloud.client("kms", region=SRC_REGION, account=A)
    source_key = src_kms.create_key()["KeyMetadata"]["Arn"]
    dst_kms = cloud.client("kms", region=replica_key_region, account=dest_account)
    statements = [_root(dest_account)]
    if replica_key_policy_allows_role and dest_account != A:
        statements.append(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
                "Resource": "*",
            }
        )
    replica_key = dst_kms.create_key(Policy=_doc(*statements))["KeyMetadata"]["Arn"]
    role_statements = list(ROLE_S3)
    if role_kms:
        role_statements += [
            {
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": source_key,
                "Condition": {
                    "StringLike": {
                        "kms:ViaService": f"s3.{SRC_REGION}.amazonaws.com",
                        "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::src/*",
                    }
                },
            },
            {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:GenerateDataKey"], "Resource": replica_key},
        ]
    iam.create_role(
        RoleName="replication",
        AssumeRolePolicyDocument=_doc(
            {"Effect": "Allow", "Principal": {"Service": trust_service}, "Action": "sts:AssumeRole"}
        ),
    )
    iam.put_role_policy(
        RoleName="replication", PolicyName="replication", PolicyDocument=_doc(*role_statements)
    )
    src = cloud.client("s3", region=SRC_REGION, account=A)
    src.create_bucket(Bucket="src")
    dst = cloud.client("s3", region=DST_REGION, account=dest_account)
    dst.create_bucket(Bucket="dst", CreateBucketConfiguration={"LocationConstraint": DST_REGION})
    for client, bucket in ((src, "src"), (dst, "dst")):
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return World(cloud, src, dst, source_key, replica_key)


def _configure(world: World, kms_objects: bool = True, **destination: Any) -> None:
    dest: dict[str, Any] = {"Bucket": "arn:aws:s3:::dst", **destination}
    rule: dict[str, Any] = {
        "ID": "all",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "Destination": dest,
    }
    if kms_objects:
        rule["SourceSelectionCriteria"] = {"SseKmsEncryptedObjects": {"Status": "Enabled"}}
        dest["EncryptionConfiguration"] = {"ReplicaKmsKeyID": world.replica_key}
    world.src.put_bucket_replication(Bucket="src", ReplicationConfiguration={"Role": ROLE, "Rules": [rule]})


def _run(world: World, key: str) -> ReplicationResult:
    return world.cloud.s3_replicate("src", key)


def _put_kms(world: World, key: str = "a", body: bytes = b"payload") -> None:
    world.src.put_object(
        Bucket="src", Key=key, Body=body, ServerSideEncryption="aws:kms", SSEKMSKeyId=world.source_key
    )


def test_sse_kms_object_replicates_and_the_replica_decrypts_with_the_replica_key() -> None:
    world = _world()
    _configure(world)
    _put_kms(world)
    assert world.src.get_object(Bucket="src", Key="a")["ReplicationStatus"] == "PENDING"
    result = _run(world, "a")
    assert result.status == "COMPLETED", result.failed_step
    actions = [step.action for step in result.steps]
    assert actions.index("kms:Decrypt") < actions.index("kms:Encrypt")
    replica = world.dst.get_object(Bucket="dst", Key="a")
    assert replica["Body"].read() == b"payload"
    assert replica["SSEKMSKeyId"] == world.replica_key
    assert replica["ReplicationStatus"] == "REPLICA"
    assert world.src.get_object(Bucket="src", Key="a")["ReplicationStatus"] == "COMPLETED"


def test_every_step_names_principal_action_resource_decision_reason() -> None:
    world = _world()
    _configure(world)
    _put_kms(world)
    steps = _run(world, "a").to_dict()["steps"]
    assert all(set(step) == {"principal", "action", "resource", "decision", "reason"} for step in steps)
    assert steps[0]["principal"] == "s3.amazonaws.com"
    decrypt = next(step for step in steps if step["action"] == "kms:Decrypt")
    assert (decrypt["principal"], decrypt["resource"], decrypt["decision"]) == (
        ROLE,
        world.source_key,
        "allowed",
    )


def test_sse_kms_object_is_skipped_without_sse_kms_encrypted_objects() -> None:
    world = _world()
    _configure(world, kms_objects=False)
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "NOT_REPLICATED"
    assert result.failed_step is not None
    assert "SseKmsEncryptedObjects" in result.failed_step.reason
    assert "ReplicationStatus" not in world.src.get_object(Bucket="src", Key="a")


def test_sse_s3_object_replicates_without_kms() -> None:
    world = _world(role_kms=False)
    _configure(world, kms_objects=False)
    world.src.put_object(Bucket="src", Key="plain", Body=b"hello")
    result = _run(world, "plain")
    assert result.status == "COMPLETED"
    assert not any(step.action.startswith("kms:") for step in result.steps)
    assert world.dst.get_object(Bucket="dst", Key="plain")["Body"].read() == b"hello"


def test_role_without_kms_decrypt_fails_at_the_decrypt_step() -> None:
    world = _world(role_kms=False)
    _configure(world)
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "FAILED"
    failed = result.failed_step
    assert failed is not None
    assert (failed.action, failed.resource) == ("kms:Decrypt", world.source_key)
    assert "AccessDenied" in failed.reason
    assert world.src.get_object(Bucket="src", Key="a")["ReplicationStatus"] == "FAILED"


def test_encryption_context_condition_breaks_with_bucket_keys() -> None:
    """The role's Decrypt is conditioned on aws:s3:arn = arn:aws:s3:::src/*; with S3 Bucket Keys the
    context is the bucket ARN, so the same role can no longer decrypt (the documented pitfall)."""
    world = _world()
    _configure(world)
    world.src.put_object(
        Bucket="src",
        Key="a",
        Body=b"x",
        ServerSideEncryption="aws:kms",
        SSEKMSKeyId=world.source_key,
        BucketKeyEnabled=True,
    )
    result = _run(world, "a")
    assert result.status == "FAILED"
    assert result.failed_step is not None
    assert result.failed_step.action == "kms:Decrypt"


def _encrypt_context(result: ReplicationResult) -> str:
    encrypt = next(step for step in result.steps if step.action == "kms:Encrypt")
    assert encrypt.decision == "allowed", encrypt.reason
    return encrypt.reason


def test_replica_keeps_the_source_objects_bucket_key_when_the_destination_has_none() -> None:
    """S3 User Guide, "Using S3 Bucket Keys with replication", example 1: a source object written with a
    Bucket Key keeps it in the destination, so the replica key sees the destination *bucket* ARN."""
    world = _world()
    # Decrypt of a Bucket Key object sees the source bucket ARN: the role must allow it.
    world.cloud.client("iam", account=A).put_role_policy(
        RoleName="replication", PolicyName="bucket-key", PolicyDocument=_doc(
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": world.source_key}))
    _configure(world)
    world.dst.put_bucket_encryption(Bucket="dst", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": world.replica_key},
         "BucketKeyEnabled": False}]})
    world.src.put_object(Bucket="src", Key="a", Body=b"x", ServerSideEncryption="aws:kms",
                         SSEKMSKeyId=world.source_key, BucketKeyEnabled=True)
    result = _run(world, "a")
    assert result.status == "COMPLETED", result.failed_step
    assert "'aws:s3:arn': 'arn:aws:s3:::dst'}" in _encrypt_context(result)
    assert world.dst.head_object(Bucket="dst", Key="a")["BucketKeyEnabled"] is True


def test_replica_of_an_object_without_bucket_key_has_none_even_if_the_destination_has_one() -> None:
    """The replica keeps the source object's encryption settings: no Bucket Key, so the replica's context
    is its object ARN even though the destination bucket's default enables Bucket Keys."""
    world = _world()
    _configure(world)
    world.dst.put_bucket_encryption(Bucket="dst", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": world.replica_key},
         "BucketKeyEnabled": True}]})
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "COMPLETED", result.failed_step
    assert "'aws:s3:arn': 'arn:aws:s3:::dst/a'}" in _encrypt_context(result)
    assert not world.dst.head_object(Bucket="dst", Key="a").get("BucketKeyEnabled")


def test_replica_key_in_the_wrong_region_fails_replication() -> None:
    world = _world(replica_key_region=SRC_REGION)
    _configure(world)
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "FAILED"
    failed = result.failed_step
    assert failed is not None
    assert failed.action == "kms:Encrypt"
    assert DST_REGION in failed.reason


def test_role_not_trusted_by_s3_cannot_be_assumed() -> None:
    world = _world(trust_service="ec2.amazonaws.com")
    _configure(world)
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "FAILED"
    assert result.failed_step is not None
    assert result.failed_step.action == "sts:AssumeRole"


def test_cross_account_destination_needs_its_bucket_policy() -> None:
    world = _world(dest_account=B)
    _configure(world, Account=B)
    _put_kms(world)
    denied = _run(world, "a")
    assert denied.status == "FAILED"
    assert denied.failed_step is not None
    assert denied.failed_step.action == "s3:ReplicateObject"
    world.dst.put_bucket_policy(
        Bucket="dst",
        Policy=_doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": ["s3:ReplicateObject", "s3:ReplicateDelete"],
                "Resource": "arn:aws:s3:::dst/*",
            }
        ),
    )
    _put_kms(world, body=b"second")
    allowed = _run(world, "a")
    assert allowed.status == "COMPLETED", allowed.failed_step


def test_cross_account_replica_key_policy_must_allow_the_role() -> None:
    world = _world(dest_account=B, replica_key_policy_allows_role=False)
    _configure(world, Account=B)
    world.dst.put_bucket_policy(
        Bucket="dst",
        Policy=_doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "s3:ReplicateObject",
                "Resource": "arn:aws:s3:::dst/*",
            }
        ),
    )
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "FAILED"
    assert result.failed_step is not None
    assert (result.failed_step.action, result.failed_step.resource) == ("kms:Encrypt", world.replica_key)


def test_owner_override_needs_its_permission_and_gives_the_replica_to_the_destination() -> None:
    world = _world(dest_account=B)
    _configure(world, Account=B, AccessControlTranslation={"Owner": "Destination"})
    world.dst.put_bucket_policy(
        Bucket="dst",
        Policy=_doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "s3:ReplicateObject",
                "Resource": "arn:aws:s3:::dst/*",
            }
        ),
    )
    _put_kms(world)
    result = _run(world, "a")
    assert result.failed_step is not None
    assert result.failed_step.action == "s3:ObjectOwnerOverrideToBucketOwner"
    world.dst.put_bucket_policy(
        Bucket="dst",
        Policy=_doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": ["s3:ReplicateObject", "s3:ObjectOwnerOverrideToBucketOwner"],
                "Resource": "arn:aws:s3:::dst/*",
            }
        ),
    )
    _put_kms(world, body=b"again")
    assert _run(world, "a").status == "COMPLETED"
    bucket = world.cloud.backends("s3")[B][DST_REGION].buckets["dst"]
    assert bucket.objects["a"][-1].owner == B


def test_wrong_destination_account_fails() -> None:
    world = _world()
    _configure(world, Account=B, AccessControlTranslation={"Owner": "Destination"})
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "FAILED"
    assert result.failed_step is not None
    assert "does not own the destination bucket" in result.failed_step.reason


def test_sse_c_replicates_unless_the_destination_blocks_it() -> None:
    world = _world(role_kms=False)
    _configure(world, kms_objects=False)
    unblock = {
        "Rules": [
            {
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]},
            }
        ]
    }
    world.src.put_bucket_encryption(Bucket="src", ServerSideEncryptionConfiguration=unblock)
    key = os.urandom(32)
    world.src.put_object(
        Bucket="src", Key="c", Body=b"cust", SSECustomerAlgorithm="AES256", SSECustomerKey=key
    )
    blocked = _run(world, "c")
    assert blocked.status == "FAILED"
    assert blocked.failed_step is not None
    assert "blocks SSE-C" in blocked.failed_step.reason
    world.dst.put_bucket_encryption(Bucket="dst", ServerSideEncryptionConfiguration=unblock)
    assert _run(world, "c").status == "COMPLETED"
    replica = world.dst.get_object(Bucket="dst", Key="c", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    assert replica["Body"].read() == b"cust"


def test_unencrypted_object_into_sse_kms_destination_calls_generate_data_key() -> None:
    world = _world()
    _configure(world, kms_objects=False)
    world.dst.put_bucket_encryption(
        Bucket="dst",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": world.replica_key,
                    }
                }
            ]
        },
    )
    bucket = world.cloud.backends("s3")[A][SRC_REGION].buckets["src"]
    bucket.encryption = bucket.encryption.__class__("SSE-S3")
    world.src.put_object(Bucket="src", Key="raw", Body=b"plain", ServerSideEncryption="AES256")
    # SSE-S3 stays SSE-S3; an unencrypted object (stored before default encryption) takes the destination default.
    assert _run(world, "raw").status == "COMPLETED"
    stored = bucket.objects["raw"][-1]
    stored.kind = "NONE"
    stored.sealed = b"plain"
    result = _run(world, "raw")
    assert result.status == "COMPLETED", result.failed_step
    assert any(
        step.action == "kms:GenerateDataKey" and step.resource == world.replica_key for step in result.steps
    )
    assert world.dst.get_object(Bucket="dst", Key="raw")["SSEKMSKeyId"] == world.replica_key


def test_no_rule_for_the_prefix_means_not_replicated() -> None:
    world = _world()
    rule = {
        "ID": "logs",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"Prefix": "logs/"},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "Destination": {"Bucket": "arn:aws:s3:::dst"},
    }
    world.src.put_bucket_replication(Bucket="src", ReplicationConfiguration={"Role": ROLE, "Rules": [rule]})
    world.src.put_object(Bucket="src", Key="data/a", Body=b"x")
    result = _run(world, "data/a")
    assert result.status == "NOT_REPLICATED"
    assert result.failed_step is not None
    assert "no enabled replication rule" in result.failed_step.reason


def test_replay_never_raises_for_a_missing_bucket() -> None:
    result = replicate(Cloud(), "nope", "a")
    assert result.status == "NOT_REPLICATED"
    assert result.failed_step is not None


def test_missing_replication_role_fails_at_assume_role() -> None:
    world = _world()
    _configure(world)
    bucket = world.cloud.backends("s3")[A][SRC_REGION].buckets["src"]
    assert bucket.replication is not None
    bucket.replication = bucket.replication.__class__(
        f"arn:aws:iam::{A}:role/gone", bucket.replication.rules, bucket.replication.raw
    )
    _put_kms(world)
    result = _run(world, "a")
    assert result.status == "FAILED"
    assert result.failed_step is not None
    assert (result.failed_step.action, result.failed_step.reason) == (
        "sts:AssumeRole",
        "the replication role does not exist",
    )


def test_object_lock_source_needs_object_lock_on_the_destination() -> None:
    """Replication failure reason DstBucketObjectLockConfigMissing: the configuration is accepted, every
    object fails; with Object Lock on both buckets it replicates."""
    for dest_lock, status in ((False, "FAILED"), (True, "COMPLETED")):
        world = _world(role_kms=False)
        world.cloud.client("iam", account=A).put_role_policy(
            RoleName="replication", PolicyName="locked",
            PolicyDocument=_doc({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::locked*"}))
        world.src.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
        assert world.src.get_bucket_versioning(Bucket="locked") == {"Status": "Enabled"}
        dst_region = {"LocationConstraint": DST_REGION}
        world.dst.create_bucket(Bucket="locked-dst", CreateBucketConfiguration=dst_region,
                                ObjectLockEnabledForBucket=dest_lock)
        world.dst.put_bucket_versioning(Bucket="locked-dst", VersioningConfiguration={"Status": "Enabled"})
        rule = {"ID": "all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
                "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::locked-dst"}}
        world.src.put_bucket_replication(Bucket="locked", ReplicationConfiguration={"Role": ROLE, "Rules": [rule]})
        world.src.put_object(Bucket="locked", Key="record", Body=b"kept")
        result = world.cloud.s3_replicate("locked", "record")
        assert result.status == status
        if status == "FAILED":
            assert result.failed_step is not None
            assert result.failed_step.reason.startswith("DstBucketObjectLockConfigMissing")
