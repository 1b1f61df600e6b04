"""Key policies: the default policy, validation, and the lockout safety check.

* Default key policy: KDG "Default key policy"
  (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html):
  Id ``key-default-1``, Sid "Enable IAM User Permissions", the account root
  allowed ``kms:*`` — which enables IAM policies of that account.
* Limits: a key policy is at most 32 KB (KDG "Quotas").
* Lockout safety check (CreateKey/PutKeyPolicy/ReplicateKey
  ``BypassPolicyLockoutSafetyCheck``): the new policy must allow the caller
  to call PutKeyPolicy on the key later; otherwise
  MalformedPolicyDocumentException.
* AWS managed key policies (``aws/ssm``, ``aws/s3``, ``aws/ebs``): every
  principal of the account may use the key through the service
  (``kms:ViaService`` + ``kms:CallerAccount``); the account may read
  metadata. KDG "AWS managed keys"; the ``aws/ebs`` policy names
  ``ec2.<region>.amazonaws.com`` and also allows ``kms:CreateGrant``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.policy import PolicyError, compile_policy
from iacsim.sim.authz import authorize
from iacsim.sim.errors import MalformedPolicyDocumentException, ValidationException
from iacsim.sim.kms.errors import LimitExceededException

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud
    from iacsim.sim.principal import Caller

MAX_POLICY_BYTES = 32768

AWS_MANAGED_SERVICES: dict[str, tuple[str, str, str]] = {
    # alias suffix -> (ViaService prefix, name in the policy's Sid, Description AWS gives the key).
    # aws/s3 ("auto-s3-2") and aws/ebs ("auto-ebs-2") policies match copies published from real
    # accounts; the aws/ssm Sid wording is UNCONFIRMED (same shape assumed).
    "ssm": ("ssm", "SSM", "Default key that protects my SSM parameters when no other key is defined"),
    "s3": ("s3", "S3", "Default key that protects my S3 objects when no other key is defined"),
    "ebs": ("ec2", "EBS", "Default key that protects my EBS volumes when no other key is defined"),
    # Secrets Manager and Lambda (issue 8, secrets-compute); policy wording UNCONFIRMED (same shape assumed).
    "secretsmanager": ("secretsmanager", "AWS Secrets Manager",
                       "Default key that protects my Secrets Manager data when no other key is defined"),
    "lambda": ("lambda", "Lambda", "Default key that protects my Lambda functions when no other key is defined"),
    # SNS and SQS (issue 8, messaging): the SNS/SQS developer guides say these policies cannot be changed and
    # admit only principals of the account through the service; wording UNCONFIRMED (same shape assumed).
    "sns": ("sns", "SNS", "Default key that protects my SNS topics when no other key is defined"),
    "sqs": ("sqs", "SQS", "Default key that protects my SQS queues when no other key is defined"),
    # RDS, DynamoDB and EFS (issue 8, datastores): like aws/ebs these services create grants on their keys for
    # their resources; wording UNCONFIRMED (same shape assumed).
    "rds": ("rds", "RDS", "Default key that protects my RDS database volumes when no other key is defined"),
    "dynamodb": ("dynamodb", "Amazon DynamoDB",
                 "Default key that protects my DynamoDB data when no other key is defined"),
    "elasticfilesystem": ("elasticfilesystem", "EFS",
                          "Default key for protecting my EFS file systems when no other key is defined"),
}
_GRANTING_SERVICES = ("ebs", "rds", "dynamodb", "elasticfilesystem")


def aws_managed_policy(name: str, partition: str, account: str, region: str) -> dict[str, Any]:
    via, display, _ = AWS_MANAGED_SERVICES[name]
    actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    metadata = ["kms:Describe*", "kms:Get*", "kms:List*"]
    if name in _GRANTING_SERVICES:
        actions.insert(4, "kms:CreateGrant")
        metadata.append("kms:RevokeGrant")
    return {
        "Version": "2012-10-17",
        "Id": f"auto-{name}-2",
        "Statement": [
            {
                "Sid": f"Allow access through {display} for all principals in the account that are authorized to use {display}",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": actions,
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:CallerAccount": account, "kms:ViaService": f"{via}.{region}.amazonaws.com"}
                },
            },
            {
                "Sid": "Allow direct access to key metadata to the account",
                "Effect": "Allow",
                "Principal": {"AWS": str(Arn.iam_root(partition, account))},
                "Action": metadata,
                "Resource": "*",
            },
        ],
    }


def parse_key_policy(text: Any) -> dict[str, Any]:
    """Parse and validate a key policy (MalformedPolicyDocumentException otherwise)."""
    if not isinstance(text, str) or not text:
        raise ValidationException("Policy must be a non-empty JSON string")
    if len(text.encode("utf-8")) > MAX_POLICY_BYTES:
        raise LimitExceededException(f"The key policy exceeds {MAX_POLICY_BYTES} bytes")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise MalformedPolicyDocumentException(f"The policy is not valid JSON: {err.msg}") from None
    if not isinstance(doc, dict):
        raise MalformedPolicyDocumentException("The policy must be a JSON object")
    try:
        compile_policy(doc, "resource")
    except PolicyError as err:
        raise MalformedPolicyDocumentException(f"The key policy is invalid: {err}") from None
    return doc


def lockout_check(cloud: Cloud, caller: Caller, key_arn: str, account: str, policy: dict[str, Any],
                  spec: str, usage: str) -> None:
    """Refuse a policy that would stop ``caller`` from calling PutKeyPolicy on the key later."""
    decision = authorize(cloud, caller, "kms:PutKeyPolicy", key_arn, resource_account=account,
                         resource_policy=policy, resource_policy_name="new key policy", key_spec=spec,
                         key_usage=usage, key_manager="CUSTOMER")
    if not decision.allowed:
        raise MalformedPolicyDocumentException(
            "The new key policy will not allow you to update the key policy in the future "
            f"({decision.summary.removeprefix('denied: ')}).",
        )
