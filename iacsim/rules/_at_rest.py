"""Shared by the customer-managed-key rules of CloudWatch Logs, Secrets Manager, DynamoDB, RDS, EFS, CloudTrail
and Lambda: one verdict, worded once.

A resource is encrypted with a customer managed key when its key reference names a key of the scan
(:func:`iacsim.rules._encryption.key_kind`) *and* the service can use it: when the resource's service-encryption
replay fails on that key (:mod:`iacsim.rules.flow_links`), the key protects nothing, so it is not a pass. No
reference, or ``alias/aws/<service>``, is the service's default key — not an error (the service creates its AWS
managed key on first use), but not a customer managed key. A key the scan cannot classify is not judged.
"""

from __future__ import annotations

from iacsim.model.base import ModelObject
from iacsim.model.ids import Ref
from iacsim.rules._encryption import key_kind, written
from iacsim.rules.base import RuleContext
from iacsim.rules.flow_links import key_failing_flows, see_flows


def customer_key_problem(ctx: RuleContext, obj: ModelObject, ref: Ref | None, default: str,
                         service: str) -> str | None:
    """Why ``obj`` is not usefully encrypted with a customer managed key (``default`` names ``service``'s own key,
    used when ``ref`` is None), or None when it is, or when that cannot be told."""
    kind = key_kind(ctx.world, ref, obj)
    if kind is None:
        return f"it is encrypted with {default}, not a customer managed key"
    if kind == "aws-managed":
        return f"it names {written(ref) if ref is not None else default}, an AWS managed key, not a customer managed key"
    if kind == "customer":
        failing = key_failing_flows(ctx, obj.address)
        if failing:
            return (f"it names the customer managed key {written(ref) if ref is not None else '?'}, but {service} "
                    f"cannot use it{see_flows(failing)}")
    return None
