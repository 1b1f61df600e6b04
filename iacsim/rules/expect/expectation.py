from __future__ import annotations

from iacsim.rules.base import FlowRule


class ExpectationNotMet(FlowRule):
    """A check declared in ``.iacsim.yml`` ``expect`` does not hold.

    What it does:
        Evaluates each expectation — a principal (IaC address or ARN), an action, a resource (IaC address,
        ARN or SSM parameter name) and whether it should be allowed — against the simulated cloud built
        from the scan: identity policies, boundaries, the key or bucket policy and grants, as AWS would.
    Why it matters:
        Expectations pin down intent that no generic rule knows ("the app role can decrypt the database
        key", "nobody outside the account can read /prod/db/password"); a change that breaks one is caught
        before apply.
    Example:
        expect:
          - {principal: aws_iam_role.app, action: kms:Decrypt, resource: aws_kms_key.db, allowed: true}
    Fix:
        Change the policies so the expectation holds, or correct the expectation.
    References:
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
        https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
    """

    id = "EXP101"
    name = "expectation-not-met"
    summary = "A user-declared access expectation does not hold"
    severity = "high"
