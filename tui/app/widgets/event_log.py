"""The raw push notifications received, pretty-printed, for people integrating RingCentral."""

from __future__ import annotations

import json
from collections.abc import Iterable

from rich.text import Text
from textual.widgets import RichLog

MAX_EVENTS = 200
"""Notifications kept for the log (the screen keeps them while the pane is hidden)."""


class EventLog(RichLog):
    """A pane that starts hidden; `e` toggles it."""

    DEFAULT_CSS = """
    EventLog { height: 14; border-top: solid $primary-darken-2; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_lines=MAX_EVENTS * 40, wrap=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "Event log"

    def show_all(self, envelopes: Iterable[dict]) -> None:
        """Replace the log with these notifications (when the pane is opened)."""
        self.clear()
        for envelope in envelopes:
            self.add_envelope(envelope)

    def add_envelope(self, envelope: dict) -> None:
        """Append one notification as its event path and pretty JSON."""
        event = str(envelope.get("event", "notification")) if isinstance(envelope, dict) else ""
        self.write(Text(event, style="bold"))
        from rich.syntax import Syntax  # pygments is heavy; only once the pane is open

        self.write(Syntax(json.dumps(envelope, indent=2, default=str), "json", word_wrap=False))
