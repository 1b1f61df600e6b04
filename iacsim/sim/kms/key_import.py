"""Imported key material: GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial.

KDG "Importing key material" and the API reference pages
(https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html),
docs/aws-behaviour.md §3:

* only EXTERNAL-origin keys (else UnsupportedOperationException);
* GetParametersForImport returns a real RSA wrapping public key and an import
  token, both valid 24 hours on the simulated clock;
* wrapping: RSAES_OAEP_SHA_1/256 (material encrypted directly with the RSA
  key) or RSA_AES_KEY_WRAP_SHA_1/256 (an ephemeral AES-256 key encrypted with
  RSA-OAEP, followed by the material wrapped with AES key wrap with padding,
  RFC 5649);
* ExpirationModel KEY_MATERIAL_EXPIRES (the default) needs ValidTo, at most
  365 days ahead; KEY_MATERIAL_DOES_NOT_EXPIRE forbids it;
* re-importing must bring the same material (IncorrectKeyMaterialException);
  ImportType NEW_KEY_MATERIAL stages new material for RotateKeyOnDemand
  (symmetric keys only);
* multi-region keys: every related key imports the same material itself.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes, keywrap, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from iacsim.aws.kms_specs import HMAC_KEY_BYTES
from iacsim.sim.client import operation
from iacsim.sim.errors import ValidationException
from iacsim.sim.kms.asymmetric import AsymmetricMaterial, CryptoInputError
from iacsim.sim.kms.backend import ImportParameters
from iacsim.sim.kms.base import KmsClientBase, check_bytes
from iacsim.sim.kms.blob import MATERIAL_ID_BYTES, HmacMaterial, SymmetricMaterial
from iacsim.sim.kms.errors import (
    ExpiredImportTokenException,
    IncorrectKeyMaterialException,
    InvalidCiphertextException,
    InvalidImportTokenException,
    NotFoundException,
    UnsupportedOperationException,
)
from iacsim.sim.kms.model import ImportedCopy, Material, MaterialVersion, RegionalKey

WRAPPING_ALGORITHMS = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256")
WRAPPING_KEY_SPECS = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
PARAMETERS_LIFETIME = timedelta(hours=24)
MAX_VALID_TO = timedelta(days=365)


def _oaep(algorithm: str) -> padding.OAEP:
    h: hashes.HashAlgorithm = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    return padding.OAEP(mgf=padding.MGF1(h), algorithm=h, label=None)


def unwrap(params: ImportParameters, wrapped: bytes) -> bytes:
    """Recover key material wrapped as the import's WrappingAlgorithm prescribes."""
    key: rsa.RSAPrivateKey = params.wrapping_key
    try:
        if params.wrapping_algorithm.startswith("RSAES_OAEP"):
            return key.decrypt(wrapped, _oaep(params.wrapping_algorithm))
        size = key.key_size // 8
        aes_key = key.decrypt(wrapped[:size], _oaep(params.wrapping_algorithm))
        return keywrap.aes_key_unwrap_with_padding(aes_key, wrapped[size:])
    except (ValueError, keywrap.InvalidUnwrap):
        raise InvalidCiphertextException(
            "The wrapped key material could not be unwrapped with the import parameters") from None


def material_from_bytes(spec: str, raw: bytes, material_id: bytes) -> Material:
    if spec == "SYMMETRIC_DEFAULT":
        if len(raw) != 32:
            raise ValidationException("Imported symmetric key material must be 256 bits (32 bytes)")
        return SymmetricMaterial(raw, material_id)
    if spec in HMAC_KEY_BYTES:
        low, high = HMAC_KEY_BYTES[spec]
        if not low <= len(raw) <= high:
            raise ValidationException(f"Imported {spec} key material must be {low} to {high} bytes")
        return HmacMaterial(raw, material_id)
    try:
        return AsymmetricMaterial.from_pkcs8(spec, raw, material_id)
    except CryptoInputError as err:
        raise ValidationException(str(err)) from None


def same_material(a: Material, b: Material) -> bool:
    if isinstance(a, AsymmetricMaterial) and isinstance(b, AsymmetricMaterial):
        return a.same_private(b)
    if isinstance(a, SymmetricMaterial) and isinstance(b, SymmetricMaterial):
        return a.same_as(b)
    if isinstance(a, HmacMaterial) and isinstance(b, HmacMaterial):
        return a.same_as(b)
    return False


