"""Symmetric cryptography of the simulated KMS: the ciphertext blob and HMAC.

Ciphertext blob (documented in docs/sim.md; it is not AWS's byte format, but
it fails in the same situations AWS's does)::

    offset  size  field
    0       1     format version, 0x01
    1       12    account id of the key (ASCII digits)
    13      1     length L of the key id
    14      L     key id (ASCII; ``mrk-...`` for multi-region keys)
    14+L    32    key material id (which backing key / rotation produced it)
    46+L    12    AES-GCM IV (random)
    58+L    n     AES-256-GCM ciphertext of the plaintext
    58+L+n  16    GCM authentication tag

The additional authenticated data is the header (bytes 0..46+L) followed by
the canonical encryption context, so changing any header byte, any
ciphertext byte or any context entry makes decryption fail
(``InvalidCiphertextException``). The account (not the region) is in the
header because a multi-region ciphertext decrypts with the related key in
any region, and a cross-account caller can decrypt without naming the key.

Encryption context: https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BLOB_VERSION = 1
MATERIAL_ID_BYTES = 32
IV_BYTES = 12
TAG_BYTES = 16


class BlobError(Exception):
    """A blob that cannot be parsed or authenticated (maps to InvalidCiphertextException)."""


@dataclass(frozen=True)
class BlobHeader:
    account: str
    key_id: str
    material_id: bytes

    def encode(self) -> bytes:
        key = self.key_id.encode("ascii")
        return bytes((BLOB_VERSION,)) + self.account.encode("ascii") + bytes((len(key),)) + key + self.material_id


def canonical_context(context: Mapping[str, str] | None) -> bytes:
    """Order-free, unambiguous encoding of an encryption context (length-prefixed UTF-8)."""
    if not context:
        return b""
    return _canonical(tuple(sorted(context.items())))


@lru_cache(maxsize=1024)
def _canonical(items: tuple[tuple[str, str], ...]) -> bytes:
    # Cached: services reuse the same few contexts (a parameter ARN, a bucket ARN) again and again.
    parts: list[bytes] = []
    for k, v in items:
        kb = k.encode("utf-8")
        vb = v.encode("utf-8")
        parts.append(len(kb).to_bytes(4, "big") + kb + len(vb).to_bytes(4, "big") + vb)
    return b"".join(parts)


def parse_header(blob: bytes) -> tuple[BlobHeader, int]:
    """Parse the header; returns it and the offset where the IV starts."""
    if len(blob) < 14 or blob[0] != BLOB_VERSION:
        raise BlobError("not an iacsim ciphertext blob")
    account = blob[1:13]
    if not account.isdigit():
        raise BlobError("corrupt header")
    length = blob[13]
    end = 14 + length + MATERIAL_ID_BYTES
    if length == 0 or len(blob) < end + IV_BYTES + TAG_BYTES:
        raise BlobError("truncated ciphertext")
    try:
        key_id = blob[14 : 14 + length].decode("ascii")
    except UnicodeDecodeError:
        raise BlobError("corrupt header") from None
    return BlobHeader(account.decode("ascii"), key_id, bytes(blob[14 + length : end])), end


class SymmetricMaterial:
    """One AES-256 backing key. The secret never appears in repr/str."""

    __slots__ = ("_aead", "_secret", "material_id")

    def __init__(self, secret: bytes, material_id: bytes) -> None:
        if len(secret) != 32:
            raise ValueError("symmetric key material must be 256 bits")
        if len(material_id) != MATERIAL_ID_BYTES:
            raise ValueError("material id must be 32 bytes")
        self._secret = secret
        self._aead = AESGCM(secret)
        self.material_id = material_id

    def __deepcopy__(self, memo: dict[int, object]) -> SymmetricMaterial:
        # Immutable: a copy of the cloud (iacsim.testing's per-test copies) shares it; AESGCM cannot be copied.
        return self

    @staticmethod
    def generate() -> SymmetricMaterial:
        return SymmetricMaterial(os.urandom(32), os.urandom(MATERIAL_ID_BYTES))

    def same_secret(self, secret: bytes) -> bool:
        return hmac.compare_digest(self._secret, secret)

    def same_as(self, other: SymmetricMaterial) -> bool:
        return hmac.compare_digest(self._secret, other._secret)

    def seal(self, header: BlobHeader, plaintext: bytes, context: Mapping[str, str] | None) -> bytes:
        head = header.encode()
        iv = os.urandom(IV_BYTES)
        return head + iv + self._aead.encrypt(iv, plaintext, head + canonical_context(context))

    def open(self, blob: bytes, iv_offset: int, context: Mapping[str, str] | None) -> bytes:
        head = blob[:iv_offset]
        iv = blob[iv_offset : iv_offset + IV_BYTES]
        try:
            return self._aead.decrypt(iv, blob[iv_offset + IV_BYTES :], head + canonical_context(context))
        except InvalidTag:
            raise BlobError("authentication failed") from None

    def __repr__(self) -> str:
        return f"<SymmetricMaterial {self.material_id.hex()[:12]}…>"


_HMAC_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "HMAC_SHA_224": hashes.SHA224,
    "HMAC_SHA_256": hashes.SHA256,
    "HMAC_SHA_384": hashes.SHA384,
    "HMAC_SHA_512": hashes.SHA512,
}


class HmacMaterial:
    """An HMAC key. The secret never appears in repr/str."""

    __slots__ = ("_secret", "material_id")

    def __init__(self, secret: bytes, material_id: bytes) -> None:
        self._secret = secret
        self.material_id = material_id

    def same_secret(self, secret: bytes) -> bool:
        return hmac.compare_digest(self._secret, secret)

    def same_as(self, other: HmacMaterial) -> bool:
        return hmac.compare_digest(self._secret, other._secret)

    def mac(self, algorithm: str, message: bytes) -> bytes:
        h = crypto_hmac.HMAC(self._secret, _HMAC_HASHES[algorithm]())
        h.update(message)
        return h.finalize()

    def verify(self, algorithm: str, message: bytes, mac: bytes) -> bool:
        return hmac.compare_digest(self.mac(algorithm, message), mac)

    def __repr__(self) -> str:
        return f"<HmacMaterial {self.material_id.hex()[:12]}…>"
