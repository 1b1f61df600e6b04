"""Imported key material: wrapping, token lifetime, expiry on the simulated clock, re-import, deletion."""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, keywrap, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, START, code


def wrap(params: dict[str, Any], material: bytes, algorithm: str) -> bytes:
    public = serialization.load_der_public_key(params["PublicKey"])
    assert isinstance(public, rsa.RSAPublicKey)
    h: hashes.HashAlgorithm = hashes.SHA256() if algorithm.endswith("256") else hashes.SHA1()
    oaep = padding.OAEP(padding.MGF1(h), h, None)
    if algorithm.startswith("RSAES_OAEP"):
        return public.encrypt(material, oaep)
    aes = os.urandom(32)
    return public.encrypt(aes, oaep) + keywrap.aes_key_wrap_with_padding(aes, material)


def import_material(kms: Any, key_id: str, material: bytes, algorithm: str = "RSAES_OAEP_SHA_256",
                    **kwargs: Any) -> dict[str, Any]:
    params = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec="RSA_2048")
    if "ExpirationModel" not in kwargs:
        kwargs["ExpirationModel"] = "KEY_MATERIAL_DOES_NOT_EXPIRE"
    return kms.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"],  # type: ignore[no-any-return]
                                   EncryptedKeyMaterial=wrap(params, material, algorithm), **kwargs)


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_256", "RSAES_OAEP_SHA_1",
                                       "RSA_AES_KEY_WRAP_SHA_1"])
def test_imported_symmetric_material_makes_the_key_usable(kms: Any, algorithm: str) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    import_material(kms, key["KeyId"], os.urandom(32), algorithm)
    meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE"
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_get_parameters_for_import_on_an_aws_kms_key_is_unsupported(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                      WrappingKeySpec="RSA_2048")
    assert code(exc) == "UnsupportedOperationException"


def test_import_token_is_valid_24_hours(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    params = kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                           WrappingKeySpec="RSA_2048")
    assert params["ParametersValidTo"] == START + timedelta(hours=24)
    cloud.clock.advance(hours=24, seconds=1)
    with pytest.raises(ClientError) as exc:
        kms.import_key_material(KeyId=key["KeyId"], ImportToken=params["ImportToken"],
                                EncryptedKeyMaterial=wrap(params, os.urandom(32), "RSAES_OAEP_SHA_256"),
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert code(exc) == "ExpiredImportTokenException"


def test_import_token_of_another_key_is_invalid(kms: Any) -> None:
    a = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    b = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    params = kms.get_parameters_for_import(KeyId=a["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                           WrappingKeySpec="RSA_2048")
    with pytest.raises(ClientError) as exc:
        kms.import_key_material(KeyId=b["KeyId"], ImportToken=params["ImportToken"],
                                EncryptedKeyMaterial=wrap(params, os.urandom(32), "RSAES_OAEP_SHA_256"),
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert code(exc) == "InvalidImportTokenException"


def test_key_material_expires_needs_valid_to_within_365_days(kms: Any) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    for kwargs in ({"ExpirationModel": "KEY_MATERIAL_EXPIRES"}, {},
                   {"ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": START + timedelta(days=366)},
                   {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "ValidTo": START + timedelta(days=1)}):
        params = kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                               WrappingKeySpec="RSA_2048")
        args = {"ExpirationModel": "KEY_MATERIAL_EXPIRES", **kwargs} if kwargs else {}
        with pytest.raises(ClientError) as exc:
            kms.import_key_material(KeyId=key["KeyId"], ImportToken=params["ImportToken"],
                                    EncryptedKeyMaterial=wrap(params, os.urandom(32), "RSAES_OAEP_SHA_256"), **args)
        assert code(exc) == "ValidationException", kwargs


def test_expired_material_makes_the_key_pending_import_until_reimported(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    material = os.urandom(32)
    import_material(kms, key["KeyId"], material, ExpirationModel="KEY_MATERIAL_EXPIRES",
                    ValidTo=START + timedelta(days=10))
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["ValidTo"] == START + timedelta(days=10)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    cloud.clock.advance(days=10)
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob)
    assert code(exc) == "KMSInvalidStateException"
    with pytest.raises(ClientError) as exc:  # different material is refused
        import_material(kms, key["KeyId"], os.urandom(32))
    assert code(exc) == "IncorrectKeyMaterialException"
    import_material(kms, key["KeyId"], material)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_delete_imported_key_material_returns_the_key_to_pending_import(kms: Any) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    import_material(kms, key["KeyId"], os.urandom(32))
    kms.delete_imported_key_material(KeyId=key["KeyId"])
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert code(exc) == "KMSInvalidStateException"


def test_external_symmetric_key_rotates_on_demand_after_new_key_material(kms: Any) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    import_material(kms, key["KeyId"], os.urandom(32))
    old = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"old")["CiphertextBlob"]
    with pytest.raises(ClientError) as exc:
        kms.rotate_key_on_demand(KeyId=key["KeyId"])
    assert code(exc) == "KMSInvalidStateException"
    with pytest.raises(ClientError) as exc:  # automatic rotation is for AWS_KMS origin only
        kms.enable_key_rotation(KeyId=key["KeyId"])
    assert code(exc) == "UnsupportedOperationException"
    import_material(kms, key["KeyId"], os.urandom(32), ImportType="NEW_KEY_MATERIAL")
    kms.rotate_key_on_demand(KeyId=key["KeyId"])
    new = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"new")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=old)["Plaintext"] == b"old"
    assert kms.decrypt(CiphertextBlob=new)["Plaintext"] == b"new"
    rotations = kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"]
    assert [(r["RotationType"], r["KeyMaterialState"], r["ImportState"]) for r in rotations] == [
        ("ON_DEMAND", "CURRENT", "IMPORTED")]


