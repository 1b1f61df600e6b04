"""What boto3 code sees is what botocore returns against AWS: its ClientError subclasses with AWS's error
shape, ResponseMetadata, the field types of the protocol, paginators, waiters, client.meta, and its own
parameter validation before anything reaches the simulator."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import boto3
import botocore.exceptions
import pytest
from botocore.response import StreamingBody
from dateutil.tz import tzlocal

from iacsim.testing import current_cloud, mock_aws

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


@mock_aws
def test_errors_are_the_clients_modelled_exception_classes() -> None:
    kms = boto3.client("kms")
    with pytest.raises(kms.exceptions.NotFoundException) as caught:
        kms.describe_key(KeyId="alias/missing")
    error = caught.value
    assert isinstance(error, botocore.exceptions.ClientError)
    assert error.operation_name == "DescribeKey"
    assert error.response["Error"]["Code"] == "NotFoundException"
    assert "alias/missing" in error.response["Error"]["Message"]
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert str(error).startswith("An error occurred (NotFoundException) when calling the DescribeKey operation")


@mock_aws
def test_query_protocol_errors_carry_the_models_status_and_type() -> None:
    iam = boto3.client("iam")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_role(RoleName="missing")
    response = caught.value.response
    assert response["Error"]["Code"] == "NoSuchEntity"
    assert response["Error"]["Type"] == "Sender"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404  # error.httpStatusCode in botocore's model


@mock_aws
def test_response_metadata_names_the_calls_cloudtrail_request_id() -> None:
    response = boto3.client("kms").create_key()
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200 and metadata["RetryAttempts"] == 0
    record = current_cloud().audit.events[-1]
    assert record["eventName"] == "CreateKey"
    assert metadata["RequestId"] == record["requestID"] == metadata["HTTPHeaders"]["x-amzn-requestid"]


@mock_aws
def test_timestamps_and_blobs_have_botocores_types_per_protocol() -> None:
    kms = boto3.client("kms")
    key = kms.create_key()["KeyMetadata"]
    assert isinstance(key["CreationDate"], datetime) and isinstance(key["CreationDate"].tzinfo, tzlocal)  # json
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext="text is encoded as botocore does")["CiphertextBlob"]
    assert isinstance(blob, bytes)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"text is encoded as botocore does"
    role = boto3.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST)["Role"]
    assert role["CreateDate"].tzinfo is not None  # query: ISO 8601 ("…Z"), parsed by botocore's parser
    assert abs(role["CreateDate"].timestamp() - key["CreationDate"].timestamp()) < 5


@mock_aws
def test_a_streaming_body_is_botocores_streaming_body() -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="data")
    s3.put_object(Bucket="data", Key="k", Body=b"payload")
    body = s3.get_object(Bucket="data", Key="k")["Body"]
    assert isinstance(body, StreamingBody)
    assert body.read() == b"payload"


@mock_aws
def test_members_the_output_shape_lacks_are_left_out() -> None:
    parameter = boto3.client("ssm")
    parameter.put_parameter(Name="/p", Value="v", Type="String")
    shape = parameter.meta.service_model.operation_model("GetParameter").output_shape.members["Parameter"]
    assert set(parameter.get_parameter(Name="/p")["Parameter"]) <= set(shape.members)


@mock_aws
def test_botocore_validates_parameters_before_the_simulator_sees_them() -> None:
    kms = boto3.client("kms")
    with pytest.raises(botocore.exceptions.ParamValidationError, match="Unknown parameter in input"):
        kms.encrypt(KeyID="k", Plaintext=b"x")
    with pytest.raises(botocore.exceptions.ParamValidationError, match="Invalid type for parameter"):
        kms.generate_random(NumberOfBytes="32")
    with pytest.raises(botocore.exceptions.ParamValidationError, match="Missing required parameter"):
        kms.encrypt(Plaintext=b"x")
    assert current_cloud().audit.events == []


@mock_aws(region="eu-west-1")
def test_client_meta_and_region() -> None:
    default = boto3.client("kms")
    other = boto3.client("kms", region_name="ap-southeast-2")
    assert default.meta.region_name == "eu-west-1"
    assert other.meta.region_name == "ap-southeast-2"
    assert ":ap-southeast-2:" in other.create_key()["KeyMetadata"]["Arn"]
    assert default.list_keys()["Keys"] == []


@mock_aws
def test_paginators_walk_every_page() -> None:
    ssm = boto3.client("ssm")
    for index in range(7):
        ssm.put_parameter(Name=f"/app/p{index}", Value=str(index), Type="String")
    pages = list(ssm.get_paginator("get_parameters_by_path").paginate(Path="/app",
                                                                      PaginationConfig={"PageSize": 3}))
    assert [len(page["Parameters"]) for page in pages] == [3, 3, 1]
    kms = boto3.client("kms")
    for _ in range(3):
        kms.create_key()
    keys = kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 2}).build_full_result()
    assert len(keys["Keys"]) == 3


@mock_aws
def test_waiters_poll_the_simulated_describe_operations() -> None:
    dynamodb = boto3.client("dynamodb")
    dynamodb.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    dynamodb.get_waiter("table_exists").wait(TableName="orders", WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    with pytest.raises(botocore.exceptions.WaiterError):
        dynamodb.get_waiter("table_exists").wait(TableName="missing", WaiterConfig={"Delay": 0, "MaxAttempts": 1})


@mock_aws
def test_successful_status_follows_the_model() -> None:
    iam = boto3.client("iam")
    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    response: dict[str, Any] = boto3.client("lambda").create_function(
        FunctionName="fn", Runtime="python3.12", Role=role, Handler="app.handler", Code={"ZipFile": b"zip"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201  # CreateFunction's responseCode


@mock_aws
def test_the_simulator_gets_the_callers_parameters_not_their_wire_form() -> None:
    """botocore's service-specific handlers rewrite parameters in place for the wire (S3's SSE-C key to
    base64, EC2's user data) before any handler on the general event runs; the simulator must see what the
    caller passed."""
    kms = boto3.client("kms")
    key = kms.create_key()["KeyMetadata"]["KeyId"]

    def rewrite_for_the_wire(params: dict[str, Any], **_: Any) -> None:
        params["Plaintext"] = b"wire form"

    kms.meta.events.register("before-parameter-build.kms.Encrypt", rewrite_for_the_wire)
    blob = kms.encrypt(KeyId=key, Plaintext=b"caller's value")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"caller's value"
