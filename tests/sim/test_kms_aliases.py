"""Aliases: name rules, uniqueness, the same-type rule of UpdateAlias, listing."""

from __future__ import annotations

from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, code


def test_alias_names_are_validated_and_unique_per_region(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    for bad in ("app", "alias/", "alias/bad name", "alias/" + "a" * 251):
        with pytest.raises(ClientError) as exc:
            kms.create_alias(AliasName=bad, TargetKeyId=key["KeyId"])
        assert code(exc) == "ValidationException", bad
    kms.create_alias(AliasName="alias/app", TargetKeyId=key["KeyId"])
    with pytest.raises(ClientError) as exc:
        kms.create_alias(AliasName="alias/app", TargetKeyId=key["KeyId"])
    assert code(exc) == "AlreadyExistsException"
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    west_key = west.create_key()["KeyMetadata"]
    west.create_alias(AliasName="alias/app", TargetKeyId=west_key["KeyId"])  # other region, other alias


def test_alias_cannot_point_to_a_key_in_another_region_or_through_another_alias(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/a", TargetKeyId=key["KeyId"])
    with pytest.raises(ClientError) as exc:
        kms.create_alias(AliasName="alias/b", TargetKeyId="alias/a")
    assert code(exc) == "NotFoundException"
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        west.create_alias(AliasName="alias/c", TargetKeyId=key["Arn"])
    assert code(exc) == "NotFoundException"


def test_update_alias_requires_same_key_type_and_usage(kms: Any) -> None:
    first = kms.create_key()["KeyMetadata"]
    second = kms.create_key()["KeyMetadata"]
    signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    rsa_encrypt = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    kms.create_alias(AliasName="alias/app", TargetKeyId=first["KeyId"])
    kms.update_alias(AliasName="alias/app", TargetKeyId=second["KeyId"])
    assert kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == second["KeyId"]
    for other in (signing, rsa_encrypt):
        with pytest.raises(ClientError) as exc:
            kms.update_alias(AliasName="alias/app", TargetKeyId=other["KeyId"])
        assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        kms.update_alias(AliasName="alias/missing", TargetKeyId=first["KeyId"])
    assert code(exc) == "NotFoundException"


def test_list_and_delete_aliases(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/a", TargetKeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/b", TargetKeyId=other["KeyId"])
    listed = kms.list_aliases()["Aliases"]
    assert [(a["AliasName"], a["TargetKeyId"]) for a in listed] == [("alias/a", key["KeyId"]),
                                                                     ("alias/b", other["KeyId"])]
    assert listed[0]["AliasArn"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/a"
    assert [a["AliasName"] for a in kms.list_aliases(KeyId=other["KeyId"])["Aliases"]] == ["alias/b"]
    kms.delete_alias(AliasName="alias/a")
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId="alias/a", Plaintext=b"x")
    assert code(exc) == "NotFoundException"


def test_alias_of_a_deleted_key_disappears(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/gone", TargetKeyId=key["KeyId"])
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    cloud.clock.advance(days=7)
    assert kms.list_aliases()["Aliases"] == []
