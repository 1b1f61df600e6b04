"""Shared by the encryption-at-rest rules (issue 17): which kind of KMS key encrypts a resource.

AWS keys come in three kinds (AWS KMS Developer Guide, "AWS KMS keys" → customer managed, AWS managed and
AWS owned keys, https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#kms_keys): a customer
managed key is one the code creates (``aws_kms_key``, ``AWS::KMS::Key``, replicas and imported keys); an AWS
managed key is ``aws/<service>``, which the service creates in the account on first use — naming it is
not an error, and it is not a customer managed key; a key ARN the scan does not hold could be either, so
its kind is not known and no rule judges it.
"""

from __future__ import annotations

from typing import Literal

from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.ids import Ref
from iacsim.rules.base import RuleContext
from iacsim.values import Unknown

KeyKind = Literal["customer", "aws-managed", "unknown"]


def names_aws_managed_key(ref: Ref | None) -> bool:
    """``alias/aws/<service>`` or its alias ARN."""
    return isinstance(ref, str) and not isinstance(ref, Unknown) and (
        ref.startswith("alias/aws/") or ":alias/aws/" in ref)


def key_kind(world: World, ref: Ref, obj: ModelObject) -> KeyKind:
    """The kind of the key ``ref`` names for ``obj`` (resolved in ``obj``'s account and Region)."""
    if names_aws_managed_key(ref):
        return "aws-managed"
    account = obj.account if isinstance(obj.account, str) else None
    region = obj.region if isinstance(obj.region, str) else None
    if world.find_key(ref, account=account, region=region, near=obj.address) is not None:
        return "customer"
    name = ref.rsplit(":", 1)[-1] if isinstance(ref, str) and ":alias/" in ref else ref
    if isinstance(name, str) and name.startswith("alias/") and world.find_alias(
            name, account=account, region=region) is not None:
        return "customer"  # an alias of the scan names a key of the scan (alias/aws/ cannot be created)
    if isinstance(ref, Unknown) and ref.ref and ref.ref.split(".")[0] in (
            "aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"):
        return "customer"  # a key resource the code creates, known after apply
    return "unknown"


def cmk_required(ctx: RuleContext, service: str) -> bool:
    """Whether ``.iacsim.yml`` requires customer managed keys for ``service`` (off by default: teams differ on
    whether AWS managed keys are acceptable)."""
    return service in ctx.config.customer_managed_keys
