"""How push updates reach the screen: at once when the app has time, coalesced when it has not.

An event is shown as soon as it arrives: the live feed calls `add` on the app's own event
loop (inside the push client's callback), and when the screen is free the inbox hands the
calls straight to it, which updates its widgets and paints them then and there. Posting a
message instead would make every event wait for the push client to finish its turn (it
starts its next long poll first) and for a hop through the screen's queue: measured, that
was a third of an event's way to the screen.

Showing costs about 1.5 ms. Under a burst (hundreds of events a second) showing each one
would fall behind, so the inbox spends at most `DIRECT_SHARE` of the time showing directly;
past that it keeps at most one `CallsChanged` message queued and changes that arrive while
it waits join it, so the screen catches up with one update however many events came in.
A waiting message also means later changes must queue behind it (never shown out of order).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.app.messages import CallsChanged

if TYPE_CHECKING:
    from tui.calls import Call

log = logging.getLogger(__name__)

# Direct showing may take this share of the time; beyond it, updates are coalesced.
DIRECT_SHARE = 0.35


class CallsInbox:
    """Hands changed calls to the screen: directly when it is free, else in one message."""

    def __init__(
        self,
        post: Callable[[CallsChanged], object],
        show: Callable[[list[Call]], object] | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._post = post
        self._show = show
        self._clock = clock
        self._waiting: CallsChanged | None = None
        self._showing = False
        self._free_at = 0.0  # when direct showing is within its share of the time again
        self.shown_directly = 0
        self.coalesced = 0

    def add(self, calls: Iterable[Call]) -> None:
        """Changed calls for the screen: shown now if it is free, else queued."""
        if self._waiting is None and self._can_show():
            self._show_now(list(calls))
            return
        if self._waiting is None:
            self._waiting = CallsChanged([])
            self._post(self._waiting)
        else:
            self.coalesced += 1
        self._waiting.calls.extend(calls)

    def show_with(self, show: Callable[[list[Call]], object] | None) -> None:
        """Where calls are shown directly (the mounted screen), or None: messages only."""
        self._show = show

    def taken(self, message: CallsChanged) -> None:
        """The screen is handling `message`: later changes go into a new one (or direct)."""
        if message is self._waiting:
            self._waiting = None

    def _can_show(self) -> bool:
        # Not while the screen is already showing (a change reported from inside it).
        return self._show is not None and not self._showing and self._clock() >= self._free_at

    def _show_now(self, calls: list[Call]) -> None:
        assert self._show is not None
        self._showing = True
        start = self._clock()
        try:
            self._show(calls)
        except Exception:  # a bug in showing must not stop the push client's feed
            log.exception("showing calls failed")
        finally:
            self._showing = False
            end = self._clock()
            # Idle long enough that showing took at most DIRECT_SHARE of the time.
            self._free_at = end + (end - start) * (1 - DIRECT_SHARE) / DIRECT_SHARE
            self.shown_directly += 1


def latest_per_call(calls: Iterable[Call]) -> list[Call]:
    """The newest view of each call, in the order the calls first appear."""
    latest: dict[str, Call] = {}
    for call in calls:
        latest[call.telephony_session_id] = call
    return list(latest.values())
