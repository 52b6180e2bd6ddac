"""The live calls table: one row per call keyed by telephonySessionId, diff-updated.

Rows are added, changed cell by cell and removed by key inside `app.batch_update()`
(Dolphie's pattern), so an event touches only what changed and nothing flickers.
Ringing calls sort first, then active, held and parked; one 1 s timer on the
screen calls `tick()` to refresh the duration column only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from tui.app.call_text import (
    direction_text,
    duration_text,
    endpoint_text,
    indicators_text,
    other_party,
    sort_key,
    state_text,
)
from tui.calls import Call, CallState


@dataclass(frozen=True, slots=True)
class StateCell:
    """The state cell: renders a badge and carries the row's sort key."""

    text: Text
    order: tuple[object, ...]

    def __rich__(self) -> Text:
        return self.text


def _row_cells(call: Call, *, pending: str | None, account_level: bool) -> dict[str, object]:
    """Every cell of a row except duration and the sort key (which the table adds)."""
    cells: dict[str, object] = {
        "dir": direction_text(call),
        "party": Text(
            endpoint_text(other_party(call)),
            style="bold" if call.state is CallState.RINGING else "",
        ),
        "flags": indicators_text(call),
    }
    if account_level:
        cells["ext"] = call.owner_extension_id or "—"
    cells["state"] = state_text(call, pending=pending)
    return cells


def _comparable(value: object) -> object:
    # Rich's Text equality ignores the base style; a ringing → active change is only style.
    if isinstance(value, StateCell):
        return (_comparable(value.text), value.order)
    if isinstance(value, Text):
        return (value.plain, str(value.style), value.spans)
    return value


def _same(old: object, new: object) -> bool:
    return old is not None and _comparable(old) == _comparable(new)


class CallsTable(DataTable):
    """Every live call, updated in place by session id."""

    DEFAULT_CSS = """
    CallsTable { height: 1fr; }
    """

    def __init__(self, *, account_level: bool = False, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.account_level = account_level
        self._calls: dict[str, Call] = {}
        self._first_seen: dict[str, int] = {}
        self._pending: dict[str, str] = {}
        self._shown: dict[str, dict[str, object]] = {}

    def on_mount(self) -> None:
        self.add_column("State", key="state", width=20)
        if self.account_level:
            self.add_column("Ext", key="ext", width=8)
        self.add_column("Dir", key="dir", width=5)
        self.add_column("Other party", key="party", width=32)
        self.add_column("Time", key="duration", width=8)
        self.add_column("", key="flags", width=26)

    @property
    def calls(self) -> list[Call]:
        """The calls shown, in display order."""
        return [self._calls[str(row.key.value)] for row in self.ordered_rows]

    @property
    def selected_call(self) -> Call | None:
        """The call under the cursor, if any."""
        if not self._calls or self.row_count == 0:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except CellDoesNotExist:
            return None
        return self._calls.get(str(row_key.value))

    def pending_label(self, telephony_session_id: str) -> str | None:
        """The in-flight action label shown on a call, if any."""
        return self._pending.get(telephony_session_id)

    def select(self, telephony_session_id: str) -> None:
        """Move the cursor to a call's row."""
        try:
            index = self.get_row_index(telephony_session_id)
        except RowDoesNotExist:
            return
        self.move_cursor(row=index)

    def update_calls(self, changed: Iterable[Call], now: datetime) -> list[Call]:
        """Apply changed calls: add new, update cells that differ, drop ended ones.

        Returns the calls that are newly ringing (for the bell and auto-select).
        """
        newly_ringing: list[Call] = []
        selected = self.selected_call
        reorder = False
        with self.app.batch_update():
            for call in changed:
                sid = call.telephony_session_id
                old = self._calls.get(sid)
                if call.state in (CallState.ENDED, CallState.VOICEMAIL):
                    if old is not None:
                        self._remove(sid)
                    continue
                if call.state is CallState.RINGING and (
                    old is None or old.state is not CallState.RINGING
                ):
                    newly_ringing.append(call)
                self._calls[sid] = call
                if old is None:
                    self._first_seen.setdefault(sid, len(self._first_seen))
                    self._add(call, now)
                    reorder = True
                else:
                    reorder |= (
                        old.state != call.state or old.owner_extension_id != call.owner_extension_id
                    )
                    self._refresh_row(call, now)
            if reorder:
                self._reorder(selected)
        return newly_ringing

    def set_pending(self, telephony_session_id: str, label: str | None) -> None:
        """Show (or clear with None) the pending marker on a call."""
        if label is None:
            self._pending.pop(telephony_session_id, None)
        else:
            self._pending[telephony_session_id] = label
        call = self._calls.get(telephony_session_id)
        if call is not None:
            self._refresh_row(call, None)

    def tick(self, now: datetime) -> None:
        """Refresh the duration column (called once a second)."""
        with self.app.batch_update():
            for sid, call in self._calls.items():
                self._set_cell(sid, "duration", duration_text(call, now))

    def _add(self, call: Call, now: datetime) -> None:
        sid = call.telephony_session_id
        cells = _row_cells(call, pending=self._pending.get(sid), account_level=self.account_level)
        cells["duration"] = duration_text(call, now)
        cells["state"] = self._state_cell(call, cells["state"])  # type: ignore[arg-type]
        ordered = [cells[str(column.value)] for column in self.columns]
        self.add_row(*ordered, key=sid)
        self._shown[sid] = cells

    def _refresh_row(self, call: Call, now: datetime | None) -> None:
        sid = call.telephony_session_id
        cells = _row_cells(call, pending=self._pending.get(sid), account_level=self.account_level)
        cells["state"] = self._state_cell(call, cells["state"])  # type: ignore[arg-type]
        if now is not None:
            cells["duration"] = duration_text(call, now)
        for column, value in cells.items():
            self._set_cell(sid, column, value)

    def _set_cell(self, sid: str, column: str, value: object) -> None:
        shown = self._shown.setdefault(sid, {})
        if _same(shown.get(column), value):
            return
        shown[column] = value
        self.update_cell(sid, column, value)

    def _state_cell(self, call: Call, text: Text) -> StateCell:
        order = sort_key(
            call, self._first_seen[call.telephony_session_id], by_extension=self.account_level
        )
        return StateCell(text, order)

    def _remove(self, sid: str) -> None:
        self._calls.pop(sid, None)
        self._pending.pop(sid, None)
        self._shown.pop(sid, None)
        self.remove_row(sid)

    def _reorder(self, selected: Call | None) -> None:
        self.sort("state", key=lambda cell: cell.order)
        if selected is not None and selected.telephony_session_id in self._calls:
            self.select(selected.telephony_session_id)
