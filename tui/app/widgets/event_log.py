"""The raw push notifications received, pretty-printed, for people integrating RingCentral."""

from __future__ import annotations

import json
from collections.abc import Iterable

from textual.widgets import RichLog

from tui.app.untrusted import as_text

# Lines one notification takes at most when pretty-printed (bounds the log's memory).
LINES_PER_EVENT = 40


class EventLog(RichLog):
    """The pane `e` opens and toggles; it keeps the last `max_events` notifications."""

    DEFAULT_CSS = """
    EventLog { height: 14; border-top: solid $primary-darken-2; }
    """

    def __init__(self, max_events: int, **kwargs: object) -> None:
        super().__init__(max_lines=max_events * LINES_PER_EVENT, wrap=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "Event log"

    def show_all(self, envelopes: Iterable[dict]) -> None:
        """Replace the log with these notifications (when the pane is opened)."""
        self.clear()
        for envelope in envelopes:
            self.add_envelope(envelope)

    def add_envelope(self, envelope: dict) -> None:
        """Append one notification as its event path and pretty JSON."""
        event = str(envelope.get("event", "notification")) if isinstance(envelope, dict) else ""
        self.write(as_text(event, style="bold"))
        from rich.syntax import Syntax  # pygments is heavy; only once the pane is open

        self.write(Syntax(json.dumps(envelope, indent=2, default=str), "json", word_wrap=False))
