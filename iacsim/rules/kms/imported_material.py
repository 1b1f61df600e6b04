from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from iacsim.clock import scan_time
from iacsim.model.kms import KmsKey
from iacsim.rules.base import Hit, Rule, RuleContext

MAX_AHEAD = timedelta(days=365)
SOON = timedelta(days=30)


def material_expiry(key: KmsKey) -> datetime | None:
    """The imported material's ``valid_to`` when the code fixes it (None: no expiry, or unknown)."""
    if key.imported is None or not isinstance(key.imported.valid_to, str):
        return None
    try:
        when = datetime.fromisoformat(key.imported.valid_to.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class ImportedMaterialExpiryInvalid(Rule):
    """Imported key material with an expiry in the past or more than 365 days ahead.

    What it does:
        Checks ``valid_to`` of ``aws_kms_external_key`` / ``aws_kms_replica_external_key`` against the
        scan date.
    Why it matters:
        ImportKeyMaterial with ExpirationModel KEY_MATERIAL_EXPIRES requires ValidTo in the future and at
        most 365 days ahead; otherwise the import (and the apply) fails, and the key stays PendingImport.
    Example:
        resource "aws_kms_external_key" "payments" {
          key_material_base64 = var.material
          valid_to            = "2024-01-01T00:00:00Z"
        }
    Fix:
        Set ``valid_to`` within the next 365 days, or omit it (material that does not expire), and plan
        re-imports before it passes.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
        https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html
    """

    id = "KMS011"
    name = "imported-material-expiry-invalid"
    summary = "Imported key material expiry in the past or more than 365 days ahead"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        now = scan_time()
        for key in ctx.world.of_type(KmsKey):
            when = material_expiry(key)
            if when is None:
                continue
            if when <= now:
                yield Hit(key, f"key material valid_to {when:%Y-%m-%d} is in the past; ImportKeyMaterial rejects it "
                               "and the key stays PendingImport", fix="valid_to within the next 365 days, or omit it")
            elif when - now > MAX_AHEAD:
                yield Hit(key, f"key material valid_to {when:%Y-%m-%d} is more than 365 days ahead; "
                               "ImportKeyMaterial rejects it", fix="valid_to within the next 365 days, or omit it")


class ImportedMaterialExpiringSoon(Rule):
    """Imported key material expires within 30 days.

    What it does:
        Flags imported key material whose ``valid_to`` falls within the next 30 days.
    Why it matters:
        When imported material expires KMS deletes it and the key becomes unusable (PendingImport):
        every Decrypt fails until the *same* material is imported again. Asymmetric and HMAC imported
        keys cannot rotate, so the only other way out is a new key behind the alias.
    Example:
        valid_to = "<a date three weeks from now>"
    Fix:
        Re-import the same material with a later ``valid_to`` (or none) before it passes.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-set-expiration.html
    """

    id = "KMS012"
    name = "imported-material-expiring-soon"
    summary = "Imported key material expires within 30 days"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        now = scan_time()
        for key in ctx.world.of_type(KmsKey):
            when = material_expiry(key)
            if when is not None and now < when <= now + SOON:
                yield Hit(key, f"key material expires on {when:%Y-%m-%d}; the key becomes unusable until the same "
                               "material is re-imported", fix="re-import the material with a later valid_to")
