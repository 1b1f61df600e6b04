"""One test per KMS behaviour listed in issue 5 ("Behaviour to match"), named after it."""

from __future__ import annotations

from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, RoleFactory, allow, code


def _symmetric(kms: Any, **kwargs: Any) -> dict[str, Any]:
    return kms.create_key(**kwargs)["KeyMetadata"]  # type: ignore[no-any-return]


def test_decrypt_with_wrong_or_missing_context_is_invalid_ciphertext(kms: Any) -> None:
    key = _symmetric(kms)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret", EncryptionContext={"app": "a"})["CiphertextBlob"]
    for context in (None, {"app": "b"}, {"App": "a"}, {"app": "a", "extra": "x"}):
        kwargs = {"EncryptionContext": context} if context is not None else {}
        with pytest.raises(ClientError) as exc:
            kms.decrypt(CiphertextBlob=blob, **kwargs)
        assert code(exc) == "InvalidCiphertextException", context
    # Order does not matter, exact match does.
    blob2 = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"s", EncryptionContext={"a": "1", "b": "2"})["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob2, EncryptionContext={"b": "2", "a": "1"})["Plaintext"] == b"s"


def test_tampered_or_truncated_ciphertext_is_invalid_ciphertext(kms: Any) -> None:
    key = _symmetric(kms)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]
    for broken in (blob[:-1], blob[:20], blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:], b"\x01" + blob[1:13] + b"\xff"):
        with pytest.raises(ClientError) as exc:
            kms.decrypt(CiphertextBlob=broken)
        assert code(exc) == "InvalidCiphertextException"


def test_decrypt_naming_another_key_is_incorrect_key(kms: Any) -> None:
    first, second = _symmetric(kms), _symmetric(kms)
    blob = kms.encrypt(KeyId=first["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob, KeyId=second["Arn"])
    assert code(exc) == "IncorrectKeyException"
    assert kms.decrypt(CiphertextBlob=blob, KeyId=first["Arn"])["Plaintext"] == b"x"


def test_disabled_key_is_disabled_exception(kms: Any) -> None:
    key = _symmetric(kms)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    kms.disable_key(KeyId=key["KeyId"])
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    for call in (lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x"), lambda: kms.decrypt(CiphertextBlob=blob),
                 lambda: kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "DisabledException"
    kms.enable_key(KeyId=key["KeyId"])
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_pending_deletion_is_kms_invalid_state(kms: Any, cloud: Cloud) -> None:
    key = _symmetric(kms)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob)
    assert code(exc) == "KMSInvalidStateException"
    assert "pending deletion" in exc.value.response["Error"]["Message"]
    cloud.clock.advance(days=7)
    with pytest.raises(ClientError) as exc:
        kms.describe_key(KeyId=key["KeyId"])
    assert code(exc) == "NotFoundException"


def test_new_external_key_is_pending_import_and_cannot_encrypt(kms: Any) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert key["KeyState"] == "PendingImport" and key["Enabled"] is False
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert code(exc) == "KMSInvalidStateException"
    assert "pending import" in exc.value.response["Error"]["Message"]


def test_wrong_usage_is_invalid_key_usage(kms: Any) -> None:
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=signing["KeyId"], Plaintext=b"x")
    assert code(exc) == "InvalidKeyUsageException"
    symmetric = _symmetric(kms)
    with pytest.raises(ClientError) as exc:
        kms.sign(KeyId=symmetric["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")
    assert code(exc) == "InvalidKeyUsageException"
    mac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.generate_data_key(KeyId=mac["KeyId"], KeySpec="AES_256")
    assert code(exc) == "InvalidKeyUsageException"


def test_plaintext_over_4096_bytes_or_empty_is_validation_error(kms: Any) -> None:
    key = _symmetric(kms)
    for plaintext in (b"", b"x" * 4097):
        with pytest.raises(ClientError) as exc:
            kms.encrypt(KeyId=key["KeyId"], Plaintext=plaintext)
        assert code(exc) == "ValidationException"
    assert kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x" * 4096)["CiphertextBlob"]


def test_ciphertext_from_before_a_rotation_still_decrypts(kms: Any, cloud: Cloud) -> None:
    key = _symmetric(kms)
    old = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"before")["CiphertextBlob"]
    kms.rotate_key_on_demand(KeyId=key["KeyId"])
    kms.enable_key_rotation(KeyId=key["KeyId"], RotationPeriodInDays=90)
    cloud.clock.advance(days=91)
    new = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"after")["CiphertextBlob"]
    rotations = kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["ON_DEMAND", "AUTOMATIC"]
    assert kms.decrypt(CiphertextBlob=old)["Plaintext"] == b"before"
    assert kms.decrypt(CiphertextBlob=new)["Plaintext"] == b"after"
    assert old[14 + 36:14 + 36 + 32] != new[14 + 36:14 + 36 + 32]  # different material ids in the headers


