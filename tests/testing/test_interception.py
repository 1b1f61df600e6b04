"""mock_aws answers every boto3 call from the simulated cloud: clients made before and inside the block,
threads, sessions and profiles, resources; and nothing is sent (the conftest blocks sockets)."""

from __future__ import annotations

import json
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import botocore.exceptions
import pytest
from botocore.client import BaseClient
from botocore.stub import Stubber

from iacsim.sim import Cloud
from iacsim.testing import NotSimulated, acting_as, current_cloud, mock_aws

ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"


def _offline_client(service: str, region: str = "us-east-1") -> Any:
    """A client made outside any mock with credentials of its own (no credential lookup, no network)."""
    return boto3.client(service, region_name=region, aws_access_key_id="AKIAEXAMPLEOUTSIDE00",
                        aws_secret_access_key="outside")


def _create_role(cloud: Cloud, statements: list[dict[str, Any]]) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="app", PolicyName="app",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))


def test_the_network_is_blocked_in_these_tests(no_network: list[Any]) -> None:
    with pytest.raises(AssertionError, match="network connection attempted"):
        socket.create_connection(("kms.us-east-1.amazonaws.com", 443))
    with pytest.raises(AssertionError, match="network connection attempted"):
        socket.socket().connect(("169.254.169.254", 80))
    assert len(no_network) == 2
    no_network.clear()


def test_clients_made_before_and_inside_the_block_are_answered(no_network: list[Any]) -> None:
    before = _offline_client("kms")
    with mock_aws() as cloud:
        inside = boto3.client("kms")
        key = inside.create_key(Description="app")["KeyMetadata"]
        blob = inside.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]
        assert before.decrypt(CiphertextBlob=blob)["Plaintext"] == b"secret"
        assert [k["KeyId"] for k in before.list_keys()["Keys"]] == [key["KeyId"]]
    assert cloud.backends("kms")[ACCOUNT]["us-east-1"].keys  # the calls changed the simulated cloud
    assert not no_network


def test_after_the_block_botocore_is_as_before() -> None:
    original = BaseClient._make_api_call
    client = _offline_client("kms")
    with mock_aws():
        client.list_keys()
        assert BaseClient._make_api_call is not original
    assert BaseClient._make_api_call is original
    with Stubber(client) as stub:  # the client's own handlers answer again, not the simulator
        stub.add_response("list_keys", {"Keys": [{"KeyId": "stubbed"}]})
        assert client.list_keys()["Keys"] == [{"KeyId": "stubbed"}]


def test_calls_from_other_threads_are_answered() -> None:
    with mock_aws() as cloud:
        key = boto3.client("kms").create_key()["KeyMetadata"]["KeyId"]

        def roundtrip(index: int) -> bytes:
            client = boto3.client("kms")
            blob = client.encrypt(KeyId=key, Plaintext=f"value {index}".encode())["CiphertextBlob"]
            plaintext: bytes = client.decrypt(CiphertextBlob=blob)["Plaintext"]
            return plaintext

        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(roundtrip, range(8)))
    assert results == [f"value {i}".encode() for i in range(8)]
    assert sum(1 for event in cloud.audit.events if event["eventName"] == "Decrypt") == 8


def test_sessions_and_named_profiles_act_as_their_principals() -> None:
    cloud = Cloud()
    _create_role(cloud, [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}])
    with mock_aws(cloud, profiles={"app": ROLE, "admin": None}):
        assert boto3.Session().client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
        app = boto3.Session(profile_name="app")
        assert app.client("sts").get_caller_identity()["Arn"] == ROLE
        assert app.region_name == "us-east-1"
        assert boto3.Session(profile_name="admin").client("sts").get_caller_identity()["Account"] == ACCOUNT
        with pytest.raises(botocore.exceptions.ProfileNotFound):
            boto3.Session(profile_name="not-listed")


def test_the_principal_is_switched_in_one_place() -> None:
    cloud = Cloud()
    _create_role(cloud, [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}])
    with mock_aws(cloud, principal=ROLE):
        sts = boto3.client("sts")
        assert sts.get_caller_identity()["Arn"] == ROLE
        with acting_as(f"arn:aws:iam::{ACCOUNT}:root"):
            assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
        assert sts.get_caller_identity()["Arn"] == ROLE


