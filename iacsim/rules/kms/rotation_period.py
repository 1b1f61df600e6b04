from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules._values import is_true
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for

MIN_DAYS, MAX_DAYS = 90, 2560


class RotationPeriodInvalid(Rule):
    """The rotation period is out of range, or set on a key without automatic rotation.

    What it does:
        Flags ``rotation_period_in_days`` / ``RotationPeriodInDays`` outside 90–2560 days, and a period
        given while automatic rotation is not enabled.
    Why it matters:
        KMS (and the Terraform provider's validation) refuse periods outside 90–2560 days. The provider
        also requires ``enable_key_rotation`` whenever a period is set, and without rotation enabled the
        period is never applied.
    Example:
        resource "aws_kms_key" "app" {
          enable_key_rotation     = true
          rotation_period_in_days = 30
        }
    Fix:
        Use a period between 90 and 2560 days together with ``enable_key_rotation = true``, or remove
        the period to use the default of 365 days.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key
    """

    id = "KMS002"
    name = "rotation-period-invalid"
    summary = "Rotation period outside 90–2560 days, or set without automatic rotation"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            period = key.rotation_period_days
            if not isinstance(period, int) or isinstance(period, bool):
                continue
            if not MIN_DAYS <= period <= MAX_DAYS:
                yield Hit(key, f"rotation period is {period} days; KMS accepts {MIN_DAYS}–{MAX_DAYS}",
                          fix=fix_for(key, f"rotation_period_in_days = {min(max(period, MIN_DAYS), MAX_DAYS)}",
                                      f"RotationPeriodInDays: {min(max(period, MIN_DAYS), MAX_DAYS)}"),
                          attr="rotation_period_days")
            elif not is_true(key.rotation_enabled) and key.replica_of is None:
                yield Hit(key, f"rotation period of {period} days is set but automatic rotation is not enabled; "
                               "the provider requires enable_key_rotation with it and the period never applies",
                          fix=fix_for(key, "enable_key_rotation = true", "EnableKeyRotation: true"),
                          attr="rotation_period_days")
