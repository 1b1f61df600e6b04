"""KMS cryptographic operations: Encrypt, Decrypt, ReEncrypt, data keys, random,
Sign/Verify, GenerateMac/VerifyMac, GetPublicKey, DeriveSharedSecret.

API reference: https://docs.aws.amazon.com/kms/latest/APIReference/ (one page
per operation). Error choices follow each page's "Errors" section:
InvalidKeyUsageException for a key whose usage or algorithms do not fit,
InvalidCiphertextException for a blob that fails authentication or whose
encryption context differs, IncorrectKeyException when Decrypt names a key
other than the one that encrypted.
"""

from __future__ import annotations

import os
from typing import Any

from iacsim.aws.kms_specs import (
    DATA_KEY_PAIR_SPECS,
    DATA_KEY_SPECS,
    ENCRYPT_DECRYPT,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT,
    MAX_CIPHERTEXT,
    MAX_PLAINTEXT,
    SIGN_VERIFY,
    SPECS,
    algorithms_for,
)
from iacsim.sim.client import operation
from iacsim.sim.errors import KMSInvalidStateException, ValidationException
from iacsim.sim.kms.asymmetric import AsymmetricMaterial, CryptoInputError
from iacsim.sim.kms.backend import new_material
from iacsim.sim.kms.base import (
    KmsClientBase,
    check_bytes,
    check_encryption_context,
    check_grant_tokens,
    dry_run,
)
from iacsim.sim.kms.blob import BlobError, BlobHeader, HmacMaterial, SymmetricMaterial, parse_header
from iacsim.sim.kms.errors import (
    IncorrectKeyException,
    InvalidCiphertextException,
    InvalidKeyUsageException,
    KMSInvalidMacException,
    KMSInvalidSignatureException,
    UnsupportedOperationException,
)
from iacsim.sim.kms.model import RegionalKey

SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT"


def invalid_usage(key: RegionalKey, what: str) -> InvalidKeyUsageException:
    return InvalidKeyUsageException(
        f"{key.arn} key usage is {key.core.usage} ({key.core.spec}), which does not support {what}")


def invalid_ciphertext(why: str = "") -> InvalidCiphertextException:
    # AWS gives no detail on why authentication failed; neither do we beyond the category.
    return InvalidCiphertextException(why or "The ciphertext is invalid or does not match the context.")


