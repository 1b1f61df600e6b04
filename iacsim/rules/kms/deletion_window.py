from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsKey
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class DeletionWindowInvalid(Rule):
    """The key's deletion waiting period is outside 7–30 days.

    What it does:
        Flags ``deletion_window_in_days`` / ``PendingWindowInDays`` values below 7 or above 30.
    Why it matters:
        ScheduleKeyDeletion accepts a waiting period of 7 to 30 days only; the provider validates the
        same range, so the plan or the destroy fails.
    Example:
        resource "aws_kms_key" "app" {
          deletion_window_in_days = 3
        }
    Fix:
        Use a value from 7 to 30 (30 is the default and the safest: it leaves time to notice a mistake).
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
        https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
    """

    id = "KMS003"
    name = "deletion-window-invalid"
    summary = "Key deletion window outside 7–30 days"
    category = "apply-error"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            days = key.deletion_window_days
            if isinstance(days, int) and not isinstance(days, bool) and not 7 <= days <= 30:
                yield Hit(key, f"deletion window is {days} days; KMS accepts 7–30",
                          fix=fix_for(key, f"deletion_window_in_days = {min(max(days, 7), 30)}",
                                      f"PendingWindowInDays: {min(max(days, 7), 30)}"),
                          attr="deletion_window_days")
