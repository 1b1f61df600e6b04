"""Building a simulated cloud from a model: create a key with a known key id.

Not a boto3 operation. Code that replays infrastructure read from Terraform or
CloudFormation (the world→cloud builder) needs keys whose ids match the ARNs
that policies, aliases and other resources already mention. ``seed_key`` runs
the ordinary ``CreateKey`` path — same validation, authorization (as the given
principal, the account root by default), lockout check and response — with the
key id fixed. ``seed_key_material`` imports known key material into an EXTERNAL
key through GetParametersForImport/ImportKeyMaterial, as a client would.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes, keywrap, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

_KEY_ID = re.compile(r"^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def seed_key(cloud: Cloud, account: str, region: str, key_id: str, *, principal: str | None = None,
             **create_key: Any) -> dict[str, Any]:
    """``CreateKey`` with a chosen key id; returns the ``KeyMetadata``.

    ``key_id`` must look like an AWS key id (a UUID, or ``mrk-`` + 32 hex digits
    for ``MultiRegion=True``) and be unused in the account and region.
    """
    if not _KEY_ID.match(key_id):
        raise ValueError(f"{key_id!r} is not a KMS key id (UUID, or mrk- followed by 32 hex digits)")
    from iacsim.sim.kms.client import KMS

    backend = cloud.backend(KMS, account, region)
    client = cloud.client("kms", region=region, account=None if principal else account, principal=principal)
    backend.forced_key_id = key_id
    try:
        metadata: dict[str, Any] = client.create_key(**create_key)["KeyMetadata"]
    finally:
        backend.forced_key_id = None
    return metadata


def seed_key_material(cloud: Cloud, account: str, region: str, key_id: str, material: bytes, *,
                      valid_to: datetime | None = None, principal: str | None = None) -> str:
    """Import ``material`` (raw symmetric/HMAC bytes or a PKCS#8 DER private key) into an EXTERNAL key.

    Runs GetParametersForImport and ImportKeyMaterial through the API, wrapping the material
    with RSA_AES_KEY_WRAP_SHA_256 as a client would (Terraform ``aws_kms_external_key``'s
    ``key_material_base64``). ``valid_to=None`` means the material does not expire. Returns the
    KeyMaterialId.
    """
    client = cloud.client("kms", region=region, account=None if principal else account, principal=principal)
    params = client.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm="RSA_AES_KEY_WRAP_SHA_256",
                                              WrappingKeySpec="RSA_2048")
    public = serialization.load_der_public_key(params["PublicKey"])
    assert isinstance(public, rsa.RSAPublicKey)
    aes_key = os.urandom(32)
    wrapped = public.encrypt(aes_key, padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None))
    wrapped += keywrap.aes_key_wrap_with_padding(aes_key, material)
    expiry: dict[str, Any] = ({"ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": valid_to} if valid_to
                              else {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"})
    result = client.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"],
                                        EncryptedKeyMaterial=wrapped, **expiry)
    return str(result["KeyMaterialId"])