class KmsCryptoOps(KmsClientBase):
    # -- internal building blocks shared by Encrypt/Decrypt/ReEncrypt/data keys --------
    def _encrypt_with(self, key_ref: Any, plaintext: bytes, context: dict[str, str] | None, algorithm: str | None,
                      action: str) -> tuple[RegionalKey, bytes, str]:
        key, backend, alias = self.resolve(key_ref)
        self.authorize_key(key, action, encryption_context=context, alias_used=alias,
                           context={"kms:EncryptionAlgorithm": algorithm or SYMMETRIC_DEFAULT})
        if key.core.usage != ENCRYPT_DECRYPT:
            raise invalid_usage(key, action)
        self.check_usable(key, backend)
        return key, *self._seal(key, plaintext, context, algorithm)

    def _seal(self, key: RegionalKey, plaintext: bytes, context: dict[str, str] | None,
              algorithm: str | None) -> tuple[bytes, str]:
        core = key.core
        algorithm = algorithm or SYMMETRIC_DEFAULT
        if algorithm not in SPECS[core.spec].encryption_algorithms:
            raise invalid_usage(key, f"encryption algorithm {algorithm}")
        current = core.current_material
        assert current is not None  # check_usable guarantees usable material
        material = current.material
        if isinstance(material, SymmetricMaterial):
            return material.seal(BlobHeader(key.account, key.key_id, material.material_id), plaintext, context), algorithm
        if context:
            raise ValidationException("EncryptionContext is supported only with symmetric encryption KMS keys")
        assert isinstance(material, AsymmetricMaterial)
        try:
            return material.encrypt(algorithm, plaintext), algorithm
        except CryptoInputError as err:
            raise ValidationException(str(err)) from None

    def _decrypt_with(self, blob: bytes, context: dict[str, str] | None, key_ref: Any, algorithm: str | None,
                      action: str) -> tuple[RegionalKey, bytes, str, bytes | None]:
        named: RegionalKey | None = None
        alias: str | None = None
        if key_ref is not None:
            named, _, alias = self.resolve(key_ref)
        if named is not None and not named.core.symmetric:
            return self._decrypt_asymmetric(named, blob, context, algorithm, action, alias)
        if algorithm not in (None, SYMMETRIC_DEFAULT):
            raise InvalidKeyUsageException(f"{algorithm} does not apply to symmetric ciphertext")
        try:
            header, iv_offset = parse_header(blob)
        except BlobError:
            raise invalid_ciphertext() from None
        if named is not None and (named.key_id != header.key_id or named.account != header.account):
            raise IncorrectKeyException(
                "The key ID in the request does not identify a KMS key that can perform this operation.")
        backend = self.backend_for(header.account, self.region)
        key = backend.get(header.key_id)
        if key is None:
            # The ciphertext names a key this region does not have (another region's
            # single-region key, or a deleted key): AWS cannot decrypt it here.
            raise invalid_ciphertext()
        self.authorize_key(key, action, encryption_context=context, alias_used=alias,
                           context={"kms:EncryptionAlgorithm": SYMMETRIC_DEFAULT})
        if key.core.usage != ENCRYPT_DECRYPT:
            raise invalid_usage(key, action)
        self.check_usable(key, backend)
        version = key.core.material_by_id(header.material_id)
        if version is None:
            raise invalid_ciphertext()
        if not backend.material_usable(key, version):
            raise KMSInvalidStateException(
                f"{key.arn}: the key material that encrypted this ciphertext is not imported or expired.")
        material = version.material
        assert isinstance(material, SymmetricMaterial)
        try:
            plaintext = material.open(blob, iv_offset, context)
        except BlobError:
            raise invalid_ciphertext() from None
        return key, plaintext, SYMMETRIC_DEFAULT, version.material_id

    def _decrypt_asymmetric(self, key: RegionalKey, blob: bytes, context: dict[str, str] | None,
                            algorithm: str | None, action: str,
                            alias: str | None) -> tuple[RegionalKey, bytes, str, bytes | None]:
        backend = self.backend_for(key.account, self.region)
        self.authorize_key(key, action, alias_used=alias,
                           context={"kms:EncryptionAlgorithm": algorithm or SYMMETRIC_DEFAULT})
        if key.core.usage != ENCRYPT_DECRYPT:
            raise invalid_usage(key, action)
        if algorithm is None or algorithm not in SPECS[key.core.spec].encryption_algorithms:
            raise invalid_usage(key, f"encryption algorithm {algorithm or SYMMETRIC_DEFAULT}")
        if context:
            raise ValidationException("EncryptionContext is supported only with symmetric encryption KMS keys")
        self.check_usable(key, backend)
        current = key.core.current_material
        assert current is not None and isinstance(current.material, AsymmetricMaterial)
        try:
            return key, current.material.decrypt(algorithm, blob), algorithm, None
        except ValueError:
            raise invalid_ciphertext() from None

    # -- Encrypt / Decrypt / ReEncrypt -------------------------------------------------
    @operation("Encrypt")
    def encrypt(self, *, KeyId: str, Plaintext: bytes, EncryptionContext: dict[str, str] | None = None,
                GrantTokens: list[str] | None = None, EncryptionAlgorithm: str | None = None,
                DryRun: bool = False) -> dict[str, Any]:
        plaintext = check_bytes(Plaintext, "Plaintext", 1, MAX_PLAINTEXT)
        context = check_encryption_context(EncryptionContext)
        check_grant_tokens(GrantTokens)
        key, blob, algorithm = self._encrypt_with(KeyId, plaintext, context, EncryptionAlgorithm, "Encrypt")
        dry_run(DryRun)
        return {"CiphertextBlob": blob, "KeyId": key.arn, "EncryptionAlgorithm": algorithm}

    @operation("Decrypt")
    def decrypt(self, *, CiphertextBlob: bytes, EncryptionContext: dict[str, str] | None = None,
                GrantTokens: list[str] | None = None, KeyId: str | None = None,
                EncryptionAlgorithm: str | None = None, DryRun: bool = False) -> dict[str, Any]:
        blob = check_bytes(CiphertextBlob, "CiphertextBlob", 1, MAX_CIPHERTEXT)
        context = check_encryption_context(EncryptionContext)
        check_grant_tokens(GrantTokens)
        key, plaintext, algorithm, material_id = self._decrypt_with(blob, context, KeyId, EncryptionAlgorithm,
                                                                     "Decrypt")
        dry_run(DryRun)
        out: dict[str, Any] = {"KeyId": key.arn, "Plaintext": plaintext, "EncryptionAlgorithm": algorithm}
        if material_id is not None:
            out["KeyMaterialId"] = material_id.hex()
        return out

    @operation("ReEncrypt")
    def re_encrypt(self, *, CiphertextBlob: bytes, DestinationKeyId: str,
                   SourceEncryptionContext: dict[str, str] | None = None, SourceKeyId: str | None = None,
                   DestinationEncryptionContext: dict[str, str] | None = None,
                   SourceEncryptionAlgorithm: str | None = None, DestinationEncryptionAlgorithm: str | None = None,
                   GrantTokens: list[str] | None = None, DryRun: bool = False) -> dict[str, Any]:
        blob = check_bytes(CiphertextBlob, "CiphertextBlob", 1, MAX_CIPHERTEXT)
        source_context = check_encryption_context(SourceEncryptionContext)
        dest_context = check_encryption_context(DestinationEncryptionContext)
        check_grant_tokens(GrantTokens)
        # Both keys must be usable: the KDG key-state table gives ReEncrypt's PendingDeletion
        # cell "[2] or [3]" (fails); the "source may be pending deletion" footnote [10] belongs
        # to UpdateAlias (docs/aws-behaviour.md §9).
        source, plaintext, source_alg, _ = self._decrypt_with(blob, source_context, SourceKeyId,
                                                              SourceEncryptionAlgorithm, "ReEncryptFrom")
        dest, new_blob, dest_alg = self._encrypt_with(DestinationKeyId, plaintext, dest_context,
                                                      DestinationEncryptionAlgorithm, "ReEncryptTo")
        dry_run(DryRun)
        return {"CiphertextBlob": new_blob, "SourceKeyId": source.arn, "KeyId": dest.arn,
                "SourceEncryptionAlgorithm": source_alg, "DestinationEncryptionAlgorithm": dest_alg}

    # -- data keys -----------------------------------------------------------------------
    def _data_key(self, operation_name: str, KeyId: str, context: dict[str, str] | None, number: int | None,
                  spec: str | None) -> tuple[RegionalKey, bytes, bytes]:
        if (number is None) == (spec is None):
            raise ValidationException("Specify either KeySpec or NumberOfBytes, but not both")
        if spec is not None:
            if spec not in DATA_KEY_SPECS:
                raise ValidationException(f"KeySpec must be one of {', '.join(DATA_KEY_SPECS)}")
            length = DATA_KEY_SPECS[spec]
        else:
            assert number is not None
            if not isinstance(number, int) or not 1 <= number <= 1024:
                raise ValidationException("NumberOfBytes must be between 1 and 1024")
            length = number
        key = self._symmetric_key_for(KeyId, operation_name, context)
        plaintext = os.urandom(length)
        blob, _ = self._seal(key, plaintext, context, None)
        return key, plaintext, blob

    def _symmetric_key_for(self, key_ref: str, operation_name: str, context: dict[str, str] | None) -> RegionalKey:
        key, backend, alias = self.resolve(key_ref)
        self.authorize_key(key, operation_name, encryption_context=context, alias_used=alias)
        if not key.core.symmetric or key.core.usage != ENCRYPT_DECRYPT:
            raise invalid_usage(key, operation_name + " (symmetric encryption keys only)")
        self.check_usable(key, backend)
        return key

    @operation("GenerateDataKey")
    def generate_data_key(self, *, KeyId: str, EncryptionContext: dict[str, str] | None = None,
                          NumberOfBytes: int | None = None, KeySpec: str | None = None,
                          GrantTokens: list[str] | None = None, DryRun: bool = False) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        context = check_encryption_context(EncryptionContext)
        key, plaintext, blob = self._data_key("GenerateDataKey", KeyId, context, NumberOfBytes, KeySpec)
        dry_run(DryRun)
        return {"CiphertextBlob": blob, "Plaintext": plaintext, "KeyId": key.arn,
                "KeyMaterialId": _material_hex(key)}

    @operation("GenerateDataKeyWithoutPlaintext")
    def generate_data_key_without_plaintext(self, *, KeyId: str, EncryptionContext: dict[str, str] | None = None,
                                            KeySpec: str | None = None, NumberOfBytes: int | None = None,
                                            GrantTokens: list[str] | None = None,
                                            DryRun: bool = False) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        context = check_encryption_context(EncryptionContext)
        key, _, blob = self._data_key("GenerateDataKeyWithoutPlaintext", KeyId, context, NumberOfBytes, KeySpec)
        dry_run(DryRun)
        return {"CiphertextBlob": blob, "KeyId": key.arn, "KeyMaterialId": _material_hex(key)}

    def _data_key_pair(self, operation_name: str, KeyId: str, KeyPairSpec: str,
                       context: dict[str, str] | None) -> tuple[RegionalKey, bytes, bytes, bytes]:
        if KeyPairSpec not in DATA_KEY_PAIR_SPECS:
            raise ValidationException(f"KeyPairSpec must be one of {', '.join(DATA_KEY_PAIR_SPECS)}")
        key = self._symmetric_key_for(KeyId, operation_name, context)
        pair = new_material(KeyPairSpec)
        assert isinstance(pair, AsymmetricMaterial)
        private = pair.private_der()
        blob, _ = self._seal(key, private, context, None)
        return key, private, pair.public_der(), blob

    @operation("GenerateDataKeyPair")
    def generate_data_key_pair(self, *, KeyId: str, KeyPairSpec: str,
                               EncryptionContext: dict[str, str] | None = None,
                               GrantTokens: list[str] | None = None, DryRun: bool = False) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        context = check_encryption_context(EncryptionContext)
        key, private, public, blob = self._data_key_pair("GenerateDataKeyPair", KeyId, KeyPairSpec, context)
        dry_run(DryRun)
        return {"PrivateKeyCiphertextBlob": blob, "PrivateKeyPlaintext": private, "PublicKey": public,
                "KeyId": key.arn, "KeyPairSpec": KeyPairSpec, "KeyMaterialId": _material_hex(key)}

    @operation("GenerateDataKeyPairWithoutPlaintext")
    def generate_data_key_pair_without_plaintext(self, *, KeyId: str, KeyPairSpec: str,
                                                 EncryptionContext: dict[str, str] | None = None,
                                                 GrantTokens: list[str] | None = None,
                                                 DryRun: bool = False) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        context = check_encryption_context(EncryptionContext)
        key, _, public, blob = self._data_key_pair("GenerateDataKeyPairWithoutPlaintext", KeyId, KeyPairSpec,
                                                   context)
        dry_run(DryRun)
        return {"PrivateKeyCiphertextBlob": blob, "PublicKey": public, "KeyId": key.arn,
                "KeyPairSpec": KeyPairSpec, "KeyMaterialId": _material_hex(key)}

    @operation("GenerateRandom")
    def generate_random(self, *, NumberOfBytes: int) -> dict[str, Any]:
        if not isinstance(NumberOfBytes, int) or not 1 <= NumberOfBytes <= 1024:
            raise ValidationException("NumberOfBytes must be between 1 and 1024")
        self.authorize_account("GenerateRandom")
        return {"Plaintext": os.urandom(NumberOfBytes)}

    # -- signatures ----------------------------------------------------------------------
    def _signing_key(self, key_ref: str, operation_name: str, algorithm: str,
                     message_type: str) -> tuple[RegionalKey, AsymmetricMaterial]:
        key, backend, alias = self.resolve(key_ref)
        self.authorize_key(key, operation_name, alias_used=alias,
                           context={"kms:SigningAlgorithm": algorithm, "kms:MessageType": message_type})
        signing = SPECS[key.core.spec].signing_algorithms or {}
        if key.core.usage != SIGN_VERIFY:
            raise invalid_usage(key, operation_name)
        if algorithm not in signing.get(SIGN_VERIFY, ()):
            raise invalid_usage(key, f"signing algorithm {algorithm}")
        self.check_usable(key, backend)
        current = key.core.current_material
        assert current is not None and isinstance(current.material, AsymmetricMaterial)
        return key, current.material

    @operation("Sign")
    def sign(self, *, KeyId: str, Message: bytes, SigningAlgorithm: str, MessageType: str = "RAW",
             GrantTokens: list[str] | None = None, DryRun: bool = False) -> dict[str, Any]:
        message = check_bytes(Message, "Message", 1, 4096)
        check_grant_tokens(GrantTokens)
        key, material = self._signing_key(KeyId, "Sign", SigningAlgorithm, MessageType)
        dry_run(DryRun)
        try:
            signature = material.sign(SigningAlgorithm, message, MessageType)
        except CryptoInputError as err:
            raise ValidationException(str(err)) from None
        return {"KeyId": key.arn, "Signature": signature, "SigningAlgorithm": SigningAlgorithm}

    @operation("Verify")
    def verify(self, *, KeyId: str, Message: bytes, Signature: bytes, SigningAlgorithm: str,
               MessageType: str = "RAW", GrantTokens: list[str] | None = None,
               DryRun: bool = False) -> dict[str, Any]:
        message = check_bytes(Message, "Message", 1, 4096)
        signature = check_bytes(Signature, "Signature", 1, 6144)
        check_grant_tokens(GrantTokens)
        key, material = self._signing_key(KeyId, "Verify", SigningAlgorithm, MessageType)
        dry_run(DryRun)
        try:
            valid = material.verify(SigningAlgorithm, message, MessageType, signature)
        except CryptoInputError as err:
            raise ValidationException(str(err)) from None
        if not valid:
            raise KMSInvalidSignatureException("The signature verification failed.")
        return {"KeyId": key.arn, "SignatureValid": True, "SigningAlgorithm": SigningAlgorithm}

    # -- MACs --------------------------------------------------------------------------
    def _mac_key(self, key_ref: str, operation_name: str, algorithm: str) -> tuple[RegionalKey, HmacMaterial]:
        key, backend, alias = self.resolve(key_ref)
        self.authorize_key(key, operation_name, alias_used=alias, context={"kms:MacAlgorithm": algorithm})
        if key.core.usage != GENERATE_VERIFY_MAC:
            raise invalid_usage(key, operation_name)
        if algorithm not in SPECS[key.core.spec].mac_algorithms:
            raise invalid_usage(key, f"MAC algorithm {algorithm}")
        self.check_usable(key, backend)
        current = key.core.current_material
        assert current is not None and isinstance(current.material, HmacMaterial)
        return key, current.material

    @operation("GenerateMac")
    def generate_mac(self, *, Message: bytes, KeyId: str, MacAlgorithm: str, GrantTokens: list[str] | None = None,
                     DryRun: bool = False) -> dict[str, Any]:
        message = check_bytes(Message, "Message", 1, 4096)
        check_grant_tokens(GrantTokens)
        key, material = self._mac_key(KeyId, "GenerateMac", MacAlgorithm)
        dry_run(DryRun)
        return {"Mac": material.mac(MacAlgorithm, message), "MacAlgorithm": MacAlgorithm, "KeyId": key.arn}

    @operation("VerifyMac")
    def verify_mac(self, *, Message: bytes, KeyId: str, MacAlgorithm: str, Mac: bytes,
                   GrantTokens: list[str] | None = None, DryRun: bool = False) -> dict[str, Any]:
        message = check_bytes(Message, "Message", 1, 4096)
        mac = check_bytes(Mac, "Mac", 1, 6144)
        check_grant_tokens(GrantTokens)
        key, material = self._mac_key(KeyId, "VerifyMac", MacAlgorithm)
        dry_run(DryRun)
        if not material.verify(MacAlgorithm, message, mac):
            raise KMSInvalidMacException("The MAC verification failed.")
        return {"KeyId": key.arn, "MacValid": True, "MacAlgorithm": MacAlgorithm}

    # -- public keys and key agreement -------------------------------------------------
    @operation("GetPublicKey")
    def get_public_key(self, *, KeyId: str, GrantTokens: list[str] | None = None) -> dict[str, Any]:
        check_grant_tokens(GrantTokens)
        key, backend, alias = self.resolve(KeyId)
        self.authorize_key(key, "GetPublicKey", alias_used=alias)
        if key.core.symmetric or key.core.spec.startswith("HMAC_"):
            raise UnsupportedOperationException(f"{key.arn} is not an asymmetric KMS key")
        self.check_usable(key, backend)
        current = key.core.current_material
        assert current is not None and isinstance(current.material, AsymmetricMaterial)
        out: dict[str, Any] = {"KeyId": key.arn, "PublicKey": current.material.public_der(),
                               "CustomerMasterKeySpec": key.core.spec, "KeySpec": key.core.spec,
                               "KeyUsage": key.core.usage}
        out.update(algorithms_for(key.core.spec, key.core.usage))
        return out

    @operation("DeriveSharedSecret")
    def derive_shared_secret(self, *, KeyId: str, KeyAgreementAlgorithm: str, PublicKey: bytes,
                             GrantTokens: list[str] | None = None, DryRun: bool = False) -> dict[str, Any]:
        peer = check_bytes(PublicKey, "PublicKey", 1, 8192)
        check_grant_tokens(GrantTokens)
        key, backend, alias = self.resolve(KeyId)
        self.authorize_key(key, "DeriveSharedSecret", alias_used=alias,
                           context={"kms:KeyAgreementAlgorithm": KeyAgreementAlgorithm})
        if key.core.usage != KEY_AGREEMENT:
            raise invalid_usage(key, "DeriveSharedSecret")
        if KeyAgreementAlgorithm != "ECDH":
            raise ValidationException("KeyAgreementAlgorithm must be ECDH")
        self.check_usable(key, backend)
        dry_run(DryRun)
        current = key.core.current_material
        assert current is not None and isinstance(current.material, AsymmetricMaterial)
        try:
            secret = current.material.derive_shared_secret(peer)
        except CryptoInputError as err:
            raise ValidationException(str(err)) from None
        return {"KeyId": key.arn, "SharedSecret": secret, "KeyAgreementAlgorithm": "ECDH",
                "KeyOrigin": key.core.origin}


def _material_hex(key: RegionalKey) -> str:
    current = key.core.current_material
    return current.material_id.hex() if current else ""

