from __future__ import annotations

from iacsim.rules.base import FlowRule


class CrossRegionDecryptDenied(FlowRule):
    """A principal can encrypt with a multi-Region key in one region but not decrypt in another.

    What it does:
        For every replica, encrypts with the primary in its region and decrypts the same ciphertext with
        the replica in the replica's region (and back), as the account and every role or user in the
        scan that can encrypt. Related multi-Region keys share key material, so the ciphertext decrypts in
        any of their regions — if the replica's own key policy (and the caller's IAM) allow it.
    Why it matters:
        Key policies, grants and aliases are *not* shared between related keys. A replica created with a
        different policy breaks the disaster-recovery path it exists for: data encrypted in the primary's
        region cannot be read in the failover region.
    Example:
        aws_kms_key.primary names the app role in its policy; aws_kms_replica_key.dr keeps the default
        policy, and the app role has no IAM permission of its own.
    Fix:
        Give replicas the same key policy as their primary (pass the same policy document to
        ``aws_kms_replica_key.policy`` / ``KeyPolicy``), or grant the principal in each region.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
        https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-auth.html
    """

    id = "KMS101"
    name = "cross-region-decrypt-denied"
    summary = "Ciphertext of a multi-Region key cannot be decrypted in another of its regions"
    severity = "high"