def test_multi_region_ciphertext_made_in_one_region_decrypts_with_the_replica_in_another(cloud: Cloud,
                                                                                          kms: Any) -> None:
    key = _symmetric(kms, MultiRegion=True)
    blob = kms.encrypt(KeyId=key["Arn"], Plaintext=b"x", EncryptionContext={"k": "v"})["CiphertextBlob"]
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    result = west.decrypt(CiphertextBlob=blob, EncryptionContext={"k": "v"})
    assert result["Plaintext"] == b"x"
    assert result["KeyId"] == f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{key['KeyId']}"
    back = west.encrypt(KeyId=key["KeyId"], Plaintext=b"y")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=back)["Plaintext"] == b"y"


def test_single_region_ciphertext_does_not_decrypt_in_another_region(cloud: Cloud, kms: Any) -> None:
    key = _symmetric(kms)
    blob = kms.encrypt(KeyId=key["Arn"], Plaintext=b"x")["CiphertextBlob"]
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        west.decrypt(CiphertextBlob=blob)
    assert code(exc) == "InvalidCiphertextException"


def test_replicate_to_primary_region_or_existing_replica_region_is_already_exists(kms: Any) -> None:
    key = _symmetric(kms, MultiRegion=True)
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    for region in ("us-east-1", "eu-west-1"):
        with pytest.raises(ClientError) as exc:
            kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion=region)
        assert code(exc) == "AlreadyExistsException"


def test_replicate_a_replica_is_unsupported_operation(cloud: Cloud, kms: Any) -> None:
    key = _symmetric(kms, MultiRegion=True)
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        west.replicate_key(KeyId=key["KeyId"], ReplicaRegion="ap-south-1")
    assert code(exc) == "UnsupportedOperationException"
    assert "not a multi-region primary key" in exc.value.response["Error"]["Message"]


def test_replica_of_a_non_multi_region_key_is_impossible(kms: Any) -> None:
    key = _symmetric(kms)
    with pytest.raises(ClientError) as exc:
        kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    assert code(exc) == "UnsupportedOperationException"


def test_key_ids_of_multi_region_keys_start_with_mrk(kms: Any) -> None:
    multi = _symmetric(kms, MultiRegion=True)
    single = _symmetric(kms)
    assert multi["KeyId"].startswith("mrk-") and multi["MultiRegion"] is True
    assert multi["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"
    assert not single["KeyId"].startswith("mrk-") and single["MultiRegion"] is False


def test_alias_key_id_key_arn_and_alias_arn_all_work_as_key_id_where_aws_allows(kms: Any) -> None:
    key = _symmetric(kms)
    kms.create_alias(AliasName="alias/app", TargetKeyId=key["KeyId"])
    alias_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/app"
    for ref in (key["KeyId"], key["Arn"], "alias/app", alias_arn):
        blob = kms.encrypt(KeyId=ref, Plaintext=b"x")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=blob, KeyId=ref)["Plaintext"] == b"x"
        assert kms.describe_key(KeyId=ref)["KeyMetadata"]["KeyId"] == key["KeyId"]
    # Management operations take only a key id or key ARN.
    for ref in ("alias/app", alias_arn):
        with pytest.raises(ClientError) as exc:
            kms.disable_key(KeyId=ref)
        assert code(exc) == "NotFoundException"


def test_cross_region_lookup_by_id_is_not_found(cloud: Cloud, kms: Any) -> None:
    key = _symmetric(kms)
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    for ref in (key["KeyId"], key["Arn"]):
        with pytest.raises(ClientError) as exc:
            west.describe_key(KeyId=ref)
        assert code(exc) == "NotFoundException"


def test_bad_signature_is_kms_invalid_signature(kms: Any) -> None:
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    sig = kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    assert kms.verify(KeyId=key["KeyId"], Message=b"m", Signature=sig,
                      SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"] is True
    with pytest.raises(ClientError) as exc:
        kms.verify(KeyId=key["KeyId"], Message=b"other", Signature=sig, SigningAlgorithm="ECDSA_SHA_256")
    assert code(exc) == "KMSInvalidSignatureException"


def test_bad_mac_is_kms_invalid_mac(kms: Any) -> None:
    key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    mac = kms.generate_mac(KeyId=key["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert kms.verify_mac(KeyId=key["KeyId"], Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_256")["MacValid"]
    with pytest.raises(ClientError) as exc:
        kms.verify_mac(KeyId=key["KeyId"], Message=b"m", Mac=bytes(32), MacAlgorithm="HMAC_SHA_256")
    assert code(exc) == "KMSInvalidMacException"


def test_every_call_is_authorized_and_denial_carries_the_explanation(cloud: Cloud, kms: Any,
                                                                     make_role: RoleFactory) -> None:
    key = _symmetric(kms)
    role = make_role("reader", allow("kms:Decrypt"))
    app = cloud.client("kms", principal=role)
    with pytest.raises(ClientError) as exc:
        app.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    assert code(exc) == "AccessDeniedException"
    message = exc.value.response["Error"]["Message"]
    assert role in message and "kms:Encrypt" in message and key["Arn"] in message
    assert "because" in message and "identity" in message
