from __future__ import annotations

from iacsim.rules.policy._base import IssueRule


class AllowWithNotPrincipal(IssueRule):
    """A resource policy allows everyone except the principals it lists (`Effect: Allow` with `NotPrincipal`).

    What it does:
        Flags each statement combining `"Effect": "Allow"` with `NotPrincipal`. IAM Access Analyzer's
        SECURITY_WARNING check "Allow with NotPrincipal".
    Why it matters:
        The statement grants its actions to every principal not listed — every account and anonymous callers
        included. AWS recommends against the combination; it is almost never what was meant.
    Example:
        `"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/blocked"}` in a bucket policy.
    Fix:
        Name the principals that need access in `Principal`; to exclude some, use a Deny statement with a
        condition on `aws:PrincipalArn`.
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """

    id = "POL204"
    name = "allow-with-not-principal"
    summary = "Allow statement with NotPrincipal grants everyone else"
    category = "security"
    severity = "medium"
    fix_text = "Use Principal with the principals that need access; exclude others with a Deny on aws:PrincipalArn."
    codes = frozenset({"allow-not-principal"})