def test_imported_hmac_material_computes_standard_hmac(kms: Any) -> None:
    key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC", Origin="EXTERNAL")["KeyMetadata"]
    secret = os.urandom(32)
    import_material(kms, key["KeyId"], secret)
    mac = kms.generate_mac(KeyId=key["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert mac == hmac.new(secret, b"m", hashlib.sha256).digest()
    with pytest.raises(ClientError) as exc:  # asymmetric/HMAC imported material can never change
        import_material(kms, key["KeyId"], os.urandom(32), ImportType="NEW_KEY_MATERIAL")
    assert code(exc) == "UnsupportedOperationException"


def test_imported_asymmetric_material_needs_aes_key_wrap_and_matching_spec(kms: Any) -> None:
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", Origin="EXTERNAL")["KeyMetadata"]
    private = ec.generate_private_key(ec.SECP256R1())
    der = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    wrong = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with pytest.raises(ClientError) as exc:
        import_material(kms, key["KeyId"], wrong, "RSA_AES_KEY_WRAP_SHA_256")
    assert code(exc) == "ValidationException"
    import_material(kms, key["KeyId"], der, "RSA_AES_KEY_WRAP_SHA_256")
    sig = kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    private.public_key().verify(sig, b"m", ec.ECDSA(hashes.SHA256()))


def test_multi_region_external_replica_starts_pending_import_and_needs_the_same_material(cloud: Cloud,
                                                                                        kms: Any) -> None:
    key = kms.create_key(Origin="EXTERNAL", MultiRegion=True)["KeyMetadata"]
    material = os.urandom(32)
    import_material(kms, key["KeyId"], material)
    replica = kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")["ReplicaKeyMetadata"]
    assert replica["KeyState"] == "PendingImport"
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        import_material(west, key["KeyId"], os.urandom(32))
    assert code(exc) == "IncorrectKeyMaterialException"
    import_material(west, key["KeyId"], material)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert west.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


@pytest.mark.parametrize(("spec", "bits"), [("RSA_2048", 2048), ("RSA_3072", 3072), ("RSA_4096", 4096)])
def test_wrapping_key_has_the_requested_size(kms: Any, spec: str, bits: int) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    params = kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSA_AES_KEY_WRAP_SHA_256",
                                           WrappingKeySpec=spec)
    public = serialization.load_der_public_key(params["PublicKey"])
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == bits
    assert params["KeyId"] == key["Arn"] and len(params["ImportToken"]) >= 64
    with pytest.raises(ClientError) as exc:
        kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSAES_PKCS1_V1_5", WrappingKeySpec=spec)
    assert code(exc) == "ValidationException"
