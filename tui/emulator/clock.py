"""Time for the emulator: one place to read it, so tests can move it by hand."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


class Clock:
    """Wall and monotonic time; `offset` lets tests jump forward without sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0
        # Told after every jump, so deadlines kept on this clock (the gateway's idle and
        # absolute timeouts) are met at once rather than at the next real-time wake-up.
        self.on_advance: list[Callable[[], None]] = []

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (plus the test offset)."""
        return time.monotonic() + self.offset

    def now(self) -> datetime:
        """The current UTC time (plus the test offset)."""
        return datetime.fromtimestamp(time.time() + self.offset, tz=UTC)

    def advance(self, seconds: float) -> None:
        """Move time forward, as if `seconds` had passed."""
        self.offset += seconds
        for listener in list(self.on_advance):
            listener()


def iso(moment: datetime) -> str:
    """RingCentral's timestamp format: ISO 8601, milliseconds, `Z`."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )
