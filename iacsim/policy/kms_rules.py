"""AWS KMS authorization facts the evaluator needs (docs/aws-behaviour.md §2 and §5).

* AWS KMS Developer Guide, "Allowing users in other accounts to use a KMS key"
  (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html):
  only the operations in :data:`CROSS_ACCOUNT_OPERATIONS` can be used cross-account; granting any
  other to an external account has no effect.
* "Default key policy" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html):
  the account principal in a key policy enables IAM policies; it grants nothing by itself.
* "Grants in AWS KMS" (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html) and
  "Grant constraints": :data:`GRANT_OPERATIONS`, and only those the key type supports.
* "AWS managed keys" (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key):
  usable only through their service in their own account (their key policy's
  ``kms:ViaService`` + ``kms:CallerAccount`` conditions), never cross-account.
"""

from __future__ import annotations

from typing import Any

from iacsim.aws.arn import Arn

CROSS_ACCOUNT_OPERATIONS: frozenset[str] = frozenset(
    op.lower()
    for op in (
        "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
        "Sign", "Verify", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "GetPublicKey", "DescribeKey",
        "CreateGrant", "ListGrants", "RevokeGrant", "RetireGrant", "GetKeyRotationStatus",
    )
)
"""Lower-cased KMS operations that work on a key in another account (docs/aws-behaviour.md §5)."""

GRANT_OPERATIONS: tuple[str, ...] = (
    "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
    "ReEncryptTo", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "Sign", "Verify",
    "GetPublicKey", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "CreateGrant", "RetireGrant",
    "DescribeKey",
)
"""Operations a grant may allow (KMS API CreateGrant, ``Operations``)."""

_ANY_KEY = frozenset({"CreateGrant", "RetireGrant", "DescribeKey"})
_BY_USAGE: dict[str, frozenset[str]] = {
    "ENCRYPT_DECRYPT": frozenset({"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo"}),
    "SIGN_VERIFY": frozenset({"Sign", "Verify"}),
    "GENERATE_VERIFY_MAC": frozenset({"GenerateMac", "VerifyMac"}),
    "KEY_AGREEMENT": frozenset({"DeriveSharedSecret"}),
}
_SYMMETRIC_ONLY = frozenset({
    "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
})

EC_OPERATIONS: frozenset[str] = frozenset({
    "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
    "ReEncryptTo", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
})
"""Grant operations that take an encryption context: the only ones grant constraints apply to
(KMS API Reference, "GrantConstraints")."""


def default_usage(key_spec: str | None) -> str | None:
    if key_spec is None:
        return None
    spec = key_spec.upper()
    if spec in ("SYMMETRIC_DEFAULT", "AES_256"):
        return "ENCRYPT_DECRYPT"
    if spec.startswith("HMAC_"):
        return "GENERATE_VERIFY_MAC"
    if spec.startswith(("ECC_", "ML_DSA")):
        return "SIGN_VERIFY"
    return None


def operations_for_key(key_spec: str | None, key_usage: str | None) -> frozenset[str] | None:
    """Grant operations the key type supports; None when the key type is not known."""
    usage = (key_usage or default_usage(key_spec) or "").upper() or None
    if usage is None:
        return None
    allowed = set(_ANY_KEY) | set(_BY_USAGE.get(usage, frozenset()))
    symmetric = (key_spec or "SYMMETRIC_DEFAULT").upper() == "SYMMETRIC_DEFAULT"
    if symmetric and usage == "ENCRYPT_DECRYPT":
        allowed |= {"GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
                    "GenerateDataKeyPairWithoutPlaintext"}
    if not symmetric:
        allowed -= _SYMMETRIC_ONLY
        if not (key_spec or "").upper().startswith("HMAC_"):
            allowed.add("GetPublicKey")  # asymmetric keys only
    return frozenset(allowed)


def is_key_arn(resource: str) -> bool:
    arn = Arn.parse(resource)
    return arn is not None and arn.service == "kms" and arn.resource.startswith("key/")


def aws_managed_key_policy(service: str, account: str, region: str) -> dict[str, Any]:
    """The documented shape of an AWS managed key's policy (e.g. ``aws/s3``).

    AWS KMS Developer Guide, "AWS managed keys": every principal in the account may use the key
    for cryptographic operations *through the service* (``kms:ViaService``) and only from the
    account (``kms:CallerAccount``); the account root may only read the key.
    """
    return {
        "Version": "2012-10-17",
        "Id": f"auto-{service}",
        "Statement": [
            {
                "Sid": f"Allow access through {service} for all principals in the account that are authorized to use it",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                           "kms:CreateGrant", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "kms:CallerAccount": account,
                        "kms:ViaService": f"{service}.{region}.amazonaws.com",
                    }
                },
            },
            {
                "Sid": "Allow direct access to key metadata to the account",
                "Effect": "Allow",
                "Principal": {"AWS": str(Arn.iam_root("aws", account))},
                "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
                "Resource": "*",
            },
        ],
    }


def default_key_policy(account: str, partition: str = "aws") -> dict[str, Any]:
    """The key policy KMS applies when CreateKey is called without one.

    AWS KMS developer guide, "Default key policy" (key-policy-default.html): created programmatically
    (Terraform, CloudFormation, SDK), the default policy has one statement giving the owning account
    (its root principal) ``kms:*`` on the key, which enables IAM policies to grant access.
    """
    return {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": str(Arn.iam_root(partition, account))},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
