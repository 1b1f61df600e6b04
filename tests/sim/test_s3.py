"""Simulated S3: buckets, default encryption, SSE-S3, SSE-C, bucket policies, replication configuration."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud, UnsupportedParameterError
from iacsim.sim.s3.backend import find_bucket

A = "111111111111"
B = "222222222222"


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


@pytest.fixture
def cloud() -> Cloud:
    return Cloud()


@pytest.fixture
def s3(cloud: Cloud) -> Any:
    client = cloud.client("s3", region="us-east-1", account=A)
    client.create_bucket(Bucket="src")
    return client


def _unblock_sse_c(s3: Any, bucket: str) -> None:
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]},
                }
            ]
        },
    )


def test_new_bucket_defaults_to_sse_s3_with_sse_c_blocked(s3: Any) -> None:
    rule = s3.get_bucket_encryption(Bucket="src")["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert rule["BlockedEncryptionTypes"] == {"EncryptionType": ["SSE-C"]}


def test_bucket_names_are_global_across_accounts(cloud: Cloud, s3: Any) -> None:
    other = cloud.client("s3", region="us-east-1", account=B)
    with pytest.raises(ClientError) as excinfo:
        other.create_bucket(Bucket="src")
    assert _code(excinfo) == "BucketAlreadyExists"


def test_bucket_outside_us_east_1_needs_matching_location_constraint(cloud: Cloud) -> None:
    eu = cloud.client("s3", region="eu-west-1", account=A)
    with pytest.raises(ClientError) as excinfo:
        eu.create_bucket(Bucket="eu-bucket")
    assert _code(excinfo) == "IllegalLocationConstraintException"
    eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    found = find_bucket(cloud, "eu-bucket")
    assert found is not None
    assert (found.account, found.region) == (A, "eu-west-1")


def test_sse_s3_object_round_trips_encrypted_at_rest(cloud: Cloud, s3: Any) -> None:
    response = s3.put_object(Bucket="src", Key="a.txt", Body=b"hello")
    assert response["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket="src", Key="a.txt")
    assert got["Body"].read() == b"hello"
    assert got["ServerSideEncryption"] == "AES256"
    bucket = find_bucket(cloud, "src")
    assert bucket is not None
    assert b"hello" not in bucket.objects["a.txt"][-1].sealed


def test_missing_key_is_no_such_key(s3: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket="src", Key="nope")
    assert _code(excinfo) == "NoSuchKey"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_versioning_keeps_every_version(s3: Any) -> None:
    s3.put_bucket_versioning(Bucket="src", VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket="src", Key="k", Body=b"1")["VersionId"]
    s3.put_object(Bucket="src", Key="k", Body=b"2")
    assert s3.get_object(Bucket="src", Key="k")["Body"].read() == b"2"
    assert s3.get_object(Bucket="src", Key="k", VersionId=first)["Body"].read() == b"1"


def test_sse_c_is_blocked_on_new_buckets(s3: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(
            Bucket="src", Key="c", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32)
        )
    assert _code(excinfo) == "AccessDenied"
    assert "BlockedEncryptionTypes" in excinfo.value.response["Error"]["Message"]


def test_sse_c_object_needs_the_same_key_on_get(s3: Any) -> None:
    _unblock_sse_c(s3, "src")
    key = os.urandom(32)
    put = s3.put_object(
        Bucket="src", Key="c", Body=b"secret", SSECustomerAlgorithm="AES256", SSECustomerKey=key
    )
    assert put["SSECustomerAlgorithm"] == "AES256"
    got = s3.get_object(Bucket="src", Key="c", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    assert got["Body"].read() == b"secret"
    with pytest.raises(ClientError) as missing:
        s3.get_object(Bucket="src", Key="c")
    assert _code(missing) == "InvalidRequest"
    with pytest.raises(ClientError) as wrong:
        s3.get_object(Bucket="src", Key="c", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32))
    assert _code(wrong) == "AccessDenied"


def test_sse_c_key_must_be_256_bits(s3: Any) -> None:
    _unblock_sse_c(s3, "src")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(
            Bucket="src", Key="c", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=b"short"
        )
    assert _code(excinfo) == "InvalidArgument"


def test_sse_c_headers_on_a_non_sse_c_object_are_refused(s3: Any) -> None:
    s3.put_object(Bucket="src", Key="plain", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket="src", Key="plain", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32))
    assert _code(excinfo) == "InvalidRequest"


def test_streaming_body_repr_hides_content(s3: Any) -> None:
    s3.put_object(Bucket="src", Key="a", Body=b"topsecret")
    body = s3.get_object(Bucket="src", Key="a")["Body"]
    assert "topsecret" not in repr(body)


def _role(cloud: Cloud, account: str, name: str, policy: dict[str, Any]) -> str:
    iam = cloud.client("iam", account=account)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    return f"arn:aws:iam::{account}:role/{name}"


def test_cross_account_read_needs_bucket_policy_and_identity_policy(cloud: Cloud, s3: Any) -> None:
    s3.put_object(Bucket="src", Key="shared/a", Body=b"x")
    reader = _role(
        cloud,
        B,
        "reader",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        },
    )
    b_s3 = cloud.client("s3", principal=reader)
    with pytest.raises(ClientError) as excinfo:
        b_s3.get_object(Bucket="src", Key="shared/a")
    assert _code(excinfo) == "AccessDenied"
    s3.put_bucket_policy(
        Bucket="src",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": reader},
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::src/shared/*",
                    }
                ],
            }
        ),
    )
    assert b_s3.get_object(Bucket="src", Key="shared/a")["Body"].read() == b"x"


def test_same_account_bucket_policy_alone_allows(cloud: Cloud, s3: Any) -> None:
    s3.put_object(Bucket="src", Key="a", Body=b"x")
    nobody = _role(
        cloud,
        A,
        "nobody",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}],
        },
    )
    client = cloud.client("s3", principal=nobody)
    with pytest.raises(ClientError):
        client.get_object(Bucket="src", Key="a")
    s3.put_bucket_policy(
        Bucket="src",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": nobody},
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::src/*",
                    }
                ],
            }
        ),
    )
    assert client.get_object(Bucket="src", Key="a")["Body"].read() == b"x"


def test_bucket_policy_can_require_kms_encryption(cloud: Cloud, s3: Any) -> None:
    s3.put_bucket_policy(
        Bucket="src",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyNonKms",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:PutObject",
                        "Resource": "arn:aws:s3:::src/*",
                        "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
                    }
                ],
            }
        ),
    )
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="src", Key="a", Body=b"x")
    assert _code(excinfo) == "AccessDenied"


def test_malformed_bucket_policy_is_refused(s3: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_policy(
            Bucket="src",
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
                }
            ),
        )
    assert _code(excinfo) == "MalformedPolicy"


def test_only_the_owner_account_sets_the_bucket_policy(cloud: Cloud, s3: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        cloud.client("s3", account=B).put_bucket_policy(Bucket="src", Policy="{}")
    assert _code(excinfo) == "MethodNotAllowed"


def _replication(dest: str = "dst", **rule: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ID": "r",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "Destination": {"Bucket": f"arn:aws:s3:::{dest}"},
    }
    base.update(rule)
    return {"Role": f"arn:aws:iam::{A}:role/replication", "Rules": [base]}


def test_replication_needs_versioning_on_the_source(cloud: Cloud, s3: Any) -> None:
    s3.create_bucket(Bucket="dst")
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_replication(Bucket="src", ReplicationConfiguration=_replication())
    assert _code(excinfo) == "InvalidRequest"
    assert "Versioning" in excinfo.value.response["Error"]["Message"]


def test_replication_needs_versioning_on_the_destination(s3: Any) -> None:
    s3.create_bucket(Bucket="dst")
    s3.put_bucket_versioning(Bucket="src", VersioningConfiguration={"Status": "Enabled"})
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_replication(Bucket="src", ReplicationConfiguration=_replication())
    assert "Destination bucket must have versioning enabled" in excinfo.value.response["Error"]["Message"]
    s3.put_bucket_versioning(Bucket="dst", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(Bucket="src", ReplicationConfiguration=_replication())
    assert s3.get_bucket_replication(Bucket="src")["ReplicationConfiguration"]["Role"].endswith(
        "role/replication"
    )


def test_replication_does_not_validate_the_replica_key(s3: Any) -> None:
    s3.create_bucket(Bucket="dst")
    for bucket in ("src", "dst"):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    config = _replication(
        SourceSelectionCriteria={"SseKmsEncryptedObjects": {"Status": "Enabled"}},
        Destination={
            "Bucket": "arn:aws:s3:::dst",
            "EncryptionConfiguration": {
                "ReplicaKmsKeyID": "arn:aws:kms:eu-west-1:111111111111:key/does-not-exist"
            },
        },
    )
    assert s3.put_bucket_replication(Bucket="src", ReplicationConfiguration=config) == {}


def test_mfa_delete_is_reported_unsupported(s3: Any) -> None:
    with pytest.raises(UnsupportedParameterError):
        s3.put_bucket_versioning(
            Bucket="src", VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"}
        )


def test_encryption_condition_keys_come_from_request_headers_not_the_bucket_default(
    cloud: Cloud, s3: Any
) -> None:
    """A policy requiring the aws:kms header denies uploads that rely on default encryption."""
    s3.put_bucket_encryption(
        Bucket="src",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    s3.put_bucket_policy(
        Bucket="src",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:PutObject",
                        "Resource": "arn:aws:s3:::src/*",
                        "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
                    }
                ],
            }
        ),
    )
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="src", Key="a", Body=b"x")
    assert _code(excinfo) == "AccessDenied"
    assert (
        s3.put_object(Bucket="src", Key="a", Body=b"x", ServerSideEncryption="aws:kms")[
            "ServerSideEncryption"
        ]
        == "aws:kms"
    )


def test_reprs_never_show_bodies_or_keys(cloud: Cloud, s3: Any) -> None:
    _unblock_sse_c(s3, "src")
    customer_key = b"k" * 32
    s3.put_object(Bucket="src", Key="plain", Body=b"plain-body-123")
    s3.put_object(Bucket="src", Key="c", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=customer_key)
    bucket = find_bucket(cloud, "src")
    assert bucket is not None
    text = repr(bucket)
    assert "plain-body-123" not in text
    assert "s3_owned_key" not in text
    assert "sse_c_key_hmac" not in text
    assert "kkkk" not in text
