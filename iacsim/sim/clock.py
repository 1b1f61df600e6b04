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
        self._condition_values: tuple[datetime, tuple[str, str]] | None = None

    def now(self) -> datetime:
        """Current simulated time (timezone-aware, UTC)."""
        return self._now

    def condition_values(self) -> tuple[str, str]:
        """``aws:CurrentTime`` (ISO 8601, UTC) and ``aws:EpochTime`` for the current simulated time."""
        cached = self._condition_values
        if cached is None or cached[0] != self._now:
            values = (self._now.strftime("%Y-%m-%dT%H:%M:%SZ"), str(int(self._now.timestamp())))
            cached = (self._now, values)
            self._condition_values = cached
        return cached[1]

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
