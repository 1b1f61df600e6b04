"""Secret material (plaintext, key material, data keys) never appears in repr, str or error messages."""

from __future__ import annotations

import os
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud


def test_key_material_and_plaintext_never_in_repr_or_errors(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    secret = b"correct horse battery staple"
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=secret, EncryptionContext={"a": "b"})["CiphertextBlob"]
    backend = cloud.backends("kms")["111111111111"]["us-east-1"]
    regional = backend.keys[key["KeyId"]]
    material = regional.core.materials[0].material
    raw = material._secret
    texts = [repr(regional), str(regional), repr(regional.core), repr(material), repr(backend.__dict__), repr(kms)]
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "wrong"})
    texts += [str(exc.value), repr(exc.value.response)]
    for text in texts:
        assert secret.decode() not in text
        assert raw.hex() not in text and repr(raw) not in text


def test_asymmetric_private_key_never_in_repr(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    backend = cloud.backends("kms")["111111111111"]["us-east-1"]
    material = backend.keys[key["KeyId"]].core.materials[0].material
    der = material.private_der()
    assert der.hex() not in repr(backend.keys[key["KeyId"]]) and "PRIVATE" not in repr(material)


def test_import_parameters_and_grant_tokens_are_not_shown(kms: Any, cloud: Cloud) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    params = kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                           WrappingKeySpec="RSA_2048")
    backend = cloud.backends("kms")["111111111111"]["us-east-1"]
    shown = repr(backend.import_tokens)
    assert params["ImportToken"].hex() not in shown and "PRIVATE" not in shown
    sym = kms.create_key()["KeyMetadata"]
    grant = kms.create_grant(KeyId=sym["KeyId"], GranteePrincipal="arn:aws:iam::111111111111:root",
                             Operations=["Decrypt"])
    assert grant["GrantToken"] not in repr(backend.keys[sym["KeyId"]])


def test_plaintext_of_data_keys_not_in_error_of_a_later_call(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=key["KeyId"])
    plaintext = os.urandom(16).hex().encode()
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=plaintext)
    assert plaintext.decode() not in str(exc.value)
