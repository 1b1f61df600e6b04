"""The simulated cloud core: clients, clock, registry, boto3-shaped errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from iacsim.sim import (
    ClientError,
    Cloud,
    ParamValidationError,
    Principal,
    UnsupportedOperationError,
    UnsupportedParameterError,
)
from iacsim.sim.cloud import service_spec

from .conftest import ACCOUNT, START


def test_client_error_has_botocore_shape(cloud: Cloud) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        iam.get_role(RoleName="missing")
    assert exc.value.response["Error"]["Code"] == "NoSuchEntity"
    assert "missing" in exc.value.response["Error"]["Message"]
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert exc.value.operation_name == "GetRole"
    assert str(exc.value).startswith("An error occurred (NoSuchEntity) when calling the GetRole operation: ")


def test_unsupported_parameter_is_refused_not_ignored(kms: object) -> None:
    with pytest.raises(UnsupportedParameterError) as exc:
        kms.create_key(CustomKeyStoreId="cks-1")  # type: ignore[attr-defined]
    assert isinstance(exc.value, NotImplementedError)
    assert "CustomKeyStoreId" in str(exc.value) and "CreateKey" in str(exc.value)


def test_unsupported_operation_raises_not_implemented(kms: object) -> None:
    with pytest.raises(UnsupportedOperationError) as exc:
        kms.create_custom_key_store(CustomKeyStoreName="x")  # type: ignore[attr-defined]
    assert "kms.create_custom_key_store" in str(exc.value)


def test_positional_arguments_and_missing_required_parameters_are_refused(kms: object) -> None:
    with pytest.raises(ParamValidationError, match="keyword"):
        kms.describe_key("alias/x")  # type: ignore[attr-defined]
    with pytest.raises(ParamValidationError, match="KeyId"):
        kms.describe_key()  # type: ignore[attr-defined]


def test_account_only_client_acts_as_account_root(cloud: Cloud) -> None:
    kms = cloud.client("kms", account="222222222222")
    assert kms.caller.principal == Principal.root("222222222222")
    assert kms.region == "us-east-1"
    default = cloud.client("kms")
    assert default.caller.principal.arn == f"arn:aws:iam::{ACCOUNT}:root"


def test_principal_client_takes_account_from_arn_and_rejects_mismatch(cloud: Cloud) -> None:
    client = cloud.client("kms", principal="arn:aws:iam::333333333333:user/alice")
    assert client.account == "333333333333"
    with pytest.raises(ValueError, match="not in account"):
        cloud.client("kms", account=ACCOUNT, principal="arn:aws:iam::333333333333:user/alice")


def test_unknown_region_and_service_fail_loudly(cloud: Cloud) -> None:
    with pytest.raises(ValueError, match="us-east1"):
        cloud.client("kms", region="us-east1")
    with pytest.raises(NotImplementedError, match="kinesis"):
        cloud.client("kinesis")


def test_backends_are_indexed_by_account_then_region_and_created_lazily(cloud: Cloud) -> None:
    east = cloud.backends("kms")[ACCOUNT]["us-east-1"]
    assert cloud.backends("kms")[ACCOUNT]["us-east-1"] is east
    assert cloud.backends("kms")[ACCOUNT]["eu-west-1"] is not east
    assert cloud.backends("iam")[ACCOUNT]["global"] is cloud.backends("iam")[ACCOUNT]["global"]
    with pytest.raises(KeyError):
        cloud.backends("iam")[ACCOUNT]["us-east-1"]
    assert service_spec("kms").name == "kms"


def test_clock_only_moves_forward_on_request() -> None:
    cloud = Cloud(start=START)
    assert cloud.clock.now() == START
    assert cloud.clock.advance(days=2, hours=3) == START + timedelta(days=2, hours=3)
    with pytest.raises(ValueError):
        cloud.clock.advance(days=-1)
    with pytest.raises(ValueError):
        Cloud(start=datetime(2026, 1, 1))  # naive datetimes are ambiguous


def test_via_sets_kms_via_service_for_the_calling_service(cloud: Cloud) -> None:
    client = cloud.via("ssm", "kms", "eu-west-1", Principal.parse("arn:aws:iam::111111111111:role/app"))
    assert client.caller.via_service == "ssm.eu-west-1.amazonaws.com"
    assert client.caller.principal.arn == "arn:aws:iam::111111111111:role/app"
    assert client.region == "eu-west-1"


def test_principal_parsing_covers_root_user_role_session_and_service() -> None:
    assert Principal.parse("arn:aws:iam::111111111111:root").kind == "root"
    user = Principal.parse("arn:aws:iam::111111111111:user/team/alice")
    assert (user.kind, user.name) == ("user", "alice")
    session = Principal.parse("arn:aws:sts::111111111111:assumed-role/app/i-123")
    assert (session.kind, session.name, session.session_name) == ("assumed-role", "app", "i-123")
    assert Principal.parse("s3.amazonaws.com").kind == "service"
    with pytest.raises(ValueError):
        Principal.parse("arn:aws:s3:::bucket")


def test_clock_default_start_is_timezone_aware() -> None:
    assert Cloud().clock.now().tzinfo is UTC
