"""The simulated clock.

Time-dependent AWS behaviour (deletion windows, import-token and key-material
expiry, automatic rotation, SSM parameter expiration) is evaluated against
this clock, never against the host's clock, so tests can jump ahead with
``cloud.clock.advance(days=30)`` instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SimClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is None:
            # Start at the host's current time so that absolute timestamps found
            # in configuration (an Expiration policy, a ValidTo) compare as they
            # would in AWS today; tests that need determinism pass ``start``.
            start = datetime.now(UTC).replace(microsecond=0)
        if start.tzinfo is None:
            raise ValueError("SimClock start must be timezone-aware (UTC)")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """Current simulated time (timezone-aware, UTC)."""
        return self._now

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> datetime:
        """Move the clock forward and return the new time. Time never goes back."""
        delta = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if delta < timedelta(0):
            raise ValueError("the simulated clock only moves forward")
        self._now = self._now + delta
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to an absolute time at or after the current one."""
        if when.tzinfo is None:
            raise ValueError("SimClock.set needs a timezone-aware datetime")
        when = when.astimezone(UTC)
        if when < self._now:
            raise ValueError("the simulated clock only moves forward")
        self._now = when
