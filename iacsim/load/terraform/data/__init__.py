"""Data sources resolved statically; every other data source is Unknown with the reason.

A resolver is a pure function of the data source's evaluated arguments, its
placement and (for KMS lookups) the keys defined in the scan. It returns the
computed attributes, or an :class:`Unknown` for the whole data source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacsim.load.resource import Placement
from iacsim.load.terraform.data import identity, kms
from iacsim.load.terraform.data.iam_policy_document import resolve_policy_document
from iacsim.load.terraform.data.kms import KmsRegistry
from iacsim.values import Unknown

__all__ = ["KMS_LOOKUPS", "REPLAYED", "KmsRegistry", "resolve_data"]

KMS_LOOKUPS = frozenset({"aws_kms_key", "aws_kms_alias"})
"""Data sources answered from the scan's own keys (the loader re-evaluates a root when they miss)."""

REPLAYED = frozenset({"aws_kms_secrets"})
"""Data sources whose result is unknown to the loader but which the model translates and a flow replays
(``data "aws_kms_secrets"``: the code-secret flow decrypts the committed ciphertext); not a coverage gap."""


def resolve_data(type_: str, attrs: Mapping[str, Any], placement: Placement, address: str,
                 registry: KmsRegistry) -> dict[str, Any] | Unknown:
    """Computed attributes of ``data.<type_>`` or an Unknown saying why not."""
    if type_ == "aws_iam_policy_document":
        return resolve_policy_document(attrs, address)
    if type_ == "aws_caller_identity":
        return identity.caller_identity(attrs, placement, address)
    if type_ == "aws_region":
        return identity.region(attrs, placement, address)
    if type_ == "aws_partition":
        return identity.partition(attrs, placement, address)
    if type_ == "aws_kms_key":
        return kms.kms_key(attrs, placement, address, registry)
    if type_ == "aws_kms_alias":
        return kms.kms_alias(attrs, placement, address, registry)
    return Unknown(f"data source {type_} is not resolved statically (it reads live infrastructure)", address)
