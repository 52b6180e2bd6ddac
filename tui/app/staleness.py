"""A dead feed, seen: calls on screen may be stale, and their keys say why they may fail.

When the live feed has not been live for `STALE_AFTER_S`, the screen marks the calls as
possibly stale and a gate check (`tui.app.gate`) gives the call keys a `Caution`: they still
run (REST often works while push is down, and a person must be able to hang up), and say why
they may fail.
The `r` row (`app.retry`) applies only while a start is waiting to try again, which is why
it may share its key with a call row: one applies when the other cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.app.gate import Caution, Hidden, register

if TYPE_CHECKING:
    from tui.app.actions import ActionSpec
    from tui.app.gate import GateState
    from tui.calls import Call

# Seconds without a live feed before the calls on screen are marked as possibly stale.
STALE_AFTER_S = 10.0

STALE_BANNER = "calls may be out of date: the live feed is not live"


def stale_reason(feed: str) -> str:
    """Why a call key may fail while the feed is not live."""
    return (
        f"The live feed is {feed}: this call may have changed since it was last seen, "
        "so RingCentral may refuse the request."
    )


@register
def stale_feed(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    """Call keys may fail while the calls shown may be stale."""
    if spec.call_actions and state.feed_stale:
        return Caution(stale_reason(state.feed))
    return None


@register
def retry_when_waiting(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    """`app.retry` applies only while a failed start waits for its next try."""
    if spec.id == "app.retry" and not state.retry_waiting:
        return Hidden("Nothing to retry: calldeck is not waiting to connect.")
    return None
