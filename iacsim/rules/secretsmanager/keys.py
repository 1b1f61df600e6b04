from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.secretsmanager import Secret
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.secretsmanager._keys import key_problem


class ReplicaKeyNotInReplicaRegion(Rule):
    """A secret replica's KMS key is not a symmetric encryption key in the replica's Region.

    What it does:
        For every ``replica`` block (``ReplicaRegions`` entry) with ``kms_key_id``/``KmsKeyId``, checks that
        the key is in the replica's Region and is a symmetric encryption key.
    Why it matters:
        Secrets Manager re-encrypts the replica in its own Region with the replica's key; KMS keys are
        regional, so a key from the primary's Region (or an asymmetric key) cannot be used there and the
        replication fails (status ``Failed``).
    Example:
        replica { region = "eu-central-1"  kms_key_id = aws_kms_key.primary_region_key.arn }
    Fix:
        Use a key in the replica Region (a multi-region replica key, ``aws_kms_replica_key``, or a key created
        with a provider for that Region), or omit ``kms_key_id`` to use ``aws/secretsmanager`` there.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
    """

    id = "SM001"
    name = "replica-key-not-in-replica-region"
    summary = "A secret replica's key is not a symmetric key in the replica Region"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for secret in ctx.world.of_type(Secret):
            for replica in secret.replicas:
                if replica.key is None or not isinstance(replica.region, str):
                    continue
                problem = key_problem(ctx.world, replica.key, secret.account, replica.region, secret.address)
                if problem is not None:
                    yield Hit(secret, f"replica in {replica.region}: {problem}; the replication fails",
                              fix=fix_for(secret, f"kms_key_id = <a symmetric key in {replica.region}> in the replica "
                                                  "block, or omit it (aws/secretsmanager)",
                                          f"KmsKeyId: <a symmetric key in {replica.region}> in the ReplicaRegions "
                                          "entry, or omit it"))


class SecretKeyUnusable(Rule):
    """A secret's KMS key is not a symmetric encryption key in the secret's Region.

    What it does:
        Checks ``kms_key_id``/``KmsKeyId`` of every secret: Secrets Manager supports only symmetric encryption
        KMS keys, in the secret's own Region.
    Why it matters:
        Storing a value fails (EncryptionFailure from GenerateDataKey): the secret version cannot be created,
        so the apply fails at the first value.
    Example:
        resource "aws_secretsmanager_secret" "db" { kms_key_id = aws_kms_key.signing.arn }   # RSA_2048 key
    Fix:
        Use a symmetric encryption key (``SYMMETRIC_DEFAULT``, ``ENCRYPT_DECRYPT``) in the secret's Region.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
    """

    id = "SM002"
    name = "secret-key-unusable"
    summary = "A secret's key is not a symmetric encryption key in its Region"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for secret in ctx.world.of_type(Secret):
            if secret.key is None or secret.region == "unknown":
                continue
            problem = key_problem(ctx.world, secret.key, secret.account, secret.region, secret.address,
                                  secret.region_assumed)
            if problem is not None:
                yield Hit(secret, f"{problem}; Secrets Manager cannot encrypt the secret's values",
                          fix=fix_for(secret, f"kms_key_id = <a symmetric encryption key in {secret.region}>",
                                      f"KmsKeyId: <a symmetric encryption key in {secret.region}>"))
