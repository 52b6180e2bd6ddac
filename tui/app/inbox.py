"""Coalescing of push updates for the screen.

The live feed reports changed calls once per notification; at hundreds of events a second
one screen update per event would fall behind. The inbox keeps at most one `CallsChanged`
message queued: changes that arrive while it waits join it, so the screen catches up with
one update however many events came in meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tui.app.messages import CallsChanged
from tui.calls import Call


class CallsInbox:
    """Collects changed calls into the one `CallsChanged` message still waiting to be handled."""

    def __init__(self, post: Callable[[CallsChanged], object]) -> None:
        self._post = post
        self._waiting: CallsChanged | None = None

    def add(self, calls: Iterable[Call]) -> None:
        """Queue changed calls for the screen (posts a message only if none is waiting)."""
        if self._waiting is None:
            self._waiting = CallsChanged([])
            self._post(self._waiting)
        self._waiting.calls.extend(calls)

    def taken(self, message: CallsChanged) -> None:
        """The screen is handling `message`: later changes go into a new one."""
        if message is self._waiting:
            self._waiting = None


def latest_per_call(calls: Iterable[Call]) -> list[Call]:
    """The newest view of each call, in the order the calls first appear."""
    latest: dict[str, Call] = {}
    for call in calls:
        latest[call.telephony_session_id] = call
    return list(latest.values())
