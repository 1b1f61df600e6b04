from __future__ import annotations

from iacsim.rules.policy._base import IssueRule


class ConditionTypeMismatch(IssueRule):
    """A condition compares a key with an operator of another type (`NumericLessThan` on `aws:SourceIp`).

    What it does:
        Looks up each condition key's type (the IAM User Guide for `aws:` keys, the service reference for the
        others) and flags operators whose family does not fit it: string or ARN operators on numeric, date,
        boolean or IP keys, numeric operators on strings, and so on. `Null` fits every key. IAM Access Analyzer's
        WARNING check "Type mismatch".
    Why it matters:
        AWS compares the values as the operator's type; a value that does not parse as one never matches, so the
        condition does not do what it says.
    Example:
        `"StringEquals": {"aws:SecureTransport": "true"}` — the key is Boolean: use `Bool`.
    Fix:
        Use the operator of the key's type (`Bool`, `IpAddress`, `NumericLessThan`, `DateGreaterThan`, `ArnLike`,
        `StringEquals`).
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """

    id = "POL301"
    name = "condition-type-mismatch"
    summary = "Condition operator does not fit the key's type"
    category = "lint"
    severity = "low"
    fix_text = "Use the condition operator of the key's type."
    codes = frozenset({"type-mismatch"})
