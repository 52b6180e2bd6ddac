"""How far RingCentral's clock is from this computer's, read from each answer's `Date`.

Call times (`eventTime`, `startTime`) are the server's. Shown against the local clock, a
server an hour ahead makes every call last 0:00, and one behind adds an hour. The UI adds
`skew` to its "now", so a duration is server time minus server time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

# `Date` has whole seconds and the answer takes a moment to arrive: a smaller difference
# is that noise, not a clock that is off (and correcting by it would make the clock jitter).
SKEW_IGNORED_S = 2.0


class ServerClock:
    """The latest difference server time − local time, in seconds (0 while unknown)."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self.skew = 0.0

    def observe(self, date_header: str | None) -> None:
        """Read one answer's `Date` header (RFC 9110 IMF-fixdate); unparsable ones are ignored."""
        if not date_header:
            return
        try:
            server = parsedate_to_datetime(date_header).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        measured = server - self._now()
        self.skew = round(measured) if abs(measured) >= SKEW_IGNORED_S else 0.0
