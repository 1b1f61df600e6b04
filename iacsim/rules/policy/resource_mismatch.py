from __future__ import annotations

from iacsim.rules.policy._base import IssueRule


class ActionResourceMismatch(IssueRule):
    """A statement's action applies to none of the resources it names, so that action is never allowed (or denied)
    by it.

    What it does:
        For each action of a statement with a `Resource` list of known ARNs, looks up the resource types the action
        can be requested on (with their ARN formats) in the IAM service reference and flags the action when no
        ARN of the statement has one of those formats: `kms:Decrypt` on a bucket ARN, `s3:GetObject` on the bucket
        rather than its objects, `kms:CreateKey` (no resource-level permissions) on a key ARN. Wildcards in an ARN
        count as matching whatever they could stand for; an ARN known only after apply, a policy variable or
        `NotResource` is not judged. Bucket policies are `POL003`'s (S3 rejects them). IAM Access Analyzer's
        policy checks have no counterpart I could confirm; its "Invalid ARN resource" is about the ARN's own
        syntax.
    Why it matters:
        The request for that action names a resource of another type, so the statement never matches it: the
        permission the code seems to grant is not there, and a Deny does not apply.
    Example:
        `Action = ["s3:GetObject"]`, `Resource = [aws_s3_bucket.data.arn]` — objects are `${bucket_arn}/*`.
    Fix:
        Add the ARN the action is requested on (`arn:aws:s3:::bucket/*` for objects, `"*"` for actions without
        resource-level permissions), or move the action to a statement that names it.
    References:
        https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    """

    id = "POL203"
    name = "action-resource-mismatch"
    summary = "Action applies to none of the statement's resources"
    category = "security"
    severity = "low"
    fix_text = "Name the resource type the action is requested on, or Resource \"*\" for actions without one."
    codes = frozenset({"resource-mismatch"})
    skip_types = frozenset({"bucket"})
