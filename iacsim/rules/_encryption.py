"""Shared by the *encrypted at rest* / *encrypted with a customer managed key* rules of every service: what
kind of key a resource's key reference names.

* No reference: the service's default (an AWS owned key, or the AWS managed key ``aws/<service>`` the service
  creates in the account on first use) — each rule says which, from the service's documentation.
* ``alias/aws/<service>`` (or its alias ARN): the AWS managed key. Not an error: the service creates it on
  first use ("AWS managed keys … are created, managed, and used on your behalf by an AWS service",
  https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key), but not a customer
  managed key either — its key policy cannot be changed.
* A key of the scan (by address, ARN, id or alias): a customer managed key.
* Anything else (a key ARN or data source outside the scan, a value known only after apply): ``unknown`` —
  a rule never reports what it cannot tell (docs/architecture.md §4).
"""

from __future__ import annotations

from typing import Literal

from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.ids import Ref
from iacsim.model.kms import KmsKey
from iacsim.values import Unknown

KeyKind = Literal["customer", "aws-managed", "unknown"]


def is_aws_managed_alias(ref: Ref | None) -> bool:
    """``alias/aws/…`` or ``arn:…:alias/aws/…``: an AWS managed key's alias (the prefix is reserved for AWS)."""
    return isinstance(ref, str) and (ref.startswith("alias/aws/") or ":alias/aws/" in ref)


def customer_key(world: World, ref: Ref | None, obj: ModelObject) -> KmsKey | None:
    """The scan's key ``ref`` names for ``obj`` (same account and Region unless the reference says otherwise)."""
    if ref is None or is_aws_managed_alias(ref):
        return None
    account = obj.account if isinstance(obj.account, str) else None
    region = obj.region if isinstance(obj.region, str) else None
    return world.find_key(ref, account=account, region=region, near=obj.address)


def key_kind(world: World, ref: Ref | None, obj: ModelObject) -> KeyKind | None:
    """What kind of key ``ref`` names for ``obj``; None when there is no reference (the service's default)."""
    if ref is None:
        return None
    if is_aws_managed_alias(ref):
        return "aws-managed"
    if customer_key(world, ref, obj) is not None:
        return "customer"
    if isinstance(ref, Unknown) and ref.ref and ref.ref.startswith(("aws_kms_key.", "aws_kms_replica_key.")):
        return "customer"  # a key resource of the scan whose value is known only after apply
    return "unknown"


def written(ref: Ref) -> str:
    """A key reference as the user wrote it, for a message."""
    return ref if isinstance(ref, str) else (ref.ref or "a value known only after apply")
