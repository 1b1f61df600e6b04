"""Shared by the customer-managed-key rules of CloudWatch Logs, Secrets Manager, DynamoDB, RDS, EFS, CloudTrail
and Lambda: one verdict, worded once.

A resource is encrypted with a customer managed key when its key reference names a key of the scan
(:func:`iacsim.rules._encryption.key_kind`) *and* the service can use it: when the resource's service-encryption
replay fails on that key (:mod:`iacsim.rules.flow_links`), the key protects nothing, so it is not a pass. No
reference, or ``alias/aws/<service>``, is the service's default key — not an error (the service creates its AWS
managed key on first use), but not a customer managed key. A key the scan cannot classify is not judged.
"""

from __future__ import annotations

import re

from iacsim.findings import FlowResult, FlowStep
from iacsim.model.base import ModelObject
from iacsim.model.ids import Ref
from iacsim.rules._encryption import key_kind, written
from iacsim.rules.base import RuleContext
from iacsim.rules.flow_links import flows_of, is_key_failure, see_flows

_KEY_PARAMETER = re.compile(r"\((?:kmsKeyId|KMSKeyArn|KmsKeyId|initialization: kms:\w+)\)|SSE-KMS")
"""A service call made with the resource's key (``logs:CreateLogGroup (kmsKeyId)``, ``lambda:CreateFunction
(KMSKeyArn)``, ``s3:PutObject (log file, SSE-KMS)``): when it is denied, the service refused the key."""


def _fails_on_key(step: FlowStep) -> bool:
    """:func:`~iacsim.rules.flow_links.is_key_failure`, or a denied call the service makes with the key."""
    return is_key_failure(step) or (step.decision in ("denied", "error") and bool(_KEY_PARAMETER.search(step.action)))


def key_failing(ctx: RuleContext, address: str) -> tuple[FlowResult, ...]:
    """The service-encryption flows of ``address`` that fail on its key."""
    return tuple(f for f in flows_of(ctx, address) if f.verdict == "fail" and any(map(_fails_on_key, f.steps)))


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
        failing = key_failing(ctx, obj.address)
        if failing:
            return (f"it names the customer managed key {written(ref) if ref is not None else '?'}, but {service} "
                    f"cannot use it{see_flows(failing)}")
    return None
