"""Ciphertext iacsim can recognise and decrypt, and a helper to produce it for tests and samples.

The simulated KMS seals with random key material (:mod:`iacsim.sim.kms.backend`), so a blob made
by one scan could never be opened by the next. For ciphertext meant to be *committed* (the payload
of ``data "aws_kms_secrets"`` in a sample or a test), the code-secret flow gives a seeded
symmetric key a second, deterministic identity: key material derived from the key's account and
key id (HKDF-SHA256 over a fixed, public label). A blob sealed with it is in the simulated KMS's
own format (:mod:`iacsim.sim.kms.blob`: version byte, account, key id, material id, IV, AES-GCM with
the encryption context as additional data) and names that material id, so a later scan recognises
it, installs the same material on the same key, and replays a real Decrypt: context and key
mismatches fail exactly as they would in AWS.

This material is public by construction: such blobs protect nothing and exist only to exercise
the flow. Ciphertext from real AWS KMS is never in this format (its header is not an account id),
and the flow reports it as ``unknown``.

Produce a blob for a key of a scanned directory (plaintext on stdin, never echoed)::

    printf '%s' "$SECRET" | iacsim encrypt . --key aws_kms_key.app --context app=billing

A key whose id is known only after apply gets a simulated id derived from its root module's
directory *relative to the scanned root*: produce the blob by scanning the same root the checking
scans use (``--world`` selects one world of ``.iacsim.yml`` ``worlds``, as in ``samples/``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from iacsim.errors import EncryptArgumentError
from iacsim.flows.clients import KmsClient, client
from iacsim.sim import Cloud
from iacsim.sim.kms.blob import BlobError, BlobHeader, SymmetricMaterial, parse_header

if TYPE_CHECKING:
    from iacsim.load import LoadOptions

_LABEL = b"iacsim simulated KMS key material for committed ciphertext, v1"
"""Public derivation label: the material is a test fixture, not a secret."""


def simulated_material(account: str, key_id: str) -> SymmetricMaterial:
    """The deterministic AES-256 material iacsim gives key ``key_id`` of ``account`` for committed blobs."""
    info = f"{account}/{key_id}".encode("ascii")
    secret = HKDF(algorithm=hashes.SHA256(), length=32, salt=_LABEL, info=info).derive(b"iacsim")
    material_id = hashlib.sha256(_LABEL + b"/material-id/" + info).digest()
    return SymmetricMaterial(secret, material_id)


def recognise(payload: str) -> BlobHeader | None:
    """The header of a base64 blob in iacsim's format sealed with the deterministic material, else None."""
    try:
        blob = base64.b64decode(payload.strip(), validate=True)
        header, _ = parse_header(blob)
    except (binascii.Error, ValueError, BlobError):
        return None
    if header.material_id != simulated_material(header.account, header.key_id).material_id:
        return None
    return header


def install(cloud: Cloud, account: str, region: str, key_id: str) -> str | None:
    """Give the simulated key the deterministic material; None when done, else why it cannot be.

    Only a symmetric key with AWS-generated material that has not rotated qualifies: its one material
    version is replaced (same creation date and state), so policies, grants, aliases and key state all
    stay as seeded. Related multi-region keys share the material.
    """
    from iacsim.sim.kms.client import KMS

    key = cloud.backend(KMS, account, region).get(key_id)
    if key is None:
        return f"key {key_id} does not exist in {account}/{region} in the simulated cloud"
    core = key.core
    if core.spec != "SYMMETRIC_DEFAULT" or core.origin != "AWS_KMS":
        return (f"key {key_id} is {core.spec} with {core.origin} material: only symmetric keys with AWS "
                "generated material get iacsim's deterministic material")
    if len(core.materials) != 1:
        return f"key {key_id} has rotated in the simulation"
    core.materials[0] = dataclasses.replace(core.materials[0], material=simulated_material(account, key_id))
    return None


def encrypt_for_scan(paths: list[Path], key_ref: str, plaintext: bytes, context: dict[str, str] | None = None,
                     options: LoadOptions | None = None, world_name: str | None = None) -> str:
    """Encrypt ``plaintext`` with key ``key_ref`` (address, alias, id or ARN) of the scanned ``paths`` as the
    key account's root, through the simulated KMS; returns the base64 blob a later scan of the same code
    decrypts. ``world_name`` picks one world of the scan (:func:`iacsim.worlds.plan_worlds`, as the report lists them).

    The key id of a key known only after apply is synthesized from its root module's directory relative
    to the scanned root and its address: scan the same root as the scans that will check the blob.
    Raises EncryptArgumentError (no key, unsupported key) or the KMS ClientError (policy, state, usage)."""
    from iacsim.config import find_config, load_config
    from iacsim.flows.seed import seed_world
    from iacsim.load import LoadOptions, load_paths
    from iacsim.model import build_world
    from iacsim.model.kms import KmsKey
    from iacsim.worlds import partition

    if options is None:
        found = find_config(paths)
        options = LoadOptions(config=load_config(found), use_cache=False) if found else LoadOptions(use_cache=False)
    loaded = load_paths(paths, options)
    resources = loaded.result.resources
    if world_name is not None:
        groups = partition(resources, options.config)
        if world_name not in groups:
            raise EncryptArgumentError(f"no world {world_name!r} (worlds: {', '.join(sorted(groups))})")
        resources = groups[world_name]
    world = build_world(resources)
    key = world.find_key(key_ref)
    if not isinstance(key, KmsKey):
        raise EncryptArgumentError(f"no KMS key {key_ref!r} in the scan")
    seeded = seed_world(world, standins_unknown=False)
    if key.address not in seeded.key_ids:
        raise EncryptArgumentError(f"{key.address} could not be created in the simulated cloud: "
                         f"{seeded.failed.get(key.address) or seeded.unknown.get(key.address)}")
    account, region, arn = seeded.key_ids[key.address]
    why = install(seeded.cloud, account, region, arn.rsplit("/", 1)[1])
    if why is not None:
        raise EncryptArgumentError(why)
    kms = client(seeded.cloud, KmsClient, region=region, account=account)
    args: dict[str, Any] = {"KeyId": arn, "Plaintext": plaintext}
    if context:
        args["EncryptionContext"] = context
    return base64.b64encode(kms.encrypt(**args)["CiphertextBlob"]).decode("ascii")
