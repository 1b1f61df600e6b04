from __future__ import annotations

from iacsim.policy.validate import Issue
from iacsim.rules.policy._base import IssueRule
from iacsim.rules.policy._documents import Document

_S3_ERRORS = {
    "invalid-action": "Policy has invalid action",
    "invalid-condition-key": "Policy has an invalid condition key",
    "resource-mismatch": "Action does not apply to any resource(s) in statement",
}


class BucketPolicyRejected(IssueRule):
    """S3 refuses a bucket policy naming an action or condition key that does not exist, or an action none of
    whose resources the statement names.

    What it does:
        Checks each bucket policy's actions and condition keys against the IAM service reference, and each action
        against the statement's `Resource`: `s3:GetObject` on `arn:aws:s3:::bucket` (the bucket, not its objects)
        or `s3:ListBucket` on `arn:aws:s3:::bucket/*` names no resource the action applies to. IAM Access
        Analyzer's ERROR checks "Invalid action", "Invalid service in action", "Invalid service condition key" and
        "Invalid global condition key"; the resource check has no Access Analyzer counterpart (it is S3's own).
        A value known only after apply is skipped.
    Why it matters:
        Unlike IAM, S3 validates these when the policy is put: `PutBucketPolicy` fails with `MalformedPolicy`
        ("Policy has invalid action", "Policy has an invalid condition key", "Action does not apply to any
        resource(s) in statement") and the apply stops.
    Example:
        A statement allowing `s3:GetObject` and `s3:ListBucket` on `arn:aws:s3:::logs` only.
    Fix:
        Name object actions on `arn:aws:s3:::bucket/*` and bucket actions on `arn:aws:s3:::bucket` (list both in
        `Resource`), and spell actions and condition keys as the service reference does.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
        https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """

    id = "POL003"
    name = "bucket-policy-rejected"
    summary = "S3 rejects the bucket policy: unknown action or condition key, or an action on none of its resources"
    category = "apply-error"
    severity = "high"
    codes = frozenset(_S3_ERRORS)
    only_types = frozenset({"bucket"})

    def detail(self, doc: Document, issue: Issue) -> str:
        return f"{issue.message} — S3 rejects it (MalformedPolicy: {_S3_ERRORS[issue.code]})"

    def fix(self, doc: Document, issue: Issue) -> str | None:
        if issue.code == "resource-mismatch":
            return ("Add the resource the action applies to: arn:aws:s3:::BUCKET/* for object actions, "
                    "arn:aws:s3:::BUCKET for bucket actions.")
        return "Spell the action or condition key as the IAM service reference lists it."
