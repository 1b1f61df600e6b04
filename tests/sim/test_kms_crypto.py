"""Real cryptography: results verified with the ``cryptography`` package outside the simulator."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

from iacsim.sim import ClientError, Cloud
from iacsim.sim.kms.asymmetric import mldsa_available

from .conftest import code

RSA_LIMITS = {"RSA_2048": {"RSAES_OAEP_SHA_1": 214, "RSAES_OAEP_SHA_256": 190},
              "RSA_3072": {"RSAES_OAEP_SHA_1": 342, "RSAES_OAEP_SHA_256": 318},
              "RSA_4096": {"RSAES_OAEP_SHA_1": 470, "RSAES_OAEP_SHA_256": 446}}


@pytest.mark.parametrize("spec", sorted(RSA_LIMITS))
def test_rsa_oaep_plaintext_limits_match_aws(kms: Any, spec: str) -> None:
    key = kms.create_key(KeySpec=spec, KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    for algorithm, limit in RSA_LIMITS[spec].items():
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"a" * limit, EncryptionAlgorithm=algorithm)["CiphertextBlob"]
        plain = kms.decrypt(CiphertextBlob=blob, KeyId=key["KeyId"], EncryptionAlgorithm=algorithm)["Plaintext"]
        assert plain == b"a" * limit
        with pytest.raises(ClientError) as exc:
            kms.encrypt(KeyId=key["KeyId"], Plaintext=b"a" * (limit + 1), EncryptionAlgorithm=algorithm)
        assert code(exc) == "ValidationException", (spec, algorithm)


def test_rsa_ciphertext_is_real_oaep_under_the_public_key(kms: Any) -> None:
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    assert isinstance(public, rsa.RSAPublicKey)
    outside = public.encrypt(b"hello", padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None))
    result = kms.decrypt(CiphertextBlob=outside, KeyId=key["Arn"], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert result["Plaintext"] == b"hello"


def test_asymmetric_decrypt_needs_key_and_algorithm(kms: Any) -> None:
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1")["CiphertextBlob"]
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob)  # no metadata in RSA ciphertext
    assert code(exc) == "InvalidCiphertextException"
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob, KeyId=key["KeyId"])
    assert code(exc) == "InvalidKeyUsageException"
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob, KeyId=key["KeyId"], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert code(exc) == "InvalidCiphertextException"
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1",
                    EncryptionContext={"a": "b"})
    assert code(exc) == "ValidationException"


RSA_SIGNING = ["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
               "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"]
HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}


@pytest.mark.parametrize("algorithm", RSA_SIGNING)
@pytest.mark.parametrize("message_type", ["RAW", "DIGEST"])
def test_rsa_signatures_verify_outside_the_simulator(kms: Any, algorithm: str, message_type: str) -> None:
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    h = HASHES[algorithm[-3:]]()
    message = b"message"
    digest = hashlib.new(h.name, message).digest()
    signed = digest if message_type == "DIGEST" else message
    sig = kms.sign(KeyId=key["KeyId"], Message=signed, MessageType=message_type, SigningAlgorithm=algorithm)["Signature"]
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    assert isinstance(public, rsa.RSAPublicKey)
    pad: padding.AsymmetricPadding = (padding.PSS(padding.MGF1(h), h.digest_size) if "PSS" in algorithm
                                      else padding.PKCS1v15())
    public.verify(sig, message, pad, h)  # raises if invalid
    assert kms.verify(KeyId=key["KeyId"], Message=signed, MessageType=message_type, Signature=sig,
                      SigningAlgorithm=algorithm)["SignatureValid"]


@pytest.mark.parametrize(("spec", "algorithm", "curve"), [
    ("ECC_NIST_P256", "ECDSA_SHA_256", ec.SECP256R1), ("ECC_NIST_P384", "ECDSA_SHA_384", ec.SECP384R1),
    ("ECC_NIST_P521", "ECDSA_SHA_512", ec.SECP521R1), ("ECC_SECG_P256K1", "ECDSA_SHA_256", ec.SECP256K1)])
def test_ecdsa_der_signatures_verify_outside_the_simulator(kms: Any, spec: str, algorithm: str, curve: type) -> None:
    key = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    sig = kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm=algorithm)["Signature"]
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    assert isinstance(public, ec.EllipticCurvePublicKey) and isinstance(public.curve, curve)
    utils.decode_dss_signature(sig)  # DER-encoded (r, s)
    public.verify(sig, b"m", ec.ECDSA(HASHES[algorithm[-3:]]()))


def test_digest_message_must_have_the_hash_length(kms: Any) -> None:
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.sign(KeyId=key["KeyId"], Message=b"short", MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256")
    assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:  # the P-256 key does not do SHA-384
        kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_384")
    assert code(exc) == "InvalidKeyUsageException"


def test_ed25519_signs_raw_messages(kms: Any) -> None:
    key = kms.create_key(KeySpec="ECC_NIST_EDWARDS25519", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    sig = kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ED25519_SHA_512")["Signature"]
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    assert isinstance(public, ed25519.Ed25519PublicKey)
    public.verify(sig, b"m")
    with pytest.raises(NotImplementedError, match="ED25519_PH_SHA_512"):
        kms.sign(KeyId=key["KeyId"], Message=hashlib.sha512(b"m").digest(), MessageType="DIGEST",
                 SigningAlgorithm="ED25519_PH_SHA_512")


@pytest.mark.skipif(not mldsa_available(), reason="cryptography without ML-DSA support")
@pytest.mark.parametrize("spec", ["ML_DSA_44", "ML_DSA_65", "ML_DSA_87"])
def test_ml_dsa_signatures_round_trip(kms: Any, spec: str) -> None:
    key = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    sig = kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ML_DSA_SHAKE_256")["Signature"]
    assert kms.verify(KeyId=key["KeyId"], Message=b"m", Signature=sig, SigningAlgorithm="ML_DSA_SHAKE_256")
    with pytest.raises(ClientError) as exc:
        kms.verify(KeyId=key["KeyId"], Message=b"x", Signature=sig, SigningAlgorithm="ML_DSA_SHAKE_256")
    assert code(exc) == "KMSInvalidSignatureException"


@pytest.mark.parametrize(("spec", "curve"), [("ECC_NIST_P256", ec.SECP256R1()), ("ECC_NIST_P384", ec.SECP384R1())])
def test_derive_shared_secret_matches_local_ecdh(kms: Any, spec: str, curve: ec.EllipticCurve) -> None:
    key = kms.create_key(KeySpec=spec, KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    mine = ec.generate_private_key(curve)
    peer_der = mine.public_key().public_bytes(serialization.Encoding.DER,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)
    result = kms.derive_shared_secret(KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=peer_der)
    kms_public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    assert isinstance(kms_public, ec.EllipticCurvePublicKey)
    assert result["SharedSecret"] == mine.exchange(ec.ECDH(), kms_public)
    other_curve = ec.generate_private_key(ec.SECP521R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(ClientError) as exc:
        kms.derive_shared_secret(KeyId=key["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=other_curve)
    assert code(exc) == "ValidationException"


def test_generate_data_key_plaintext_matches_its_ciphertext(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    data = kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256", EncryptionContext={"c": "1"})
    assert len(data["Plaintext"]) == 32 and data["KeyId"] == key["Arn"]
    assert kms.decrypt(CiphertextBlob=data["CiphertextBlob"], EncryptionContext={"c": "1"})["Plaintext"] == data["Plaintext"]
    assert len(kms.generate_data_key(KeyId=key["KeyId"], NumberOfBytes=7)["Plaintext"]) == 7
    no_plain = kms.generate_data_key_without_plaintext(KeyId=key["KeyId"], KeySpec="AES_128")
    assert "Plaintext" not in no_plain
    assert len(kms.decrypt(CiphertextBlob=no_plain["CiphertextBlob"])["Plaintext"]) == 16
    for kwargs in ({}, {"KeySpec": "AES_256", "NumberOfBytes": 32}, {"NumberOfBytes": 1025}):
        with pytest.raises(ClientError) as exc:
            kms.generate_data_key(KeyId=key["KeyId"], **kwargs)
        assert code(exc) == "ValidationException"


def test_generate_data_key_pair_returns_a_matching_key_pair(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    pair = kms.generate_data_key_pair(KeyId=key["KeyId"], KeyPairSpec="ECC_NIST_P256")
    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    assert private.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo) == pair["PublicKey"]
    assert kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"] == pair["PrivateKeyPlaintext"]
    without = kms.generate_data_key_pair_without_plaintext(KeyId=key["KeyId"], KeyPairSpec="RSA_2048")
    assert "PrivateKeyPlaintext" not in without and without["KeyPairSpec"] == "RSA_2048"


def test_generate_random_length_bounds(kms: Any) -> None:
    assert len(kms.generate_random(NumberOfBytes=1024)["Plaintext"]) == 1024
    with pytest.raises(ClientError) as exc:
        kms.generate_random(NumberOfBytes=0)
    assert code(exc) == "ValidationException"


def test_get_public_key_of_a_symmetric_key_is_unsupported(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.get_public_key(KeyId=key["KeyId"])
    assert code(exc) == "UnsupportedOperationException"


def test_hmac_keys_of_each_size_mac_and_verify(kms: Any) -> None:
    for spec, algorithm, length in (("HMAC_224", "HMAC_SHA_224", 28), ("HMAC_384", "HMAC_SHA_384", 48),
                                    ("HMAC_512", "HMAC_SHA_512", 64)):
        key = kms.create_key(KeySpec=spec, KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
        mac = kms.generate_mac(KeyId=key["KeyId"], Message=b"m", MacAlgorithm=algorithm)["Mac"]
        assert len(mac) == length
        assert kms.verify_mac(KeyId=key["KeyId"], Message=b"m", Mac=mac, MacAlgorithm=algorithm)["MacValid"]
        with pytest.raises(ClientError) as exc:
            kms.generate_mac(KeyId=key["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")
        assert code(exc) == "InvalidKeyUsageException"


def test_same_plaintext_encrypts_to_different_ciphertexts(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key()["KeyMetadata"]
    a = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    b = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert a != b  # random IVs