def test_assumed_role_credentials_act_as_the_session() -> None:
    cloud = Cloud()
    _create_role(cloud, [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}])
    with mock_aws(cloud):
        creds = boto3.client("sts").assume_role(RoleArn=ROLE, RoleSessionName="job")["Credentials"]
        assert isinstance(creds["Expiration"].year, int)
        session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                aws_session_token=creds["SessionToken"])
        arn = session.client("sts").get_caller_identity()["Arn"]
    assert arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/app/job"


def test_a_denied_call_is_botocores_client_error_with_the_explanation() -> None:
    """The classic bug: the role may read the parameter but not decrypt it with the key."""
    cloud = Cloud()
    _create_role(cloud, [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}])
    with mock_aws(cloud):
        kms = boto3.client("kms")
        key = kms.create_key()["KeyMetadata"]["Arn"]
        boto3.client("ssm").put_parameter(Name="/app/db", Value="pw", Type="SecureString", KeyId=key)
        with acting_as(ROLE), pytest.raises(botocore.exceptions.ClientError) as caught:
            boto3.client("ssm").get_parameter(Name="/app/db", WithDecryption=True)
    error = caught.value.response["Error"]
    assert caught.value.operation_name == "GetParameter"
    assert error["Code"] in {"AccessDeniedException", "AccessDenied"}
    assert "kms:Decrypt" in error["Message"] and ROLE in error["Message"]


def test_unimplemented_services_operations_and_forms_fail_loudly() -> None:
    with mock_aws():
        with pytest.raises(NotSimulated, match=r"route53\.ListHostedZones \(service\)"):
            boto3.client("route53").list_hosted_zones()
        with pytest.raises(NotSimulated, match=r"kms\.DescribeCustomKeyStores \(operation\)"):
            boto3.client("kms").describe_custom_key_stores()
        with pytest.raises(NotSimulated, match=r"iam\.GetUser"):  # valid for AWS (the caller); not simulated
            boto3.client("iam").get_user()
        try:
            boto3.client("kms").describe_custom_key_stores()
        except botocore.exceptions.ClientError:  # application code's usual handler does not swallow it
            pytest.fail("NotSimulated must not be a ClientError")
        except NotSimulated:
            pass


def test_an_unsupported_parameter_names_itself() -> None:
    with mock_aws(), pytest.raises(NotSimulated, match=r"kms\.CreateKey \(parameter\(s\) CustomKeyStoreId\)"):
        boto3.client("kms").create_key(CustomKeyStoreId="cks-1234567890abcdef0")


def test_resources_go_through_the_same_path() -> None:
    with mock_aws():
        s3 = boto3.resource("s3")
        bucket = s3.Bucket("app-data")
        bucket.create()
        bucket.put_object(Key="report.csv", Body=b"a,b\n")
        assert s3.Object("app-data", "report.csv").get()["Body"].read() == b"a,b\n"


def test_the_environment_and_default_session_come_back() -> None:
    sentinel = boto3.session.Session(region_name="ap-south-1", aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
    saved_default, boto3.DEFAULT_SESSION = boto3.DEFAULT_SESSION, sentinel
    os.environ["AWS_PROFILE"] = "someone-real"
    try:
        with mock_aws(region="eu-west-1"):
            assert "AWS_PROFILE" not in os.environ
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
            assert boto3.client("kms").meta.region_name == "eu-west-1"
        assert os.environ["AWS_PROFILE"] == "someone-real"
        assert boto3.DEFAULT_SESSION is sentinel
    finally:
        os.environ.pop("AWS_PROFILE", None)
        boto3.DEFAULT_SESSION = saved_default


def test_decorator_forms_give_a_fresh_cloud_per_call() -> None:
    seen: list[Cloud] = []

    @mock_aws
    def bare() -> None:
        boto3.client("kms").create_key()
        seen.append(current_cloud())

    @mock_aws(region="eu-central-1")
    def configured() -> str:
        region: str = boto3.client("kms").create_key()["KeyMetadata"]["Arn"].split(":")[3]
        seen.append(current_cloud())
        return region

    bare()
    bare()
    assert configured() == "eu-central-1"
    assert len({id(c) for c in seen}) == 3


def test_nested_blocks_answer_from_the_innermost_cloud() -> None:
    with mock_aws() as outer:
        kms = boto3.client("kms")
        kms.create_key()
        with mock_aws() as inner:
            assert kms.list_keys()["Keys"] == []
            kms.create_key()
        assert len(kms.list_keys()["Keys"]) == 1
    assert len(inner.backends("kms")[ACCOUNT]["us-east-1"].keys) == 1
    assert len(outer.backends("kms")[ACCOUNT]["us-east-1"].keys) == 1
