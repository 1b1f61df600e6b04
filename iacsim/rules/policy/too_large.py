from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from iacsim.aws.policy_limits import TRUST_POLICY_MAX_ADJUSTED, policy_size
from iacsim.model.base import ModelObject
from iacsim.policy.unknowns import decode_unknown
from iacsim.rules.base import Hit, Rule, RuleContext
from iacsim.rules.policy._documents import Document, documents
from iacsim.values import Unknown


def _known(value: Any) -> Any:
    """The document with every unknown value as an empty string: its size is then a lower bound."""
    if isinstance(value, Unknown) or decode_unknown(value) is not None:
        return ""
    if isinstance(value, dict):
        return {k: _known(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_known(v) for v in value]
    return value


def _size(doc: Document) -> int | None:
    document = doc.policy.document
    if not isinstance(document, dict):
        return None
    if doc.type.measure == "bytes" and doc.policy.text_length is not None:
        return doc.policy.text_length
    return policy_size(json.dumps(_known(document), separators=(",", ":")), doc.type.measure)


class PolicyTooLarge(Rule):
    """A policy document is larger than AWS accepts for its type.

    What it does:
        Measures each policy document the way its service does and flags those over the limit: an IAM managed
        policy over 6,144 characters, the inline policies of a role over 10,240 together (a user's 2,048, a group's
        5,120), a role trust policy over 2,048 (the default quota; it can be raised to 4,096) — IAM counts
        characters without white space — and resource policies over their services' byte limits: bucket 20 KB,
        topic 30 KB, queue 8,192 bytes, secret 20,480, DynamoDB 20 KB. Key policies are `KMS009`'s. A value not
        known before apply counts as empty, so the size is a lower bound and a finding is certain. IAM Access
        Analyzer's ERROR checks "Policy size exceeds identity policy quota" / "… resource policy quota".
    Why it matters:
        The apply fails with `LimitExceeded` (IAM) or the service's validation error.
    Example:
        A role with inline policies listing hundreds of bucket ARNs one statement each.
    Fix:
        Split the permissions into several managed policies, use wildcards or conditions (`aws:ResourceTag`,
        `aws:PrincipalOrgID`) instead of long lists, and remove repeated statements.
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
        https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
        https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
    """

    id = "POL002"
    name = "policy-too-large"
    summary = "Policy document over the size AWS accepts for its type"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        aggregates: dict[int, tuple[ModelObject, Document]] = {}
        totals: defaultdict[int, int] = defaultdict(int)
        for doc in documents(ctx.world):
            limit = doc.type.max_size
            size = _size(doc)
            if limit is None or size is None:
                continue
            if doc.type.aggregate and doc.owner is not None:
                totals[id(doc.owner)] += size
                aggregates[id(doc.owner)] = (doc.owner, doc)
                continue
            if size > limit:
                extra = (f" (the default quota; it can be raised to {TRUST_POLICY_MAX_ADJUSTED:,})"
                         if doc.type.name == "trust" else "")
                yield Hit(doc.obj, f"{doc.type.label} is {size:,} {doc.type.measure}; AWS accepts at most "
                          f"{limit:,}{extra} ({doc.type.size_error})", attr=doc.attr)
        for key, (owner, doc) in aggregates.items():
            limit = doc.type.max_size
            assert limit is not None
            if totals[key] > limit:
                kind = doc.type.name.rsplit("-", 1)[1]
                yield Hit(owner, f"the inline policies of this {kind} total {totals[key]:,} {doc.type.measure}; IAM "
                          f"accepts at most {limit:,} together ({doc.type.size_error})", attr="inline_policies")
