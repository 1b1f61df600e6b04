"""Rotation rules (docs/aws-behaviour.md §4): who can rotate, periods, on-demand limit, schedule on the simulated clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, START, code


def test_rotation_period_must_be_90_to_2560_days(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    for days in (89, 2561):
        with pytest.raises(ClientError) as exc:
            kms.enable_key_rotation(KeyId=key["KeyId"], RotationPeriodInDays=days)
        assert code(exc) == "ValidationException"
    kms.enable_key_rotation(KeyId=key["KeyId"])
    status = kms.get_key_rotation_status(KeyId=key["KeyId"])
    assert status["KeyRotationEnabled"] is True and status["RotationPeriodInDays"] == 365
    assert status["NextRotationDate"] == START + timedelta(days=365)
    kms.disable_key_rotation(KeyId=key["KeyId"])
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is False


def test_automatic_rotation_only_for_symmetric_aws_kms_keys(kms: Any) -> None:
    for kwargs in ({"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"},
                   {"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}, {"Origin": "EXTERNAL"}):
        key = kms.create_key(**kwargs)["KeyMetadata"]
        with pytest.raises(ClientError) as exc:
            kms.enable_key_rotation(KeyId=key["KeyId"])
        assert code(exc) in ("UnsupportedOperationException", "KMSInvalidStateException"), kwargs


def test_automatic_rotation_happens_on_the_simulated_clock(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key()["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"], RotationPeriodInDays=90)
    cloud.clock.advance(days=89)
    assert kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"] == []
    cloud.clock.advance(days=92)  # day 181: two rotations due
    rotations = kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"]
    assert [(r["RotationType"], r["RotationDate"]) for r in rotations] == [
        ("AUTOMATIC", START + timedelta(days=90)), ("AUTOMATIC", START + timedelta(days=180))]
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["CurrentKeyMaterialId"] == rotations[-1]["KeyMaterialId"]


def test_on_demand_rotation_is_limited_to_25(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    blobs = [kms.encrypt(KeyId=key["KeyId"], Plaintext=b"0")["CiphertextBlob"]]
    for i in range(25):
        kms.rotate_key_on_demand(KeyId=key["KeyId"])
        blobs.append(kms.encrypt(KeyId=key["KeyId"], Plaintext=str(i + 1).encode())["CiphertextBlob"])
    with pytest.raises(ClientError) as exc:
        kms.rotate_key_on_demand(KeyId=key["KeyId"])
    assert code(exc) == "LimitExceededException"
    assert [kms.decrypt(CiphertextBlob=b)["Plaintext"] for b in blobs] == [str(i).encode() for i in range(26)]


def test_on_demand_rotation_refused_for_disabled_and_asymmetric_keys(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    with pytest.raises(ClientError) as exc:
        kms.rotate_key_on_demand(KeyId=key["KeyId"])
    assert code(exc) == "DisabledException"
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.rotate_key_on_demand(KeyId=rsa["KeyId"])
    assert code(exc) == "UnsupportedOperationException"


def test_multi_region_rotation_is_set_on_the_primary_and_shared_by_replicas(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        west.enable_key_rotation(KeyId=key["KeyId"])
    assert code(exc) == "UnsupportedOperationException"
    kms.enable_key_rotation(KeyId=key["KeyId"])
    assert west.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is True
    kms.rotate_key_on_demand(KeyId=key["KeyId"])
    blob = west.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
    assert len(west.list_key_rotations(KeyId=key["KeyId"])["Rotations"]) == 1
