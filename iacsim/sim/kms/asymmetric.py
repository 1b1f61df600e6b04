"""Asymmetric cryptography of the simulated KMS (RSA, ECC, Ed25519, ML-DSA, ECDH).

Each operation mirrors the KMS API's algorithm names:

* RSA OAEP with SHA-1/SHA-256 (MGF1 with the same hash); plaintext limit
  ``bytes(n) - 2*hash - 2`` (docs/aws-behaviour.md §2: 2048 → 214/190, 3072 → 342/318, 4096 → 470/446).
* RSASSA-PSS (MGF1 same hash, salt length = hash length) and RSASSA-PKCS1-v1_5.
* ECDSA with DER-encoded signatures on P-256/P-384/P-521/secp256k1.
* Ed25519 (``ED25519_SHA_512``, RAW messages only). ``ED25519_PH_SHA_512``
  (pre-hashed Ed25519) is not provided by ``cryptography`` and raises
  NotImplementedError rather than producing a non-AWS signature.
* ML-DSA (FIPS 204) RAW and EXTERNAL_MU.
* ECDH shared secret (the x-coordinate, as DeriveSharedSecret returns it).

Sign API: https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

try:
    from cryptography.hazmat.primitives.asymmetric import mldsa
except ImportError:  # cryptography < 47: ML-DSA keys raise NotImplementedError instead
    mldsa = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.mldsa import (
        MLDSA44PrivateKey,
        MLDSA65PrivateKey,
        MLDSA87PrivateKey,
    )

    PrivateKey = (
        rsa.RSAPrivateKey
        | ec.EllipticCurvePrivateKey
        | ed25519.Ed25519PrivateKey
        | MLDSA44PrivateKey
        | MLDSA65PrivateKey
        | MLDSA87PrivateKey
    )

_RSA_BITS = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "ECC_NIST_P256": ec.SECP256R1,
    "ECC_NIST_P384": ec.SECP384R1,
    "ECC_NIST_P521": ec.SECP521R1,
    "ECC_SECG_P256K1": ec.SECP256K1,
}
_MLDSA: dict[str, type[object]] = (
    {"ML_DSA_44": mldsa.MLDSA44PrivateKey, "ML_DSA_65": mldsa.MLDSA65PrivateKey, "ML_DSA_87": mldsa.MLDSA87PrivateKey}
    if mldsa is not None else {}
)


def mldsa_available() -> bool:
    """Whether the installed ``cryptography`` (and its OpenSSL) can make ML-DSA keys."""
    if mldsa is None:
        return False
    try:
        mldsa.MLDSA44PrivateKey.generate()
    except UnsupportedAlgorithm:
        return False
    return True
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {"SHA_1": hashes.SHA1, "SHA_256": hashes.SHA256,
                                                  "SHA_384": hashes.SHA384, "SHA_512": hashes.SHA512}
MAX_RAW_MESSAGE = 4096


class CryptoInputError(ValueError):
    """Input that AWS rejects with ValidationException (message safe to show)."""


class AsymmetricMaterial:
    """A KMS asymmetric key pair. The private key never appears in repr/str."""

    __slots__ = ("_private", "material_id", "spec")

    def __init__(self, spec: str, private: PrivateKey, material_id: bytes) -> None:
        self.spec = spec
        self._private = private
        self.material_id = material_id

    def __deepcopy__(self, memo: dict[int, object]) -> AsymmetricMaterial:
        # Immutable: a copy of the cloud (iacsim.testing's per-test copies) shares it; keys cannot be copied.
        return self

    @staticmethod
    def generate(spec: str, material_id: bytes) -> AsymmetricMaterial:
        return AsymmetricMaterial(spec, generate_private_key(spec), material_id)

    @staticmethod
    def from_pkcs8(spec: str, der: bytes, material_id: bytes) -> AsymmetricMaterial:
        """Load imported key material, checking it matches ``spec`` (CryptoInputError otherwise)."""
        try:
            key = serialization.load_der_private_key(der, password=None)
        except (ValueError, TypeError):
            raise CryptoInputError("key material is not a DER-encoded PKCS#8 private key") from None
        if not _matches_spec(spec, key):
            raise CryptoInputError(f"key material does not match key spec {spec}")
        return AsymmetricMaterial(spec, key, material_id)  # type: ignore[arg-type]

    def same_private(self, other: AsymmetricMaterial) -> bool:
        return self.public_der() == other.public_der()

    def public_der(self) -> bytes:
        return self._private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def private_der(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    # -- RSA encryption --------------------------------------------------------
    def max_plaintext(self, algorithm: str) -> int:
        assert isinstance(self._private, rsa.RSAPrivateKey)
        digest = _HASHES[algorithm.removeprefix("RSAES_OAEP_")]().digest_size
        return self._private.key_size // 8 - 2 * digest - 2

    def encrypt(self, algorithm: str, plaintext: bytes) -> bytes:
        if not isinstance(self._private, rsa.RSAPrivateKey):
            raise CryptoInputError(f"{algorithm} needs an RSA key")
        limit = self.max_plaintext(algorithm)
        if len(plaintext) > limit:
            raise CryptoInputError(f"plaintext is too long for {self.spec} with {algorithm} (max {limit} bytes)")
        return self._private.public_key().encrypt(plaintext, _oaep(algorithm))

    def decrypt(self, algorithm: str, ciphertext: bytes) -> bytes:
        if not isinstance(self._private, rsa.RSAPrivateKey):
            raise CryptoInputError(f"{algorithm} needs an RSA key")
        return self._private.decrypt(ciphertext, _oaep(algorithm))

    # -- signatures ------------------------------------------------------------
    def sign(self, algorithm: str, message: bytes, message_type: str) -> bytes:
        key = self._private
        if isinstance(key, rsa.RSAPrivateKey):
            pad, algo = _rsa_signing(algorithm, message, message_type)
            return key.sign(message, pad, algo)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(message, ec.ECDSA(_ecdsa_hash(algorithm, message, message_type)))
        if isinstance(key, ed25519.Ed25519PrivateKey):
            _ed25519_check(algorithm, message_type)
            return key.sign(message)
        _mldsa_check(message, message_type)
        if message_type == "EXTERNAL_MU":
            return key.sign_mu(message)
        return key.sign(message)

    def verify(self, algorithm: str, message: bytes, message_type: str, signature: bytes) -> bool:
        key = self._private
        try:
            if isinstance(key, rsa.RSAPrivateKey):
                pad, algo = _rsa_signing(algorithm, message, message_type)
                key.public_key().verify(signature, message, pad, algo)
            elif isinstance(key, ec.EllipticCurvePrivateKey):
                key.public_key().verify(signature, message, ec.ECDSA(_ecdsa_hash(algorithm, message, message_type)))
            elif isinstance(key, ed25519.Ed25519PrivateKey):
                _ed25519_check(algorithm, message_type)
                key.public_key().verify(signature, message)
            else:
                _mldsa_check(message, message_type)
                if message_type == "EXTERNAL_MU":
                    key.public_key().verify_mu(signature, message)
                else:
                    key.public_key().verify(signature, message)
        except InvalidSignature:
            return False
        return True

    # -- key agreement ---------------------------------------------------------
    def derive_shared_secret(self, peer_public_der: bytes) -> bytes:
        if not isinstance(self._private, ec.EllipticCurvePrivateKey):
            raise CryptoInputError("key agreement needs an ECC key")
        try:
            peer = serialization.load_der_public_key(peer_public_der)
        except (ValueError, TypeError):
            raise CryptoInputError("PublicKey is not a DER-encoded SubjectPublicKeyInfo") from None
        if not isinstance(peer, ec.EllipticCurvePublicKey) or peer.curve.name != self._private.curve.name:
            raise CryptoInputError(f"PublicKey must be on the same curve as the {self.spec} key")
        return self._private.exchange(ec.ECDH(), peer)

    def __repr__(self) -> str:
        return f"<AsymmetricMaterial {self.spec} {self.material_id.hex()[:12]}…>"


def generate_private_key(spec: str) -> PrivateKey:
    if spec in _RSA_BITS:
        return rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS[spec])
    if spec in _CURVES:
        return ec.generate_private_key(_CURVES[spec]())
    if spec == "ECC_NIST_EDWARDS25519":
        return ed25519.Ed25519PrivateKey.generate()
    if spec.startswith("ML_DSA_"):
        if mldsa is None:
            raise NotImplementedError(f"{spec} needs cryptography >= 47 with ML-DSA support")
        try:
            if spec == "ML_DSA_44":
                return mldsa.MLDSA44PrivateKey.generate()
            if spec == "ML_DSA_65":
                return mldsa.MLDSA65PrivateKey.generate()
            if spec == "ML_DSA_87":
                return mldsa.MLDSA87PrivateKey.generate()
        except UnsupportedAlgorithm:
            raise NotImplementedError(f"{spec}: the OpenSSL behind cryptography does not support ML-DSA") from None
    raise NotImplementedError(f"key spec {spec} is not available in the simulator")


def _matches_spec(spec: str, key: object) -> bool:
    if spec in _RSA_BITS:
        return isinstance(key, rsa.RSAPrivateKey) and key.key_size == _RSA_BITS[spec]
    if spec in _CURVES:
        return isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, _CURVES[spec])
    if spec == "ECC_NIST_EDWARDS25519":
        return isinstance(key, ed25519.Ed25519PrivateKey)
    if spec in _MLDSA:
        return isinstance(key, _MLDSA[spec])
    return False


def _oaep(algorithm: str) -> padding.OAEP:
    h = _HASHES[algorithm.removeprefix("RSAES_OAEP_")]
    return padding.OAEP(mgf=padding.MGF1(h()), algorithm=h(), label=None)


def _digest_check(hash_algo: hashes.HashAlgorithm, message: bytes, message_type: str) -> None:
    if message_type == "DIGEST" and len(message) != hash_algo.digest_size:
        raise CryptoInputError(
            f"a DIGEST message for {hash_algo.name.upper()} must be {hash_algo.digest_size} bytes long"
        )
    if message_type == "RAW" and len(message) > MAX_RAW_MESSAGE:
        raise CryptoInputError(f"a RAW message must be at most {MAX_RAW_MESSAGE} bytes")
    if message_type not in ("RAW", "DIGEST"):
        raise CryptoInputError(f"MessageType {message_type} is not valid for this algorithm")


def _rsa_signing(
    algorithm: str, message: bytes, message_type: str
) -> tuple[padding.AsymmetricPadding, hashes.HashAlgorithm | utils.Prehashed]:
    scheme, _, hash_name = algorithm.rpartition("_SHA_")
    h = _HASHES["SHA_" + hash_name]()
    _digest_check(h, message, message_type)
    pad: padding.AsymmetricPadding
    if scheme == "RSASSA_PSS":
        pad = padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)
    else:
        pad = padding.PKCS1v15()
    return pad, utils.Prehashed(h) if message_type == "DIGEST" else h


def _ecdsa_hash(algorithm: str, message: bytes, message_type: str) -> hashes.HashAlgorithm | utils.Prehashed:
    h = _HASHES[algorithm.removeprefix("ECDSA_")]()
    _digest_check(h, message, message_type)
    return utils.Prehashed(h) if message_type == "DIGEST" else h


def _ed25519_check(algorithm: str, message_type: str) -> None:
    if algorithm == "ED25519_PH_SHA_512":
        raise NotImplementedError("ED25519_PH_SHA_512 (pre-hashed Ed25519) is not supported by the cryptography package")
    if message_type != "RAW":
        raise CryptoInputError("ED25519_SHA_512 signs RAW messages only")


def _mldsa_check(message: bytes, message_type: str) -> None:
    if message_type == "EXTERNAL_MU":
        if len(message) != 64:
            raise CryptoInputError("an EXTERNAL_MU message must be 64 bytes")
    elif message_type == "RAW":
        if len(message) > MAX_RAW_MESSAGE:
            raise CryptoInputError(f"a RAW message must be at most {MAX_RAW_MESSAGE} bytes")
    else:
        raise CryptoInputError("ML_DSA_SHAKE_256 accepts MessageType RAW or EXTERNAL_MU")
