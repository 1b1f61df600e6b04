"""Property tests of the symmetric ciphertext: round trips, and every single-byte change fails."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iacsim.sim import ClientError, Cloud

contexts = st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=30), max_size=4)
plaintexts = st.binary(min_size=1, max_size=256)

CLOUD = Cloud(start=datetime(2026, 1, 1, tzinfo=UTC))
KMS = CLOUD.client("kms", account="111111111111")
KEY = KMS.create_key()["KeyMetadata"]["Arn"]


@settings(max_examples=60, deadline=None)
@given(plaintext=plaintexts, context=contexts)
def test_round_trip_with_any_context(plaintext: bytes, context: dict[str, str]) -> None:
    blob = KMS.encrypt(KeyId=KEY, Plaintext=plaintext, EncryptionContext=context)["CiphertextBlob"]
    assert KMS.decrypt(CiphertextBlob=blob, EncryptionContext=dict(reversed(list(context.items()))))[
        "Plaintext"] == plaintext


@settings(max_examples=60, deadline=None)
@given(plaintext=plaintexts, context=contexts, data=st.data())
def test_any_single_byte_change_is_rejected(plaintext: bytes, context: dict[str, str], data: st.DataObject) -> None:
    blob = KMS.encrypt(KeyId=KEY, Plaintext=plaintext, EncryptionContext=context)["CiphertextBlob"]
    index = data.draw(st.integers(min_value=0, max_value=len(blob) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    tampered = blob[:index] + bytes([blob[index] ^ flip]) + blob[index + 1:]
    with pytest.raises(ClientError) as exc:
        KMS.decrypt(CiphertextBlob=tampered, EncryptionContext=context)
    # A changed header byte names another (non-existent) key or account, or breaks the
    # authentication of the header (it is AAD): either way AWS's answer is the same.
    assert exc.value.response["Error"]["Code"] == "InvalidCiphertextException"


@settings(max_examples=40, deadline=None)
@given(plaintext=plaintexts, context=contexts, other=contexts)
def test_a_different_context_never_decrypts(plaintext: bytes, context: dict[str, str], other: dict[str, str]) -> None:
    if other == context:
        return
    blob = KMS.encrypt(KeyId=KEY, Plaintext=plaintext, EncryptionContext=context)["CiphertextBlob"]
    with pytest.raises(ClientError) as exc:
        KMS.decrypt(CiphertextBlob=blob, EncryptionContext=other)
    assert exc.value.response["Error"]["Code"] == "InvalidCiphertextException"
