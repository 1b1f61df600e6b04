"""Hash and crypto functions; the random ones and ``rsadecrypt`` are Unknown.

https://developer.hashicorp.com/terraform/language/functions (Hash and Crypto
Functions). ``uuid()`` and ``bcrypt()`` differ on every run, so statically they are
Unknown (``timestamp()`` is in :mod:`.dates`). ``rsadecrypt()`` is never evaluated: it
needs a private key, which would be a secret kept in the repository; the loader also
reports a notice for every call (``iacsim.load.terraform.calls``).
"""

from __future__ import annotations

import base64
import hashlib
import uuid as uuidlib
from typing import Any

from iacsim.load.hcl.convert import EvalError, to_string
from iacsim.load.hcl.functions.registry import function
from iacsim.values import Unknown


def _hex_hash(algorithm: str) -> Any:
    def impl(text: Any) -> str:
        return hashlib.new(algorithm, to_string(text).encode("utf-8")).hexdigest()

    return impl


def _base64_hash(algorithm: str) -> Any:
    def impl(text: Any) -> str:
        digest = hashlib.new(algorithm, to_string(text).encode("utf-8")).digest()
        return base64.b64encode(digest).decode("ascii")

    return impl


for _algorithm in ("md5", "sha1", "sha256", "sha512"):
    function(_algorithm)(_hex_hash(_algorithm))
function("base64sha256")(_base64_hash("sha256"))
function("base64sha512")(_base64_hash("sha512"))


@function("uuid")
def uuid() -> Unknown:
    return Unknown("uuid() is random on every run")


@function("bcrypt")
def bcrypt(text: Any, *cost: Any) -> Unknown:
    return Unknown("bcrypt() uses a random salt")


_UUID_NAMESPACES = {
    "dns": uuidlib.NAMESPACE_DNS,
    "url": uuidlib.NAMESPACE_URL,
    "oid": uuidlib.NAMESPACE_OID,
    "x500": uuidlib.NAMESPACE_X500,
}


@function("uuidv5")
def uuidv5(namespace: Any, name: Any) -> str:
    ns_text = to_string(namespace)
    ns = _UUID_NAMESPACES.get(ns_text)
    if ns is None:
        try:
            ns = uuidlib.UUID(ns_text)
        except ValueError:
            raise EvalError(f"uuidv5() doesn't support namespace {ns_text!r}") from None
    return str(uuidlib.uuid5(ns, to_string(name)))


RSADECRYPT_REASON = ("rsadecrypt() is not evaluated: iacsim never decrypts with a private key (a private key in "
                     "the repository would be a secret); the plaintext is unknown")


@function("rsadecrypt")
def rsadecrypt(ciphertext: Any, private_key: Any) -> Unknown:
    """https://developer.hashicorp.com/terraform/language/functions/rsadecrypt — unknown on purpose."""
    return Unknown(RSADECRYPT_REASON)
