"""The UI's notion of "now", injectable so snapshots and tests are deterministic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""Returns the current time as an aware UTC datetime."""


def system_clock() -> datetime:
    """The real wall clock (UTC)."""
    return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: for snapshots and tests."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        from datetime import timedelta

        self.now = self.now + timedelta(seconds=seconds)


class ServerTime:
    """The wall clock moved by the server's clock skew (`ServerClock.skew`, seconds).

    Call times are the server's: measured against this "now", a call's duration is server
    time minus server time, right however far this computer's clock is off.
    """

    def __init__(self, skew: Callable[[], float], clock: Clock = system_clock) -> None:
        self._skew = skew
        self._clock = clock

    def __call__(self) -> datetime:
        from datetime import timedelta

        return self._clock() + timedelta(seconds=self._skew())
