from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class RotationDisabled(Rule):
    """Automatic rotation is off on a symmetric customer managed key.

    What it does:
        Flags symmetric encryption keys with KMS-generated material (origin AWS_KMS, not in a custom key
        store) whose automatic rotation is not enabled. Replicas follow their primary and are not flagged.
    Why it matters:
        Rotation limits how much data one key version protects and is required by most compliance
        baselines (CIS AWS Foundations 3.x, PCI DSS). It is free of disruption: old ciphertexts still
        decrypt and the key id does not change.
    Example:
        resource "aws_kms_key" "app" {}   # enable_key_rotation defaults to false
    Fix:
        ``enable_key_rotation = true`` (optionally ``rotation_period_in_days``).
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
    """

    id = "KMS202"
    name = "rotation-disabled"
    summary = "Automatic rotation off on a symmetric customer managed key"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if (key.replica_of is None and key.rotation_enabled is False and key.spec == "SYMMETRIC_DEFAULT"
                    and key.origin == "AWS_KMS" and key.custom_key_store_id is None):
                yield Hit(key, "automatic key rotation is not enabled", fix=fix_for(key, "enable_key_rotation = true",
                                                                          "EnableKeyRotation: true"),
                          attr="rotation_enabled")
