"""Calls that ended during this run, newest first, with duration and end reason."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.widgets import DataTable

from tui.app.call_text import direction_text, duration_text, endpoint_text, other_party
from tui.app.end_reason import end_reason
from tui.app.untrusted import as_text

if TYPE_CHECKING:
    from tui.calls import Call


class CallHistory(DataTable):
    """A pane that starts hidden; `c` toggles it."""

    DEFAULT_CSS = """
    CallHistory { height: 8; border-top: solid $primary-darken-2; }
    """

    def __init__(self, *, reasons: dict[str, str] | None = None, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.border_title = "History"
        # How each call ended, by session id, in words (`tui.app.end_reason`; kept by the screen).
        self.reasons: dict[str, str] = reasons if reasons is not None else {}

    def reason_for(self, call: Call) -> str:
        """How `call` ended, in words ("sent to voicemail", "transferred to 103")."""
        return self.reasons.get(call.telephony_session_id) or end_reason(call)

    def on_mount(self) -> None:
        self.add_column("Ended", key="ended", width=9)
        self.add_column("Dir", key="dir", width=5)
        self.add_column("Other party", key="party", width=34)
        self.add_column("Time", key="duration", width=8)
        self.add_column("End reason", key="reason")

    def show_all(self, calls: list[Call], now: datetime) -> None:
        """Add every ended call not shown yet (when the pane is opened)."""
        for call in calls:
            self.add_ended(call, now)

    def add_ended(self, call: Call, now: datetime) -> None:
        """Record one ended call (once per session id)."""
        sid = call.telephony_session_id
        if sid in self.rows:
            return
        ended = (call.ended_at or now).astimezone().strftime("%H:%M:%S")
        reason = self.reason_for(call)
        self.add_row(
            ended,
            direction_text(call),
            as_text(endpoint_text(other_party(call))),  # a str cell would be parsed as markup
            duration_text(call, now),
            as_text(reason, style="dim"),
            key=sid,
        )
        # Newest first: ended time as text sorts within a run.
        self.sort("ended", reverse=True)
