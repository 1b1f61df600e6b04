from __future__ import annotations

from iacsim.rules.base import FlowRule


class SecretReaderCannotDecrypt(FlowRule):
    """A principal allowed to read a secret cannot decrypt it.

    What it does:
        Stores a placeholder value in every secret as the deploying account, then replays GetSecretValue as
        every role or user whose IAM policies allow ``secretsmanager:GetSecretValue`` on it. Secrets Manager
        calls ``kms:Decrypt`` as the caller via ``secretsmanager.<region>.amazonaws.com`` with the encryption
        context ``SecretARN`` + ``SecretVersionId``, so the key policy and the reader's ``kms:Decrypt``
        permission decide.
    Why it matters:
        The secret deploys; the application fails when it first reads it (AccessDeniedException "Access to KMS
        is not allowed"), usually only in the environment that uses a customer managed key.
    Example:
        An app role with ``secretsmanager:GetSecretValue`` on the secret, but no ``kms:Decrypt`` on its
        customer managed key.
    Fix:
        Allow ``kms:Decrypt`` on the secret's key for the reader (optionally with ``kms:ViaService =
        secretsmanager.<region>.amazonaws.com`` and ``kms:EncryptionContext:SecretARN``), in IAM and, when the
        key policy does not delegate to IAM, in the key policy.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
    """

    id = "SM101"
    name = "secret-reader-cannot-decrypt"
    summary = "A reader allowed secretsmanager:GetSecretValue cannot decrypt the secret"
    severity = "high"


class CrossAccountSecretUnreadable(FlowRule):
    """A reader in another account cannot read the secret: no resource policy, or the AWS managed key.

    What it does:
        Replays GetSecretValue (by ARN) as every role or user of another account whose IAM policies allow it.
        Cross-account access needs a resource policy on the secret naming the reader, and a customer managed
        key whose key policy lets the reader decrypt; ``aws/secretsmanager`` can only be used by its own
        account.
    Why it matters:
        The consumer account's deployment succeeds, and its application gets AccessDeniedException reading the
        secret.
    Example:
        A secret encrypted with ``aws/secretsmanager`` (no ``kms_key_id``) read by a role in account B.
    Fix:
        Encrypt the secret with a customer managed key whose policy allows the reader ``kms:Decrypt`` (with
        ``kms:ViaService``), and attach a resource policy allowing ``secretsmanager:GetSecretValue`` to the
        reader.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
    """

    id = "SM102"
    name = "cross-account-secret-unreadable"
    summary = "A cross-account reader lacks a resource policy or meets the AWS managed key"
    severity = "high"


class SecretUnencryptable(FlowRule):
    """The deploying account cannot encrypt the secret's value, or a replica's, with their keys.

    What it does:
        Replays CreateSecret (with a placeholder value) and ReplicateSecretToRegions as the deploying account:
        Secrets Manager asks KMS for a data key (``kms:GenerateDataKey``) as the caller via
        ``secretsmanager.<region>.amazonaws.com``, in the secret's Region with its key and in each replica
        Region with the replica's key.
    Why it matters:
        Storing the value fails (AccessDeniedException "Access to KMS is not allowed" or EncryptionFailure), or
        a replica stays ``Failed`` and the secret is not available in that Region when a failover needs it.
    Example:
        A replica key in eu-west-1 whose key policy names only an administrator role, not the account.
    Fix:
        Let the deployer use each key (``kms:GenerateDataKey``, ``kms:Decrypt``; the account statement in the
        key policy enables IAM for it), keep the keys enabled, and give each replica a key in its own Region.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html
    """

    id = "SM103"
    name = "secret-unencryptable"
    summary = "The deployer cannot encrypt the secret or a replica with its key"
    severity = "high"
