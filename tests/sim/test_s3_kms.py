"""SSE-KMS and DSSE-KMS objects: KMS calls S3 makes, encryption context, bucket keys, errors."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud
from iacsim.sim.s3.backend import find_bucket

A = "111111111111"
REGION = "us-east-1"
APP = f"arn:aws:iam::{A}:role/app"
ROOT_STATEMENT = {
    "Sid": "Enable IAM User Permissions",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
    "Action": "kms:*",
    "Resource": "*",
}


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


@pytest.fixture
def cloud() -> Cloud:
    return Cloud()


@pytest.fixture
def kms(cloud: Cloud) -> Any:
    return cloud.client("kms", region=REGION, account=A)


@pytest.fixture
def s3(cloud: Cloud) -> Any:
    client = cloud.client("s3", region=REGION, account=A)
    client.create_bucket(Bucket="data")
    return client


def _app(cloud: Cloud) -> Any:
    iam = cloud.client("iam", account=A)
    iam.create_role(
        RoleName="app",
        AssumeRolePolicyDocument=_policy(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ),
    )
    iam.put_role_policy(
        RoleName="app",
        PolicyName="s3",
        PolicyDocument=_policy({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
    )
    return cloud.client("s3", region=REGION, principal=APP)


def _stored(cloud: Cloud, key: str) -> Any:
    bucket = find_bucket(cloud, "data")
    assert bucket is not None
    return bucket.objects[key][-1]


def test_sse_kms_object_round_trips_and_reports_the_key_arn(s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    put = s3.put_object(
        Bucket="data", Key="a", Body=b"payload", ServerSideEncryption="aws:kms", SSEKMSKeyId=key
    )
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"]) == ("aws:kms", key)
    got = s3.get_object(Bucket="data", Key="a")
    assert got["Body"].read() == b"payload"
    assert got["SSEKMSKeyId"] == key


def test_object_arn_is_the_encryption_context(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.put_object(Bucket="data", Key="dir/a", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    stored = _stored(cloud, "dir/a")
    assert stored.encryption_context == {"aws:s3:arn": "arn:aws:s3:::data/dir/a"}
    # The stored data key is a real KMS ciphertext bound to that context.
    assert (
        len(
            kms.decrypt(CiphertextBlob=stored.data_key_blob, EncryptionContext=stored.encryption_context)[
                "Plaintext"
            ]
        )
        == 32
    )
    with pytest.raises(ClientError):
        kms.decrypt(
            CiphertextBlob=stored.data_key_blob, EncryptionContext={"aws:s3:arn": "arn:aws:s3:::data"}
        )


def test_bucket_key_uses_the_bucket_arn_as_encryption_context(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.put_bucket_encryption(
        Bucket="data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key},
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    put = s3.put_object(Bucket="data", Key="a", Body=b"x")
    assert put["BucketKeyEnabled"] is True
    assert put["SSEKMSKeyId"] == key
    assert _stored(cloud, "a").encryption_context == {"aws:s3:arn": "arn:aws:s3:::data"}
    assert s3.get_object(Bucket="data", Key="a")["Body"].read() == b"x"


def test_bucket_default_sse_kms_without_key_uses_aws_managed_aws_s3(cloud: Cloud, s3: Any, kms: Any) -> None:
    s3.put_bucket_encryption(
        Bucket="data",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    put = s3.put_object(Bucket="data", Key="a", Body=b"x")
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    assert put["SSEKMSKeyId"].endswith(aliases["alias/aws/s3"])


def test_dsse_kms_object_round_trips_with_two_layers(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.put_object(Bucket="data", Key="a", Body=b"dual", ServerSideEncryption="aws:kms:dsse", SSEKMSKeyId=key)
    got = s3.get_object(Bucket="data", Key="a")
    assert got["ServerSideEncryption"] == "aws:kms:dsse"
    assert got["Body"].read() == b"dual"


def test_user_encryption_context_is_added_to_aws_s3_arn(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    context = base64.b64encode(json.dumps({"team": "data"}).encode()).decode()
    s3.put_object(
        Bucket="data",
        Key="a",
        Body=b"x",
        ServerSideEncryption="aws:kms",
        SSEKMSKeyId=key,
        SSEKMSEncryptionContext=context,
    )
    assert _stored(cloud, "a").encryption_context == {"aws:s3:arn": "arn:aws:s3:::data/a", "team": "data"}


def test_put_without_generate_data_key_permission_is_access_denied(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {"Effect": "Allow", "Principal": {"AWS": APP}, "Action": "kms:Decrypt", "Resource": "*"},
        )
    )["KeyMetadata"]["Arn"]
    app = _app(cloud)
    with pytest.raises(ClientError) as excinfo:
        app.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert _code(excinfo) == "AccessDenied"
    assert "kms:GenerateDataKey" in excinfo.value.response["Error"]["Message"]


def test_get_without_decrypt_permission_is_access_denied(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {"Effect": "Allow", "Principal": {"AWS": APP}, "Action": "kms:GenerateDataKey", "Resource": "*"},
        )
    )["KeyMetadata"]["Arn"]
    app = _app(cloud)
    app.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    with pytest.raises(ClientError) as excinfo:
        app.get_object(Bucket="data", Key="a")
    assert _code(excinfo) == "AccessDenied"
    assert "kms:Decrypt" in excinfo.value.response["Error"]["Message"]


def test_s3_kms_calls_carry_s3_via_service(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {
                "Effect": "Allow",
                "Principal": {"AWS": APP},
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": f"s3.{REGION}.amazonaws.com"}},
            },
        )
    )["KeyMetadata"]["Arn"]
    app = _app(cloud)
    app.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert app.get_object(Bucket="data", Key="a")["Body"].read() == b"x"


def test_disabled_key_surfaces_as_kms_disabled_exception(s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket="data", Key="a")
    assert _code(excinfo) == "KMS.DisabledException"


def test_key_in_another_region_cannot_encrypt_the_bucket(cloud: Cloud, s3: Any) -> None:
    other = cloud.client("kms", region="eu-west-1", account=A).create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=other)
    assert _code(excinfo).startswith("KMS.")


def test_kms_key_id_with_sse_s3_is_refused(s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="AES256", SSEKMSKeyId=key)
    assert _code(excinfo) == "InvalidArgument"


def test_explicit_sse_kms_without_key_id_uses_aws_s3_not_the_bucket_default_key(s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.put_bucket_encryption(
        Bucket="data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
            ]
        },
    )
    assert s3.put_object(Bucket="data", Key="default", Body=b"x")["SSEKMSKeyId"] == key
    explicit = s3.put_object(Bucket="data", Key="explicit", Body=b"x", ServerSideEncryption="aws:kms")[
        "SSEKMSKeyId"
    ]
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    assert explicit.endswith(aliases["alias/aws/s3"])


def test_objects_under_aws_s3_cannot_be_read_from_another_account(cloud: Cloud, s3: Any) -> None:
    """AWS managed keys cannot be used cross-account: a bucket policy sharing the object is not enough."""
    other = "222222222222"
    s3.put_object(Bucket="data", Key="a", Body=b"x", ServerSideEncryption="aws:kms")
    s3.put_bucket_policy(
        Bucket="data",
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{other}:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::data/*",
            }
        ),
    )
    with pytest.raises(ClientError) as excinfo:
        cloud.client("s3", region=REGION, account=other).get_object(Bucket="data", Key="a")
    assert _code(excinfo) == "AccessDenied"
    assert "kms:Decrypt" in excinfo.value.response["Error"]["Message"]


def test_head_object_reports_encryption_without_calling_kms(cloud: Cloud, s3: Any, kms: Any) -> None:
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {"Effect": "Allow", "Principal": {"AWS": APP}, "Action": "kms:GenerateDataKey", "Resource": "*"},
        )
    )["KeyMetadata"]["Arn"]
    app = _app(cloud)
    app.put_object(Bucket="data", Key="a", Body=b"xyz", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    head = app.head_object(Bucket="data", Key="a")
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"], head["ContentLength"]) == ("aws:kms", key, 3)
    assert "Body" not in head
    with pytest.raises(ClientError):
        app.get_object(Bucket="data", Key="a")
