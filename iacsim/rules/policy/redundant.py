from __future__ import annotations

from iacsim.rules.policy._base import IssueRule


class RedundantPolicyElement(IssueRule):
    """A statement repeats another exactly, or an action is already covered by a wildcard of the same statement.

    What it does:
        Flags a statement identical to an earlier one of the same document (its `Sid` aside) and an action that a
        wildcard pattern of the same statement already covers (`s3:GetObject` next to `s3:Get*`). IAM Access
        Analyzer's SUGGESTION checks "Redundant statement" and "Redundant action".
    Why it matters:
        Nothing changes in what the policy allows, but the policy is longer than it needs to be (IAM counts the
        size against its quotas) and harder to review: a reader may take the narrower entry for the real grant.
    Example:
        `"Action": ["s3:*", "s3:GetObject"]`.
    Fix:
        Remove the repeated statement or the covered action.
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """

    id = "POL302"
    name = "redundant-policy-element"
    summary = "Statement or action repeats what the policy already says"
    category = "lint"
    severity = "info"
    fix_text = "Remove the repeated statement or the covered action."
    codes = frozenset({"redundant-statement", "redundant-action"})
