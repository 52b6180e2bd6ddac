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
