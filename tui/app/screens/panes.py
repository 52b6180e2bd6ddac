"""The main screen's optional panes: History (`c`), the event log (`e`), the last error (`E`).

A mixin of `MainScreen`, kept apart so the screen stays small. The panes mount on first use
(neither is needed for the first frame) and are toggled after that.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.widget import Widget

from tui.app.end_reason import end_reason
from tui.app.screens.prompt import PromptScreen
from tui.app.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.app.app import CalldeckApp
    from tui.app.end_reason import SentAction
    from tui.app.messages import ActionFailed
    from tui.app.widgets.call_log_history import CallLogHistory
    from tui.app.widgets.event_log import EventLog
    from tui.calls import Call

# Ended calls kept for the History pane.
MAX_HISTORY = 500
# Raw notifications kept for the event log (kept while the pane is closed, too).
MAX_EVENTS = 200

PaneT = TypeVar("PaneT", bound=Widget)


class Panes(PromptScreen):
    """History, event log and error details for `MainScreen`."""

    calldeck: CalldeckApp
    last_error: ActionFailed | None

    def __init__(self) -> None:
        super().__init__()
        self._events: deque[dict] = deque(maxlen=MAX_EVENTS)
        self._ended: dict[str, Call] = {}
        # What calldeck sent per live call, and how each ended call ended (for History).
        self.sent_actions: dict[str, SentAction] = {}
        self.end_reasons: dict[str, str] = {}
        self._history: CallLogHistory | None = None
        self._event_log: EventLog | None = None

    def record_envelope(self, envelope: dict) -> None:
        """Keep a raw notification for the event log (called by the live feed directly)."""
        self._events.append(envelope)
        log = self._event_log
        if log is not None and log.display:
            log.add_envelope(envelope)

    async def _toggle_pane(self, pane: PaneT | None, create: Callable[[], PaneT]) -> PaneT:
        """Open a pane, mounting it above the key bar the first time, or close it."""
        if pane is None:
            pane = create()
            await self.mount(pane, before=self.query_one(KeyBar))
        else:
            pane.display = not pane.display
        return pane

    def _remember_ended(self, call: Call) -> None:
        sid = call.telephony_session_id
        self._ended.pop(sid, None)
        self._ended[sid] = call
        self.end_reasons[sid] = end_reason(call, self.sent_actions.pop(sid, None))
        if len(self._ended) > MAX_HISTORY:  # a busy account runs for days: keep the newest
            oldest = next(iter(self._ended))
            del self._ended[oldest]
            self.end_reasons.pop(oldest, None)
        history = self._history
        if history is not None and history.display:
            history.add_ended(call, self.calldeck.clock())

    async def action_view_history(self) -> None:
        from tui.app.widgets.call_log_history import CallLogHistory

        history = self._history = await self._toggle_pane(
            self._history, lambda: CallLogHistory(id="history", reasons=self.end_reasons)
        )
        if history.display:
            history.show_all(list(self._ended.values()), self.calldeck.clock())

    async def action_view_events(self) -> None:
        # RichLog pulls in rich.pretty and attrs: ~20 ms of start-up for a closed pane.
        from tui.app.widgets.event_log import EventLog

        log = self._event_log = await self._toggle_pane(
            self._event_log, lambda: EventLog(MAX_EVENTS, id="events")
        )
        if log.display:
            log.show_all(self._events)

    def action_view_error(self) -> None:
        if self.last_error is None:
            self.notify("No failed action yet.")
            return
        error = self.last_error
        from tui.app.dialogs.error_modal import ErrorModal  # TextArea: not for the first frame

        self.app.push_screen(ErrorModal(error.title, error.message, error.details))
