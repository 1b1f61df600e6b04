"""The policy evaluator: can principal P do action A on resource R, and why (or why not).

Usage::

    from iacsim.policy import AuthorizationRequest, evaluate

    decision = evaluate(
        AuthorizationRequest(principal="arn:aws:iam::222222222222:role/app", action="kms:Decrypt",
                             resource="arn:aws:kms:us-east-1:111111111111:key/1234"),
        identity_policies=[...], resource_policy={...},
    )
    decision.outcome, decision.allowed, decision.reasons, str(decision)

A pure library: IAM JSON in, decision out. See docs/policy.md for what is modelled.
"""

from iacsim.policy.decision import Decision, Outcome, Reason
from iacsim.policy.document import PolicyDocument, compile_policy
from iacsim.policy.errors import PolicyError
from iacsim.policy.evaluate import NamedPolicy, evaluate
from iacsim.policy.grants import Grant
from iacsim.policy.kms_rules import CROSS_ACCOUNT_OPERATIONS, GRANT_OPERATIONS, aws_managed_key_policy
from iacsim.policy.request import AuthorizationRequest

__all__ = [
    "CROSS_ACCOUNT_OPERATIONS",
    "GRANT_OPERATIONS",
    "AuthorizationRequest",
    "Decision",
    "Grant",
    "NamedPolicy",
    "Outcome",
    "PolicyDocument",
    "PolicyError",
    "Reason",
    "aws_managed_key_policy",
    "compile_policy",
    "evaluate",
]
