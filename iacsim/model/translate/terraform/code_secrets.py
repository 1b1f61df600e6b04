"""Terraform secrets in code → :mod:`iacsim.model.code_secrets`.

* ``aws_kms_ciphertext`` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_ciphertext):
  ``key_id`` (required), ``plaintext`` (required; "stored in the state file"), ``context`` (map).
  The plaintext is measured and dropped here.
* ``data "aws_kms_secrets"`` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_secrets):
  one or more ``secret`` blocks ``{ name, payload, context, grant_tokens, key_id,
  encryption_algorithm }``; ``payload`` is the base64 ``CiphertextBlob`` of a KMS Encrypt.
* EC2 user data of ``aws_instance`` and ``aws_launch_configuration`` (``user_data`` plain text,
  ``user_data_base64``; provider docs ``r/instance``, ``r/launch_configuration``) and
  ``aws_launch_template`` (``user_data``, base64 as the EC2 API takes it), through
  :func:`user_data_objects`, which sees every Terraform resource.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.code_secrets import (
    BlobEncoding,
    CommittedCiphertext,
    Context,
    KmsCiphertext,
    PlaintextShape,
)
from iacsim.model.ids import Address
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    blocks,
    get_str,
    placement_fields,
    req_str,
    str_tuple,
    string_map,
)
from iacsim.model.user_data_shape import user_data_shape
from iacsim.values import Unknown


def _plaintext(value: Any) -> PlaintextShape:
    if value is None:
        return PlaintextShape(present=False)
    if isinstance(value, str):  # SensitiveStr too: measurable, never printed
        return PlaintextShape(present=True, known=True, length_bytes=len(value.encode("utf-8")))
    return PlaintextShape(present=True)


def _context(value: Any) -> Context | Unknown | None:
    # ``context = {…}`` is a map; the pre-0.12 ``context { … }`` block arrives as a list of one map.
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
        value = value[0]
    found = string_map(value, "context")
    return found if found is None or isinstance(found, Unknown) else dict(found)


@translates("aws_kms_ciphertext", attrs={"key": "key_id", "context": "context", "plaintext": "plaintext"})
def kms_ciphertext(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield KmsCiphertext(
        **placement_fields(resource),
        key=req_str(a, "key_id", "ciphertext"),
        context=_context(a.get("context")),
        plaintext=_plaintext(a.get("plaintext")),
    )


def _blob(payload: Any) -> tuple[BlobEncoding, int | None]:
    if not isinstance(payload, str):
        return "unknown", None
    try:
        return "base64", len(base64.b64decode(payload.strip(), validate=True))
    except (binascii.Error, ValueError):
        return "invalid-base64", None


@translates("data.aws_kms_secrets")
def kms_secrets(resource: Resource) -> Iterator[ModelObject]:
    fields = placement_fields(resource)
    found = blocks(resource.attrs, "secret")
    secrets = [found] if isinstance(found, Unknown) else found
    for secret in secrets:
        if isinstance(secret, Unknown):
            yield CommittedCiphertext(**fields, name=secret, _payload=secret)
            continue
        payload = secret.get("payload")
        encoding, length = _blob(payload)
        yield CommittedCiphertext(
            **fields,
            name=req_str(secret, "name", "secret"),
            key=get_str(secret, "key_id"),
            context=_context(secret.get("context")),
            encryption_algorithm=get_str(secret, "encryption_algorithm"),
            grant_tokens=str_tuple(secret.get("grant_tokens") or [], "grant_tokens"),
            encoding=encoding,
            length_bytes=length,
            _payload=payload.strip() if isinstance(payload, str) else (
                payload if isinstance(payload, Unknown) else None),
        )


@translates("terraform:*", "tfplan:*")
def user_data_objects(resource: Resource) -> Iterator[ModelObject]:
    """User data shapes of an ``aws_instance`` / ``aws_launch_configuration`` / ``aws_launch_template``.

    Registered for every Terraform resource (``<origin>:*``) so the EC2 translators stay as they are;
    other types yield nothing.
    """
    if resource.type not in ("aws_instance", "aws_launch_configuration", "aws_launch_template"):
        return
    a = resource.attrs
    target = Address(resource.address)
    pairs: tuple[tuple[str, bool], ...]
    if resource.type in ("aws_instance", "aws_launch_configuration"):
        pairs = (("user_data", False), ("user_data_base64", True))
    else:
        pairs = (("user_data", True),)  # launch templates take user data base64-encoded
    for name, encoded in pairs:
        shape = user_data_shape(resource, target, name, a.get(name), base64_encoded=encoded)
        if shape is not None:
            yield shape