class KmsImportOps(KmsClientBase):
    def _external_key(self, key_ref: str, operation_name: str) -> RegionalKey:
        key, backend, _ = self.resolve(key_ref, allow_alias=False)
        self.authorize_key(key, operation_name)
        if key.core.origin != "EXTERNAL":
            raise UnsupportedOperationException(
                f"{operation_name} is supported only on keys with EXTERNAL origin; {key.arn} is "
                f"{key.core.origin}")
        self.check_not_deleting(key, backend)
        return key

    @operation("GetParametersForImport")
    def get_parameters_for_import(self, *, KeyId: str, WrappingAlgorithm: str,
                                  WrappingKeySpec: str) -> dict[str, Any]:
        key = self._external_key(KeyId, "GetParametersForImport")
        if WrappingAlgorithm not in WRAPPING_ALGORITHMS:
            raise ValidationException(f"WrappingAlgorithm must be one of {', '.join(WRAPPING_ALGORITHMS)}")
        if WrappingKeySpec not in WRAPPING_KEY_SPECS:
            raise ValidationException(f"WrappingKeySpec must be one of {', '.join(WRAPPING_KEY_SPECS)}")
        backend = self.backend_for(key.account, self.region)
        wrapping = rsa.generate_private_key(public_exponent=65537, key_size=WRAPPING_KEY_SPECS[WrappingKeySpec])
        token = os.urandom(256)
        valid_to = backend.now() + PARAMETERS_LIFETIME
        backend.import_tokens[token] = ImportParameters(key.key_id, WrappingAlgorithm, wrapping, valid_to)
        public = wrapping.public_key().public_bytes(serialization.Encoding.DER,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
        return {"KeyId": key.arn, "ImportToken": token, "PublicKey": public, "ParametersValidTo": valid_to}

    @operation("ImportKeyMaterial")
    def import_key_material(self, *, KeyId: str, ImportToken: bytes, EncryptedKeyMaterial: bytes,
                            ValidTo: datetime | None = None, ExpirationModel: str = "KEY_MATERIAL_EXPIRES",
                            ImportType: str | None = None, KeyMaterialDescription: str | None = None
                            ) -> dict[str, Any]:
        key = self._external_key(KeyId, "ImportKeyMaterial")
        backend = self.backend_for(key.account, self.region)
        now = backend.now()
        token = check_bytes(ImportToken, "ImportToken", 1, 6144)
        wrapped = check_bytes(EncryptedKeyMaterial, "EncryptedKeyMaterial", 1, 6144)
        params = backend.import_tokens.get(token)
        if params is None or params.key_id != key.key_id:
            raise InvalidImportTokenException("The import token is not valid for this key")
        if now > params.valid_to:
            raise ExpiredImportTokenException("The import token has expired; call GetParametersForImport again")
        if ExpirationModel == "KEY_MATERIAL_EXPIRES":
            if ValidTo is None:
                raise ValidationException("ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES")
            if ValidTo.tzinfo is None:
                raise ValidationException("ValidTo must be timezone-aware")
            if ValidTo <= now or ValidTo > now + MAX_VALID_TO:
                raise ValidationException("ValidTo must be in the future and at most 365 days from now")
        elif ExpirationModel == "KEY_MATERIAL_DOES_NOT_EXPIRE":
            if ValidTo is not None:
                raise ValidationException("ValidTo is not allowed when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE")
        else:
            raise ValidationException("ExpirationModel must be KEY_MATERIAL_EXPIRES or KEY_MATERIAL_DOES_NOT_EXPIRE")
        if ImportType not in (None, "EXISTING_KEY_MATERIAL", "NEW_KEY_MATERIAL"):
            raise ValidationException("ImportType must be EXISTING_KEY_MATERIAL or NEW_KEY_MATERIAL")
        raw = unwrap(params, wrapped)
        core = key.core
        candidate = material_from_bytes(core.spec, raw, os.urandom(MATERIAL_ID_BYTES))
        existing = next((v for v in core.materials if same_material(candidate, v.material)), None)
        if ImportType == "NEW_KEY_MATERIAL" and core.materials:
            if not core.symmetric:
                raise UnsupportedOperationException(
                    f"{key.arn}: imported {core.spec} key material can never change")
            if existing is not None:
                raise IncorrectKeyMaterialException("NEW_KEY_MATERIAL must differ from the key's material")
            core.materials.append(MaterialVersion(candidate, now, None, description=KeyMaterialDescription))
            core.pending_material = len(core.materials) - 1
            version = core.materials[-1]
        elif not core.materials:
            core.materials.append(MaterialVersion(candidate, now, None, description=KeyMaterialDescription))
            core.current = 0
            version = core.materials[0]
        else:
            if existing is None:
                raise IncorrectKeyMaterialException(
                    "The key material does not match the material previously imported into this key")
            version = existing
        key.imported[version.material_id] = ImportedCopy(ExpirationModel,  # type: ignore[arg-type]
                                                         ValidTo if ExpirationModel == "KEY_MATERIAL_EXPIRES" else None,
                                                         now)
        del backend.import_tokens[token]
        return {"KeyId": key.arn, "KeyMaterialId": version.material_id.hex()}

    @operation("DeleteImportedKeyMaterial")
    def delete_imported_key_material(self, *, KeyId: str, KeyMaterialId: str | None = None) -> dict[str, Any]:
        key = self._external_key(KeyId, "DeleteImportedKeyMaterial")
        core = key.core
        target: MaterialVersion | None
        if KeyMaterialId is None:
            target = core.current_material
        else:
            try:
                target = core.material_by_id(bytes.fromhex(KeyMaterialId))
            except ValueError:
                target = None
            if target is None:
                raise NotFoundException(f"Key material {KeyMaterialId} does not exist on {key.arn}")
        if target is not None:
            key.imported.pop(target.material_id, None)
        return {"KeyId": key.arn, "KeyMaterialId": target.material_id.hex() if target else ""}
