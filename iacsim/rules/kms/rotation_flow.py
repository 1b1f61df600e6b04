from __future__ import annotations

from typing import ClassVar

from iacsim.rules.base import FlowRule


class RotationNotManageable(FlowRule):
    """The deploying account cannot turn on the key's automatic rotation.

    What it does:
        Replays key creation and ``EnableKeyRotation`` as the key's account, then a rotation with
        ciphertexts made before and after it, decrypted in the key's region and in every replica's.
    Why it matters:
        Terraform and CloudFormation call EnableKeyRotation right after CreateKey. A key policy that does
        not let the deploying account manage the key (no account statement, ``kms:EnableKeyRotation``
        missing) makes the apply fail with AccessDeniedException after the key exists — and, without the
        lockout bypass, may leave a key nobody can administer.
    Example:
        enable_key_rotation = true with a policy whose only statement names an application role.
    Fix:
        Keep the account statement (``arn:aws:iam::<account>:root`` with ``kms:*``) or give the deploying
        role ``kms:EnableKeyRotation`` and ``kms:PutKeyPolicy`` in the key policy.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
        https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    """

    id = "KMS102"
    name = "rotation-not-manageable"
    summary = "The deploying account cannot enable the key's automatic rotation"
    category: ClassVar[str] = "apply-error"
    severity = "high"
