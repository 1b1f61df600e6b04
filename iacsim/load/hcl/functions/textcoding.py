"""Text encodings and compression: ``textencodebase64``, ``textdecodebase64``, ``base64gzip``.

``textencodebase64(string, encoding)`` encodes the characters with an IANA-named character
encoding and returns Base64 (standard alphabet, RFC 4648 §4); ``textdecodebase64`` reverses it.
Terraform resolves the name with Go's ``ianaindex``, case-insensitively, over IANA names and
aliases; an unknown name is an error.
https://developer.hashicorp.com/terraform/language/functions/textencodebase64,
https://developer.hashicorp.com/terraform/language/functions/textdecodebase64.

``base64gzip(string)`` gzips the UTF-8 bytes and returns Base64
(https://developer.hashicorp.com/terraform/language/functions/base64gzip). The gzip header is
Go's (no name, modification time 0, OS byte 255), the level Go's default (6) and the stream
ends the way Terraform's write–flush–close does. The deflate blocks come from zlib, not Go's
``compress/flate``: short inputs give Terraform's bytes exactly, longer ones decompress to the
same text but may be compressed differently. Nothing iacsim checks depends on those bytes.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import struct
import zlib
from typing import Any

from iacsim.load.hcl.convert import EvalError, to_string
from iacsim.load.hcl.functions.registry import function

_ALIASES = {
    # Names Python's codec registry spells differently from IANA, and Go's choices for the
    # endianness-neutral Unicode names (big-endian with a byte-order mark).
    "utf-16": "utf-16-be-bom",
    "csutf16": "utf-16-be-bom",
    "utf-32": "utf-32-be-bom",
    "csutf32": "utf-32-be-bom",
    "us-ascii": "ascii",
    "csascii": "ascii",
    "windows-31j": "cp932",
}


def _codec(name: Any) -> str:
    label = to_string(name, "the encoding name")
    key = label.strip().lower()
    chosen = _ALIASES.get(key, key)
    if chosen.endswith("-bom"):
        return chosen
    try:
        return codecs.lookup(chosen).name
    except LookupError:
        raise EvalError(f'"{label}" is not a supported IANA encoding name or alias in this Terraform '
                        "version") from None


def _encode(text: str, codec: str) -> bytes:
    if codec == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if codec == "utf-32-be-bom":
        return b"\x00\x00\xfe\xff" + text.encode("utf-32-be")
    return text.encode(codec)


def _decode(raw: bytes, codec: str) -> str:
    if codec.endswith("-bom"):
        base = "utf-16" if codec.startswith("utf-16") else "utf-32"
        # A byte-order mark decides the order; without one Go reads big-endian.
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
            return raw.decode(base)
        return raw.decode(f"{base}-be")
    return raw.decode(codec)


@function("textencodebase64")
def textencodebase64(text: Any, encoding: Any) -> str:
    codec = _codec(encoding)
    value = to_string(text)
    try:
        raw = _encode(value, codec)
    except UnicodeEncodeError:
        raise EvalError(f"the given string contains characters that cannot be represented in "
                        f"{to_string(encoding)}") from None
    return base64.b64encode(raw).decode("ascii")


@function("textdecodebase64")
def textdecodebase64(text: Any, encoding: Any) -> str:
    codec = _codec(encoding)
    try:
        raw = base64.b64decode(to_string(text), validate=True)
    except binascii.Error:
        raise EvalError("the given value is has an invalid base64 symbol") from None
    try:
        return _decode(raw, codec)
    except UnicodeDecodeError:
        raise EvalError(f"the given string contains symbols that are not defined for {to_string(encoding)}") from None


_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
"""Go's ``gzip.Writer`` header: deflate, no flags, modification time 0, XFL 0, OS 255 (unknown)."""


@function("base64gzip")
def base64gzip(text: Any) -> str:
    data = to_string(text).encode("utf-8")
    # Terraform writes, flushes, then closes: a sync-flushed block followed by an empty final stored block.
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH) + b"\x01\x00\x00\xff\xff"
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return base64.b64encode(_GZIP_HEADER + body + trailer).decode("ascii")
