"""What each service accepts as a policy document: its size limit, how it is measured, and the error it returns.

Sources, per policy type:

* IAM (managed policies, inline policies, role trust policies): "IAM and AWS STS quotas"
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): managed policy 6,144 characters;
  the aggregate of a role's inline policies 10,240, a user's 2,048, a group's 5,120; a role trust policy 2,048 by
  default (adjustable up to 4,096). "IAM doesn't count white space when calculating the size of a policy"; the
  quotas are counted in non-whitespace characters (``GetAccountSummary``'s ``*PolicySizeQuota`` fields). A larger
  policy fails with ``LimitExceeded``; a malformed one with ``MalformedPolicyDocument``
  (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html).
* KMS key policies: 32 KB (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html);
  ``MalformedPolicyDocumentException`` (https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
  Measured by ``KMS009`` already.
* S3 bucket policies: 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html);
  ``MalformedPolicy`` (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html).
* SNS topic policies: 30 KB
  (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html).
* SQS queue policies: 8,192 bytes
  (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html).
* Secrets Manager resource policies: 20,480 characters
  (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html);
  ``MalformedPolicyDocumentException``.
* DynamoDB resource policies: 20 KB
  (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-considerations.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PolicyShape = Literal["identity", "resource", "trust"]
"""How the document is validated: identity policies must not name a Principal; resource policies must; role
trust policies must name one and must not have a Resource."""
Measure = Literal["non-whitespace characters", "bytes"]


@dataclass(frozen=True)
class PolicyType:
    name: str
    """``iam-managed``, ``iam-inline-role``, ``trust``, ``key``, ``bucket``…"""
    label: str
    """How a message names it: ``IAM managed policy``."""
    shape: PolicyShape
    max_size: int | None
    """None where another rule measures it (key policies: ``KMS009``) or no limit is documented."""
    measure: Measure
    error: str
    """The error AWS returns for a malformed document of this type."""
    size_error: str
    """The error AWS returns for an oversized one."""
    aggregate: bool = False
    """The limit applies to the sum of the owner's documents of this type (IAM inline policies)."""
    resource_required: bool = True
    """Whether AWS rejects a statement without Resource/NotResource (KMS accepts and ignores it)."""


_IAM = "MalformedPolicyDocument"
POLICY_TYPES: dict[str, PolicyType] = {t.name: t for t in (
    PolicyType("iam-managed", "IAM managed policy", "identity", 6_144, "non-whitespace characters", _IAM,
               "LimitExceeded"),
    PolicyType("iam-inline-role", "inline role policy", "identity", 10_240, "non-whitespace characters", _IAM,
               "LimitExceeded", aggregate=True),
    PolicyType("iam-inline-user", "inline user policy", "identity", 2_048, "non-whitespace characters", _IAM,
               "LimitExceeded", aggregate=True),
    PolicyType("iam-inline-group", "inline group policy", "identity", 5_120, "non-whitespace characters", _IAM,
               "LimitExceeded", aggregate=True),
    PolicyType("trust", "role trust policy", "trust", 2_048, "non-whitespace characters", _IAM, "LimitExceeded"),
    PolicyType("key", "key policy", "resource", None, "bytes", "MalformedPolicyDocumentException",
               "LimitExceededException", resource_required=False),
    PolicyType("bucket", "bucket policy", "resource", 20_480, "bytes", "MalformedPolicy", "MalformedPolicy"),
    PolicyType("topic", "topic policy", "resource", 30_720, "bytes", "InvalidParameter", "InvalidParameter"),
    PolicyType("queue", "queue policy", "resource", 8_192, "bytes", "InvalidAttributeValue", "InvalidAttributeValue"),
    PolicyType("secret", "secret resource policy", "resource", 20_480, "bytes", "MalformedPolicyDocumentException",
               "LimitExceededException"),
    PolicyType("dynamodb", "DynamoDB resource policy", "resource", 20_480, "bytes", "ValidationException",
               "ValidationException"),
)}

TRUST_POLICY_MAX_ADJUSTED = 4_096
"""A role trust policy's quota can be raised to 4,096 characters (reference_iam-quotas.html)."""

_WHITESPACE = re.compile(r"\s+")


def policy_size(text: str, measure: Measure) -> int:
    """The size AWS compares against the limit: IAM does not count white space; the others count bytes."""
    if measure == "non-whitespace characters":
        return len(_WHITESPACE.sub("", text))
    return len(text.encode())
