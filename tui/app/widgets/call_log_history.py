"""History as RingCentral's call log: the synced log, plus calls that ended since the last sync.

A `CallHistory` (its look is the History pane's) whose rows come from the call log book:
each entry with its start, direction, other party, duration and result (missed in red).
Calls that ended in this run show at once and give way to their log record when the next
sync brings it. `/` filters by name or number; `Enter` calls the number back (scope `history`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.widgets.data_table import ColumnKey

from tui.app.actions import scope_bindings
from tui.app.call_text import direction_text, duration_text, endpoint_text, other_party
from tui.app.untrusted import as_text
from tui.app.widgets.history import CallHistory
from tui.calls import Call
from tui.people.calllog import LogEntry
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.app.screens.people_keys import PeopleKeys

MAX_ROWS = 500


def entry_cells(entry: LogEntry) -> tuple[object, ...]:
    """One log entry as History's cells: when, direction, who, duration, result."""
    other = entry.other
    who = " ".join(clean(p) for p in (other.get("name"), other.get("phoneNumber")) if p) or "-"
    minutes, seconds = divmod(entry.duration, 60)
    arrow = Text("in" if entry.direction == "Inbound" else "out", style="dim")
    style = "bold red" if entry.missed else "dim"
    when = entry.started.astimezone().strftime("%a %H:%M")
    result = Text(clean(entry.result), style=style)
    return when, arrow, as_text(who), f"{minutes}:{seconds:02d}", result


class CallLogHistory(CallHistory):
    """History fed by the call log book; filtered by `filter_text`."""

    SCOPE = "history"  # the action table's scope of this pane's keys
    BINDINGS = scope_bindings(SCOPE)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.entries: list[LogEntry] = []
        self.ended: dict[str, tuple[Call, datetime]] = {}
        self.filter_text = ""

    def show_log(self, entries: list[LogEntry]) -> None:
        """Show the call log (every entry, newest first)."""
        self.entries = entries
        self._rebuild()

    def show_all(self, calls: list[Call], now: datetime) -> None:
        for call in calls:
            self.ended[call.telephony_session_id] = (call, call.ended_at or now)
        self._rebuild()

    def add_ended(self, call: Call, now: datetime) -> None:
        self.ended[call.telephony_session_id] = (call, call.ended_at or now)
        self._rebuild()

    def filter(self, text: str) -> None:
        """Show only calls whose other party's name or number contains `text`."""
        self.filter_text = text
        self._rebuild()

    def _rebuild(self) -> None:
        wanted = self.filter_text.strip().lower()
        logged = {e.session for e in self.entries if e.session}
        rows: list[tuple[datetime, str, tuple[object, ...]]] = []
        for entry in self.entries:
            if entry.matches(wanted):
                rows.append((entry.started, f"log-{entry.id}", entry_cells(entry)))
        for sid, (call, ended) in self.ended.items():
            party = endpoint_text(other_party(call))
            if sid in logged or (wanted and wanted not in party.lower()):
                continue
            reason = self.reason_for(call)
            cells = (
                ended.astimezone().strftime("%a %H:%M"),
                direction_text(call),
                as_text(party),  # a str cell would be parsed as markup
                duration_text(call, ended),
                Text(clean(reason), style="dim"),
            )
            rows.append((ended, sid, cells))
        rows.sort(key=lambda row: row[0], reverse=True)
        self._name_columns()
        self.clear()
        for _, key, cells in rows[:MAX_ROWS]:
            self.add_row(*cells, key=key)
        # Content, not a str: a str border title is markup, and the filter is what was typed.
        filtered = f" · filter: {clean(self.filter_text)}" if wanted else ""
        self.border_title = Content(f"History{filtered}")  # type: ignore[assignment]

    def _name_columns(self) -> None:
        """Call log rows are calls that started then, with RingCentral's result."""
        for key, label in (("ended", "When"), ("reason", "Result")):
            column = self.columns.get(ColumnKey(key))
            if column is not None:
                column.label = Text(label)

    @property
    def highlighted(self) -> LogEntry | None:
        """The log entry under the cursor (None for a call not yet in the log)."""
        if not self.row_count:
            return None
        key = str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        return next((e for e in self.entries if f"log-{e.id}" == key), None)

    @property
    def _keys(self) -> PeopleKeys:
        return self.screen  # type: ignore[return-value]

    def action_history_filter(self) -> None:
        self._keys.open_filter("Filter History", self.filter_text, self.filter)

    def action_history_call_back(self) -> None:
        self._keys.call_back(self.highlighted)
