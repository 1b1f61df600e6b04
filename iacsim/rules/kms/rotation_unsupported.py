from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules._values import is_true, known
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class RotationOnUnsupportedKey(Rule):
    """Automatic rotation is enabled on a key that KMS cannot rotate automatically.

    What it does:
        Flags automatic rotation (``enable_key_rotation = true`` / ``EnableKeyRotation: true``) on
        asymmetric keys, HMAC keys, keys with imported material (origin EXTERNAL) and keys in a custom
        key store.
    Why it matters:
        KMS supports automatic rotation only for symmetric encryption keys whose material it
        generated. EnableKeyRotation on any other key fails, so the apply fails part-way.
    Example:
        resource "aws_kms_key" "signing" {
          customer_master_key_spec = "RSA_2048"
          key_usage                = "SIGN_VERIFY"
          enable_key_rotation      = true
        }
    Fix:
        Remove ``enable_key_rotation``. Rotate these keys manually: create a new key and point the
        alias at it (imported symmetric keys can also rotate on demand with new imported material).
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
        https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
    """

    id = "KMS001"
    name = "rotation-on-unsupported-key"
    summary = "Automatic rotation enabled on an asymmetric, HMAC, imported or custom key store key"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if key.replica_of is not None or not is_true(key.rotation_enabled):
                continue  # replicas share the primary's setting; the primary is checked
            why = None
            if known(key.spec) and key.spec != "SYMMETRIC_DEFAULT":
                why = f"its key spec is {key.spec}"
            elif key.origin == "EXTERNAL":
                why = "its key material is imported (origin EXTERNAL)"
            elif key.origin in ("AWS_CLOUDHSM", "EXTERNAL_KEY_STORE") or known(key.custom_key_store_id):
                why = "it is in a custom key store"
            if why:
                yield Hit(key, f"automatic rotation is enabled but {why}; KMS rejects EnableKeyRotation for "
                               "such keys", fix=fix_for(key, "remove enable_key_rotation; rotate by creating a new key and "
                                                          "repointing the alias",
                                                     "remove EnableKeyRotation; rotate by creating a new key and "
                                                     "repointing the alias"),
                          attr="rotation_enabled")
