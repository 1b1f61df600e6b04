"""KMS key specs, key usages and the algorithms each combination supports.

Source: docs/aws-behaviour.md §2 and the KMS Developer Guide, "Key spec reference"
(https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html),
plus the KMS API reference for Encrypt/Sign/GenerateMac/DeriveSharedSecret.
"""

from __future__ import annotations

from dataclasses import dataclass

ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT"
SIGN_VERIFY = "SIGN_VERIFY"
GENERATE_VERIFY_MAC = "GENERATE_VERIFY_MAC"
KEY_AGREEMENT = "KEY_AGREEMENT"


@dataclass(frozen=True)
class SpecInfo:
    """What a key spec allows."""

    usages: tuple[str, ...]
    """Allowed KeyUsage values (CreateKey defaults KeyUsage to ENCRYPT_DECRYPT, which is an
    error for specs that do not support it: HMAC and ECC keys must name their usage)."""
    encryption_algorithms: tuple[str, ...] = ()
    signing_algorithms: dict[str, tuple[str, ...]] | None = None
    mac_algorithms: tuple[str, ...] = ()
    key_agreement_algorithms: tuple[str, ...] = ()
    china_only: bool = False


_RSA_SIGNING = (
    "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
    "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
)
_RSA_ENCRYPTION = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")

SPECS: dict[str, SpecInfo] = {
    "SYMMETRIC_DEFAULT": SpecInfo((ENCRYPT_DECRYPT,), ("SYMMETRIC_DEFAULT",)),
    "HMAC_224": SpecInfo((GENERATE_VERIFY_MAC,), mac_algorithms=("HMAC_SHA_224",)),
    "HMAC_256": SpecInfo((GENERATE_VERIFY_MAC,), mac_algorithms=("HMAC_SHA_256",)),
    "HMAC_384": SpecInfo((GENERATE_VERIFY_MAC,), mac_algorithms=("HMAC_SHA_384",)),
    "HMAC_512": SpecInfo((GENERATE_VERIFY_MAC,), mac_algorithms=("HMAC_SHA_512",)),
    "RSA_2048": SpecInfo((ENCRYPT_DECRYPT, SIGN_VERIFY), _RSA_ENCRYPTION,
                         {SIGN_VERIFY: _RSA_SIGNING}),
    "RSA_3072": SpecInfo((ENCRYPT_DECRYPT, SIGN_VERIFY), _RSA_ENCRYPTION,
                         {SIGN_VERIFY: _RSA_SIGNING}),
    "RSA_4096": SpecInfo((ENCRYPT_DECRYPT, SIGN_VERIFY), _RSA_ENCRYPTION,
                         {SIGN_VERIFY: _RSA_SIGNING}),
    "ECC_NIST_P256": SpecInfo((SIGN_VERIFY, KEY_AGREEMENT), (), {SIGN_VERIFY: ("ECDSA_SHA_256",)},
                              key_agreement_algorithms=("ECDH",)),
    "ECC_NIST_P384": SpecInfo((SIGN_VERIFY, KEY_AGREEMENT), (), {SIGN_VERIFY: ("ECDSA_SHA_384",)},
                              key_agreement_algorithms=("ECDH",)),
    "ECC_NIST_P521": SpecInfo((SIGN_VERIFY, KEY_AGREEMENT), (), {SIGN_VERIFY: ("ECDSA_SHA_512",)},
                              key_agreement_algorithms=("ECDH",)),
    "ECC_NIST_EDWARDS25519": SpecInfo((SIGN_VERIFY,), (), {SIGN_VERIFY: ("ED25519_SHA_512", "ED25519_PH_SHA_512")}),
    "ECC_SECG_P256K1": SpecInfo((SIGN_VERIFY,), (), {SIGN_VERIFY: ("ECDSA_SHA_256",)}),
    "ML_DSA_44": SpecInfo((SIGN_VERIFY,), (), {SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}),
    "ML_DSA_65": SpecInfo((SIGN_VERIFY,), (), {SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}),
    "ML_DSA_87": SpecInfo((SIGN_VERIFY,), (), {SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}),
    "SM2": SpecInfo((ENCRYPT_DECRYPT, SIGN_VERIFY, KEY_AGREEMENT), ("SM2PKE",),
                    {SIGN_VERIFY: ("SM2DSA",)}, key_agreement_algorithms=("ECDH",), china_only=True),
}

HMAC_KEY_BYTES = {"HMAC_224": (28, 64), "HMAC_256": (32, 64), "HMAC_384": (48, 128), "HMAC_512": (64, 128)}
"""Allowed lengths (bytes) of imported HMAC key material (ImportKeyMaterial API reference)."""

HMAC_GENERATED_BYTES = {"HMAC_224": 64, "HMAC_256": 64, "HMAC_384": 128, "HMAC_512": 128}
"""KMS-generated HMAC keys have the hash function's block size (KDG "HMAC keys in AWS KMS")."""

DATA_KEY_PAIR_SPECS = ("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
                       "ECC_SECG_P256K1")
"""GenerateDataKeyPair KeyPairSpec values outside China (SM2 is China-only)."""

DATA_KEY_SPECS = {"AES_256": 32, "AES_128": 16}

MAX_PLAINTEXT = 4096
MAX_CIPHERTEXT = 6144


def algorithms_for(spec: str, usage: str) -> dict[str, list[str]]:
    """The DescribeKey algorithm lists for a spec/usage pair."""
    info = SPECS[spec]
    out: dict[str, list[str]] = {}
    if usage == ENCRYPT_DECRYPT:
        out["EncryptionAlgorithms"] = list(info.encryption_algorithms)
    elif usage == SIGN_VERIFY and info.signing_algorithms:
        out["SigningAlgorithms"] = list(info.signing_algorithms[SIGN_VERIFY])
    elif usage == GENERATE_VERIFY_MAC:
        out["MacAlgorithms"] = list(info.mac_algorithms)
    elif usage == KEY_AGREEMENT:
        out["KeyAgreementAlgorithms"] = list(info.key_agreement_algorithms)
    return out
