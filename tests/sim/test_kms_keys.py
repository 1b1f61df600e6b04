"""Key creation for every KeySpec/KeyUsage combination (docs/aws-behaviour.md §2), key states and lifecycle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud
from iacsim.sim.kms.asymmetric import mldsa_available

from .conftest import ACCOUNT, START, code

NEEDS_MLDSA = pytest.mark.skipif(not mldsa_available(), reason="cryptography without ML-DSA support")

VALID = [
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "EncryptionAlgorithms", ["SYMMETRIC_DEFAULT"]),
    ("HMAC_224", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_224"]),
    ("HMAC_256", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_256"]),
    ("HMAC_384", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_384"]),
    ("HMAC_512", "GENERATE_VERIFY_MAC", "MacAlgorithms", ["HMAC_SHA_512"]),
    ("RSA_2048", "ENCRYPT_DECRYPT", "EncryptionAlgorithms", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
    ("RSA_3072", "SIGN_VERIFY", "SigningAlgorithms", None),
    ("RSA_4096", "ENCRYPT_DECRYPT", "EncryptionAlgorithms", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
    ("RSA_2048", "SIGN_VERIFY", "SigningAlgorithms", None),
    ("ECC_NIST_P256", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_256"]),
    ("ECC_NIST_P384", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_384"]),
    ("ECC_NIST_P521", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_512"]),
    ("ECC_NIST_P256", "KEY_AGREEMENT", "KeyAgreementAlgorithms", ["ECDH"]),
    ("ECC_NIST_P384", "KEY_AGREEMENT", "KeyAgreementAlgorithms", ["ECDH"]),
    ("ECC_NIST_P521", "KEY_AGREEMENT", "KeyAgreementAlgorithms", ["ECDH"]),
    ("ECC_NIST_EDWARDS25519", "SIGN_VERIFY", "SigningAlgorithms", ["ED25519_SHA_512", "ED25519_PH_SHA_512"]),
    ("ECC_SECG_P256K1", "SIGN_VERIFY", "SigningAlgorithms", ["ECDSA_SHA_256"]),
    *[pytest.param(spec, "SIGN_VERIFY", "SigningAlgorithms", ["ML_DSA_SHAKE_256"], marks=NEEDS_MLDSA)
      for spec in ("ML_DSA_44", "ML_DSA_65", "ML_DSA_87")],
]

INVALID = [
    ("SYMMETRIC_DEFAULT", "SIGN_VERIFY"),
    ("HMAC_256", "ENCRYPT_DECRYPT"),
    ("HMAC_256", None),  # HMAC keys must name GENERATE_VERIFY_MAC
    ("ECC_NIST_P256", None),  # ECC keys default to ENCRYPT_DECRYPT, which they do not support
    ("ECC_NIST_P256", "ENCRYPT_DECRYPT"),
    ("ECC_SECG_P256K1", "KEY_AGREEMENT"),
    ("ECC_NIST_EDWARDS25519", "KEY_AGREEMENT"),
    ("RSA_2048", "KEY_AGREEMENT"),
    ("RSA_2048", "GENERATE_VERIFY_MAC"),
    ("ML_DSA_44", "ENCRYPT_DECRYPT"),
    ("SM2", "SIGN_VERIFY"),  # China Regions only
    ("AES_256", None),  # a data key spec, not a key spec
]


@pytest.mark.parametrize(("spec", "usage", "field", "algorithms"), VALID)
def test_every_valid_key_spec_and_usage_combination_is_created(kms: Any, spec: str, usage: str, field: str,
                                                               algorithms: list[str] | None) -> None:
    meta = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
    assert (meta["KeySpec"], meta["KeyUsage"], meta["KeyState"], meta["Origin"]) == (spec, usage, "Enabled", "AWS_KMS")
    assert meta["Arn"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{meta['KeyId']}"
    if algorithms is not None:
        assert meta[field] == algorithms
    else:
        assert "RSASSA_PSS_SHA_256" in meta[field] and "RSASSA_PKCS1_V1_5_SHA_512" in meta[field]


@pytest.mark.parametrize(("spec", "usage"), INVALID)
def test_invalid_key_spec_and_usage_combinations_are_validation_errors(kms: Any, spec: str, usage: str | None) -> None:
    kwargs: dict[str, Any] = {"KeySpec": spec}
    if usage:
        kwargs["KeyUsage"] = usage
    with pytest.raises(ClientError) as exc:
        kms.create_key(**kwargs)
    assert code(exc) == "ValidationException"


def test_create_key_defaults_to_symmetric_with_the_default_key_policy(kms: Any) -> None:
    import json

    meta = kms.create_key(Description="d")["KeyMetadata"]
    assert (meta["KeySpec"], meta["KeyUsage"], meta["Description"], meta["KeyManager"]) == (
        "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "d", "CUSTOMER")
    policy = json.loads(kms.get_key_policy(KeyId=meta["KeyId"])["Policy"])
    assert policy["Id"] == "key-default-1"
    assert policy["Statement"] == [{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
                                    "Resource": "*"}]


def test_custom_key_store_origins_are_not_simulated(kms: Any) -> None:
    with pytest.raises(NotImplementedError, match="custom key store"):
        kms.create_key(Origin="AWS_CLOUDHSM")


def test_schedule_key_deletion_window_is_7_to_30_days(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key()["KeyMetadata"]
    for days in (6, 31):
        with pytest.raises(ClientError) as exc:
            kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=days)
        assert code(exc) == "ValidationException"
    result = kms.schedule_key_deletion(KeyId=key["KeyId"])
    assert result["DeletionDate"] == START + timedelta(days=30)
    assert result["KeyState"] == "PendingDeletion"
    meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion" and meta["DeletionDate"] == START + timedelta(days=30)


def test_cancel_key_deletion_leaves_the_key_disabled(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=key["KeyId"])
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    with pytest.raises(ClientError) as exc:
        kms.cancel_key_deletion(KeyId=key["KeyId"])
    assert code(exc) == "KMSInvalidStateException"


def test_reencrypt_from_or_to_a_key_pending_deletion_fails(kms: Any) -> None:
    # KDG key-state table: ReEncrypt's PendingDeletion cell is "[2] or [3]" for either key.
    source, dest = kms.create_key()["KeyMetadata"], kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=source["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    moved = kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=dest["KeyId"])
    assert moved["SourceKeyId"] == source["Arn"] and moved["KeyId"] == dest["Arn"]
    assert kms.decrypt(CiphertextBlob=moved["CiphertextBlob"])["Plaintext"] == b"x"
    kms.schedule_key_deletion(KeyId=source["KeyId"], PendingWindowInDays=7)
    with pytest.raises(ClientError) as exc:
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=dest["KeyId"])
    assert code(exc) == "KMSInvalidStateException"
    back = kms.encrypt(KeyId=dest["KeyId"], Plaintext=b"y")["CiphertextBlob"]
    with pytest.raises(ClientError) as exc:
        kms.re_encrypt(CiphertextBlob=back, DestinationKeyId=source["KeyId"])
    assert code(exc) == "KMSInvalidStateException"


def test_management_operations_follow_the_key_state_table(kms: Any) -> None:
    external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    for call in (kms.enable_key, kms.disable_key):
        with pytest.raises(ClientError) as exc:
            call(KeyId=external["KeyId"])
        assert code(exc) == "KMSInvalidStateException" and "pending import" in exc.value.response["Error"]["Message"]
    disabled = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=disabled["KeyId"])
    with pytest.raises(ClientError) as exc:
        kms.create_grant(KeyId=disabled["KeyId"], GranteePrincipal=f"arn:aws:iam::{ACCOUNT}:root",
                         Operations=["Decrypt"])
    assert code(exc) == "DisabledException"
    deleting = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/moving", TargetKeyId=deleting["KeyId"])
    kms.schedule_key_deletion(KeyId=deleting["KeyId"], PendingWindowInDays=7)
    # PutKeyPolicy works in every state; an alias can be moved off a key pending deletion, not onto one.
    kms.put_key_policy(KeyId=deleting["KeyId"], Policy=kms.get_key_policy(KeyId=deleting["KeyId"])["Policy"])
    kms.update_alias(AliasName="alias/moving", TargetKeyId=disabled["KeyId"])
    with pytest.raises(ClientError) as exc:
        kms.update_alias(AliasName="alias/moving", TargetKeyId=deleting["KeyId"])
    assert code(exc) == "KMSInvalidStateException"
    for call in (lambda: kms.update_key_description(KeyId=deleting["KeyId"], Description="x"),
                 lambda: kms.tag_resource(KeyId=deleting["KeyId"], Tags=[{"TagKey": "a", "TagValue": "b"}]),
                 lambda: kms.enable_key_rotation(KeyId=deleting["KeyId"])):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "KMSInvalidStateException"


def test_list_keys_pages_with_markers_and_omits_deleted_keys(kms: Any, cloud: Cloud) -> None:
    ids = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(3)]
    first = kms.list_keys(Limit=2)
    assert first["Truncated"] is True and len(first["Keys"]) == 2
    second = kms.list_keys(Limit=2, Marker=first["NextMarker"])
    assert [k["KeyId"] for k in first["Keys"] + second["Keys"]] == ids
    kms.schedule_key_deletion(KeyId=ids[0], PendingWindowInDays=7)
    cloud.clock.advance(days=8)
    assert [k["KeyId"] for k in kms.list_keys()["Keys"]] == ids[1:]


def test_put_key_policy_replaces_the_policy_and_only_default_name_exists(kms: Any) -> None:
    import json

    key = kms.create_key()["KeyMetadata"]
    text = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
         "Resource": "*"}]})
    kms.put_key_policy(KeyId=key["KeyId"], Policy=text)
    assert kms.get_key_policy(KeyId=key["KeyId"])["Policy"] == text
    assert kms.list_key_policies(KeyId=key["KeyId"])["PolicyNames"] == ["default"]
    with pytest.raises(ClientError) as exc:
        kms.get_key_policy(KeyId=key["KeyId"], PolicyName="other")
    assert code(exc) == "NotFoundException"


def test_tags_and_description_round_trip(kms: Any) -> None:
    key = kms.create_key(Tags=[{"TagKey": "team", "TagValue": "a"}])["KeyMetadata"]
    kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "env", "TagValue": "prod"}])
    kms.untag_resource(KeyId=key["KeyId"], TagKeys=["team"])
    assert kms.list_resource_tags(KeyId=key["KeyId"])["Tags"] == [{"TagKey": "env", "TagValue": "prod"}]
    kms.update_key_description(KeyId=key["KeyId"], Description="new")
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["Description"] == "new"
    with pytest.raises(ClientError) as exc:
        kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "aws:x", "TagValue": "v"}])
    assert code(exc) == "TagException"


def test_dry_run_authorizes_without_effect(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", DryRun=True)
    assert code(exc) == "DryRunOperationException"
