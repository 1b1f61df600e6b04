from __future__ import annotations

from iacsim.policy.validate import Issue
from iacsim.rules.policy._base import IssueRule
from iacsim.rules.policy._documents import Document

_FIXES = {
    "invalid-element": "Spell the element as the policy grammar does (Statement, Principal, Condition…) or remove it.",
    "invalid-version": 'Set "Version": "2012-10-17".',
    "invalid-effect": 'Give the statement "Effect": "Allow" or "Deny".',
    "both-elements": "Keep one of the pair (Action or NotAction, Resource or NotResource, Principal or NotPrincipal).",
    "missing-action": "Add the Action the statement is about.",
    "principal-in-identity": "Remove Principal: an identity-based policy applies to the role, user or group it is "
                             "attached to. To grant another principal, write a resource-based policy.",
    "missing-principal": "Name who the statement applies to in Principal (an account, role, service or \"*\" with "
                         "conditions).",
    "resource-in-trust": "Remove Resource from the trust policy: it is implicitly the role itself.",
    "missing-resource": 'Add Resource (the ARNs the statement covers, or "*").',
    "invalid-arn": 'Write the resource as a full ARN (arn:aws:service:region:account:resource) or "*".',
    "invalid-operator": "Use a condition operator from the IAM grammar (StringEquals, ArnLike, Bool, …).",
    "invalid-principal": 'Write Principal as "*" or as an object of principal types: {"AWS": ["arn:…"]}, '
                         '{"Service": "…"}.',
}


class MalformedPolicy(IssueRule):
    """A policy document breaks the policy grammar, so AWS rejects it when it is created or put.

    What it does:
        Validates every policy document of the scan — IAM managed and inline policies, role trust policies, key,
        bucket, topic, queue, secret and DynamoDB resource policies, including documents built with
        `data "aws_iam_policy_document"` — against the IAM policy grammar, and flags what AWS refuses: an element
        the grammar does not have (`Conditions`, `Principals`, a misspelt `Statment`), a missing or invalid
        `Effect`, a statement without `Action`, both `Action` and `NotAction`, a `Principal` that is neither `"*"` nor an
        object of principal types (`["foo", "*"]`), a `Principal` in an identity-based
        policy, a resource-based statement without one, a `Resource` in a role trust policy, a statement without
        `Resource` where the service requires one (KMS accepts and ignores such a statement), a `Resource` that is
        neither `"*"` nor an ARN (an ARN built from a value known only after apply is not judged), an unknown
        `Version` or condition operator. These are IAM Access Analyzer's ERROR checks "Invalid policy element", "Missing
        effect", "Invalid effect", "Missing action", "Unsupported element combination", "Unsupported principal",
        "Missing principal", "Missing resource", "Invalid ARN prefix", "Invalid partition", "Invalid version" and
        "Invalid condition operator".
    Why it matters:
        The apply fails: IAM returns `MalformedPolicyDocument`, S3 `MalformedPolicy`, KMS and Secrets Manager
        `MalformedPolicyDocumentException`, SNS `InvalidParameter`, SQS `InvalidAttributeValue` — often after
        other resources were already created.
    Example:
        An inline role policy whose statement says `"Conditions": {...}`; a `aws_iam_policy` whose statement names
        `Principal`.
    Fix:
        Spell the element as the grammar does, or remove what the policy type does not allow.
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
        https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
    """

    id = "POL001"
    name = "malformed-policy"
    summary = "Policy document breaks the policy grammar; AWS rejects it"
    category = "apply-error"
    severity = "high"
    codes = frozenset(_FIXES)

    def consequence(self, doc: Document, found: list[Issue]) -> str:
        return f"; AWS rejects it ({doc.type.error})"

    def fix(self, doc: Document, issue: Issue) -> str | None:
        return _FIXES.get(issue.code)
