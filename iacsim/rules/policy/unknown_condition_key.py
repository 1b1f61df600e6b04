from __future__ import annotations

from iacsim.rules.policy._base import IssueRule


class UnknownConditionKey(IssueRule):
    """A condition uses a key that does not exist (`kms:EncryptionContextKey`, `aws:SourceArnn`).

    What it does:
        Checks every condition key against the global `aws:` keys of the IAM User Guide and the service-specific
        keys of the IAM service reference (templated keys such as `kms:EncryptionContext:Department` or
        `aws:ResourceTag/team` match their template). Keys of identity providers (`saml:`, OIDC issuers such as
        `token.actions.githubusercontent.com:sub`) and of services the reference does not list are not judged.
        Bucket policies are `POL003`'s (S3 rejects them). IAM Access Analyzer's ERROR checks "Invalid global
        condition key" and "Invalid service condition key".
    Why it matters:
        A key AWS never sets is absent from every request: `StringEquals` on it never matches (an Allow grants
        nothing), and the negated operators always match (a Deny meant to be narrow denies everything, or an
        `…IfExists` guard passes every request).
    Example:
        `"StringEquals": {"kms:EncryptionContextKey": "Department"}` — the key is `kms:EncryptionContextKeys`.
    Fix:
        Spell the key as the reference does (the message suggests the closest).
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
        https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """

    id = "POL202"
    name = "unknown-condition-key"
    summary = "Condition uses a key that does not exist"
    category = "security"
    severity = "medium"
    fix_text = "Spell the condition key as the IAM User Guide or the service reference lists it."
    codes = frozenset({"invalid-condition-key"})
    skip_types = frozenset({"bucket"})
