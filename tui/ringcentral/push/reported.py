"""Which call views the feed has already reported, so each change is reported once.

Duplicate events and re-syncs repeat views the UI already shows; only a view that differs
from the last one reported for its session is new. Over days an account ends thousands of
calls, so the ended ones are remembered only up to a bound (the oldest half is dropped);
live calls are never forgotten, however many an account has at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.calls import Call

# Ended calls remembered for "did its view change?"; the oldest beyond this are forgotten.
ENDED_REMEMBERED = 1000


class ReportedCalls:
    """The last view reported per session, with ended sessions bounded."""

    __slots__ = ("_ended", "_views")

    def __init__(self) -> None:
        self._views: dict[str, Call] = {}
        self._ended: dict[str, None] = {}  # insertion-ordered: oldest first

    def __len__(self) -> int:
        return len(self._views)

    def __contains__(self, telephony_session_id: object) -> bool:
        return telephony_session_id in self._views

    def fresh(self, calls: Iterable[Call]) -> list[Call]:
        """The calls whose view differs from the one last reported, now remembered."""
        views = self._views
        fresh = [call for call in calls if views.get(call.telephony_session_id) != call]
        for call in fresh:
            sid = call.telephony_session_id
            views[sid] = call
            if call.state == "ended":
                self._ended[sid] = None
            else:
                self._ended.pop(sid, None)
        if len(self._ended) > ENDED_REMEMBERED:
            self._forget_ended()
        return fresh

    def _forget_ended(self) -> None:
        """Drop the older half of the ended sessions remembered."""
        oldest = list(self._ended)[: len(self._ended) // 2]
        for sid in oldest:
            del self._ended[sid]
            self._views.pop(sid, None)
