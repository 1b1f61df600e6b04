from __future__ import annotations

import json
from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules.base import Hit, Rule, RuleContext

MAX_POLICY_BYTES = 32 * 1024


class KeyPolicyTooLarge(Rule):
    """A key policy is larger than the 32 KB KMS accepts.

    What it does:
        Measures each key policy as written (JSON text) and flags those over 32,768 bytes.
    Why it matters:
        CreateKey and PutKeyPolicy reject larger policies (LimitExceededException / MalformedPolicyDocument).
    Example:
        A policy listing hundreds of role ARNs one statement each.
    Fix:
        Grant to roles through IAM policies (the key policy's account statement enables them), use
        conditions such as aws:PrincipalOrgID or aws:PrincipalTag, or use grants.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html
        https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
    """

    id = "KMS009"
    name = "key-policy-too-large"
    summary = "Key policy over 32 KB"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if key.policy is None:
                continue
            size = key.policy.text_length
            if size is None and isinstance(key.policy.document, dict):
                size = len(json.dumps(key.policy.document, separators=(",", ":")))
            if size is not None and size > MAX_POLICY_BYTES:
                yield Hit(key, f"key policy is {size:,} bytes; KMS accepts at most {MAX_POLICY_BYTES:,}", attr="policy")
