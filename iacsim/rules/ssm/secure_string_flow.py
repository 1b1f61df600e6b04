from __future__ import annotations

from iacsim.rules.base import FlowRule


class SecureStringUnreadable(FlowRule):
    """A principal allowed to read a SecureString cannot decrypt it.

    What it does:
        For every SecureString, writes it as the deploying account and replays GetParameter
        WithDecryption as every role or user whose IAM policies allow ``ssm:GetParameter`` on it; Parameter
        Store calls ``kms:Decrypt`` on the caller's behalf (``kms:ViaService = ssm.<region>``, context
        ``PARAMETER_ARN``), so the key policy and the caller's ``kms:Decrypt`` permission decide.
    Why it matters:
        The parameter applies cleanly; the application then fails at start-up with AccessDeniedException
        from KMS, often only in one environment.
    Example:
        An app role with ``ssm:GetParameter`` on ``/prod/db/password`` but no ``kms:Decrypt`` on the
        customer managed key the parameter uses.
    Fix:
        Allow ``kms:Decrypt`` on the parameter's key for the reader (IAM policy, and the key policy when
        it does not delegate to IAM), optionally with ``kms:EncryptionContext:PARAMETER_ARN``.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
        https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html
    """

    id = "SSM101"
    name = "secure-string-unreadable"
    summary = "A reader allowed ssm:GetParameter cannot decrypt the SecureString"
    severity = "high"


class SecureStringUnwritable(FlowRule):
    """The deploying account cannot encrypt the SecureString with its key.

    What it does:
        Replays PutParameter of the SecureString as the account that deploys it; Parameter Store calls
        ``kms:Encrypt`` (Standard tier) or ``kms:GenerateDataKey`` (Advanced) with the parameter's key.
    Why it matters:
        The apply fails on the parameter (AccessDeniedException from KMS), typically because the key
        policy does not enable IAM policies for the account or names other principals only.
    Example:
        A key policy without the account statement (``arn:aws:iam::<account>:root``), used by a SecureString.
    Fix:
        Let the deployer use the key: add the account statement to the key policy, or allow the deploying
        role ``kms:Encrypt``/``kms:GenerateDataKey`` on it.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
        https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    """

    id = "SSM102"
    name = "secure-string-unwritable"
    summary = "The deploying account cannot encrypt the SecureString with its key"
    severity = "high"
