"""The live calls table: one line per call keyed by telephonySessionId, redrawn line by line.

A Line API widget rather than a `DataTable`: DataTable keys every render cache on one
table-wide update counter, so changing one cell re-renders every visible row, and at an
account's hundreds of events a second that is most of a frame. Here each call's line is
rendered once per change of what it shows and cached by session id, and a change marks
only that line dirty; moving rows (a new ringing call sorts first) repaints the window
from the cache. Durations are computed when a line is drawn, so the 1 s tick touches only
visible lines whose clock text changed.

Ringing calls sort first, then active, held and parked (by extension in account mode);
the cursor stays on its call when rows move, and never moves to another call by itself: a
new ringing call is announced, not selected. When the selected call ends, its row stays in
place for `LINGER_S`, marked ended, so a key pressed that moment finds the ended call (and
says so) instead of acting on the next one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.call_text import (
    sort_key,
)
from tui.app.screens.prompt import PaintedByHandler
from tui.app.widgets.call_rows import (
    GONE_STATES,
    LINGER_S,
    TableRow,
    columns_for,
    row_cells,
    same_cells,
)
from tui.app.widgets.plain_lines import PlainLines
from tui.app.widgets.table_cursor import TableCursor
from tui.app.widgets.table_lines import TableLines
from tui.calls import CallState

if TYPE_CHECKING:
    from tui.calls import Call

__all__ = ["LINGER_S", "CallsTable"]


class CallsTable(TableCursor, TableLines, PlainLines, PaintedByHandler, ScrollView, can_focus=True):
    """Every live call, updated in place by session id."""

    DEFAULT_CSS = """
    CallsTable {
        height: 1fr;
        min-height: 3;  /* the header and two calls, however small the terminal */
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .calls-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .calls-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .calls-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"calls-table--header", "calls-table--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "cursor_first", "First call", show=False),
        Binding("end", "cursor_last", "Last call", show=False),
    ]

    class CursorMoved(Message):
        """The cursor is on another call (or on none)."""

        def __init__(self, telephony_session_id: str | None) -> None:
            super().__init__()
            self.telephony_session_id = telephony_session_id

    def __init__(self, *, account_level: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.account_level = account_level
        self.columns = columns_for(account_level=account_level)
        self._width = sum(column.cell_width for column in self.columns)
        self._rows: dict[str, TableRow] = {}
        self._order: list[str] = []  # session ids in display order
        self._index: dict[str, int] = {}  # session id → position in _order
        self._first_seen: dict[str, int] = {}  # session id → arrival number (ties in order)
        self._arrivals = itertools.count()
        self._pending: dict[str, str] = {}
        self._lingering: dict[str, datetime] = {}  # session id → when its call ended
        self._silenced: set[str] = set()  # session ids whose ringer was silenced
        self._owner_labels: dict[str, str] = {}  # account view: "101 Ada Lovelace" by ext id
        self._cursor = 0
        self._cursor_sid: str | None = None
        self._now: datetime | None = None
        self._header: tuple[tuple[object, ...], Strip] | None = None
        self._blank: tuple[tuple[int, int], Strip] | None = None
        self._styles_seen = 0  # bumped when focus or theme change how lines look
        self._base: tuple[int, Style] | None = None
        self._lines_size = Size(0, 0)  # the virtual size last set (`_resize`)
        self.row_renders = 0  # lines rendered from their cells (a cache miss), for tests

    # ----- what the screen reads --------------------------------------------------------

    @property
    def column_keys(self) -> list[str]:
        """Column keys in display order."""
        return [column.key for column in self.columns]

    @property
    def calls(self) -> list[Call]:
        """The calls shown, in display order."""
        return [self._rows[sid].call for sid in self._order]

    @property
    def live_calls(self) -> list[Call]:
        """The calls shown that have not ended (a lingering ended row is left out)."""
        return [self._rows[sid].call for sid in self._order if sid not in self._lingering]

    def is_gone(self, telephony_session_id: str) -> bool:
        """True while a call that ended is still shown (it was selected when it ended)."""
        return telephony_session_id in self._lingering

    @property
    def selected_call(self) -> Call | None:
        """The call under the cursor, if any."""
        return self._rows[self._cursor_sid].call if self._cursor_sid is not None else None

    def call(self, telephony_session_id: str) -> Call | None:
        """The call shown for a session id, if it is shown."""
        row = self._rows.get(telephony_session_id)
        return row.call if row is not None else None

    def get_cell(self, telephony_session_id: str, column: str) -> Text | str:
        """What a call's cell shows now (KeyError if the call or column is unknown)."""
        row = self._rows[telephony_session_id]
        if column == "duration":
            return self._clock_text(row)
        return row.cells[column]

    def pending_label(self, telephony_session_id: str) -> str | None:
        """The in-flight action label shown on a call, if any."""
        return self._pending.get(telephony_session_id)

    # ----- what the screen changes ------------------------------------------------------

    def select(self, telephony_session_id: str) -> None:
        """Move the cursor to a call's row."""
        index = self._index.get(telephony_session_id)
        if index is not None:
            self._move_cursor(index)

    def update_calls(self, changed: Iterable[Call], now: datetime) -> list[Call]:
        """Apply changed calls: add new, redraw lines that differ, drop ended ones.

        Returns the calls that are newly ringing (for the bell and auto-select).
        """
        # The clocks move with the tick: a row drawn for an event shows its clock as of the
        # tick (at most a second behind, as every other row's), worked out once a second,
        # not once a line each frame that moves it (a tenth of a frame, cold).
        if self._now is None:
            self._now = now
        newly_ringing: list[Call] = []
        reorder = False
        for call in changed:
            sid = call.telephony_session_id
            row = self._rows.get(sid)
            if call.state in GONE_STATES:
                if row is None:
                    continue
                if sid == self._cursor_sid or sid in self._lingering:
                    # Stays where it is, marked ended, until `tick` lets it go.
                    self._lingering.setdefault(sid, now)
                    self._change_row(sid, row, call)
                else:
                    self._drop(sid)
                    reorder = True
                continue
            if call.state is CallState.RINGING and (
                row is None or row.call.state is not CallState.RINGING
            ):
                newly_ringing.append(call)
            if row is None:
                self._first_seen[sid] = next(self._arrivals)
                self._rows[sid] = self._new_row(call)
                reorder = True
            else:
                reorder |= self._change_row(sid, row, call)
        if reorder:
            self._reorder()
        return newly_ringing

    def set_pending(self, telephony_session_id: str, label: str | None) -> None:
        """Show (or clear with None) the pending marker on a call."""
        if label is None:
            self._pending.pop(telephony_session_id, None)
        else:
            self._pending[telephony_session_id] = label
        row = self._rows.get(telephony_session_id)
        if row is not None:
            self._change_row(telephony_session_id, row, row.call)

    def set_owner_labels(self, labels: dict[str, str]) -> None:
        """The account view's "101 Ada Lovelace" by extension id: every row shows its own."""
        self._owner_labels = dict(labels)
        for sid, row in list(self._rows.items()):
            self._change_row(sid, row, row.call)

    def set_silenced(self, telephony_session_id: str) -> None:
        """Mark a ringing call as silenced (its ringer, not the call)."""
        self._silenced.add(telephony_session_id)
        row = self._rows.get(telephony_session_id)
        if row is not None:
            self._change_row(telephony_session_id, row, row.call)

    def tick(self, now: datetime) -> None:
        """The clock moved on (once a second): redraw visible lines whose duration changed."""
        self._now = now
        expired = [
            sid
            for sid, ended in self._lingering.items()
            if now - ended >= timedelta(seconds=LINGER_S)
        ]
        if expired:
            for sid in expired:
                self._drop(sid)
            self._reorder()
        first, last = self._visible_rows()
        ticked = []
        for index in range(first, last):
            row = self._rows[self._order[index]]
            clock = self._clock_text(row)
            if clock != row.clock:
                ticked.append((index, 1))
            row.clock, row.clock_at = clock, now
        self._repaint_rows(ticked)

    # ----- keys and mouse ---------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            index = offset.y - 1 + self._top
            if index < len(self._order):
                self._move_cursor(index)

    # ----- internals --------------------------------------------------------------------

    def _new_row(self, call: Call) -> TableRow:
        sid = call.telephony_session_id
        return TableRow(call, self._cells(sid, call), self._order_key(call))

    def _cells(self, sid: str, call: Call) -> dict[str, Text | str]:
        return row_cells(
            call,
            pending=self._pending.get(sid),
            account_level=self.account_level,
            silenced=sid in self._silenced,
            owner_label=self._owner_labels.get(call.owner_extension_id or "", ""),
        )

    def _change_row(self, sid: str, row: TableRow, call: Call) -> bool:
        """Take a call's new version; True when its place in the order changed."""
        cells = self._cells(sid, call)
        row.call = call
        row.clock_at = None  # its start or end may have moved
        if not same_cells(row.cells, cells):
            row.cells = cells
            row.strip = row.sides = None
            self._refresh_row(self._index[sid])
        # An ended row keeps its place: moving it would put another call under the cursor.
        order = row.order if sid in self._lingering else self._order_key(call)
        moved, row.order = order != row.order, order
        return moved

    def _order_key(self, call: Call) -> tuple[object, ...]:
        first_seen = self._first_seen[call.telephony_session_id]
        return sort_key(call, first_seen, by_extension=self.account_level)

    def _drop(self, sid: str) -> None:
        del self._rows[sid]
        self._lingering.pop(sid, None)
        self._silenced.discard(sid)
        self._pending.pop(sid, None)
        self._first_seen.pop(sid, None)

    def _reorder(self) -> None:
        """Sort, keep the cursor on its call, resize, and repaint the lines that moved."""
        rows, before = self._rows, self._order
        self._order = sorted(rows, key=lambda sid: rows[sid].order)
        self._index = {sid: index for index, sid in enumerate(self._order)}
        self._resize()
        kept = self._index.get(self._cursor_sid) if self._cursor_sid is not None else None
        self._move_cursor(self._cursor if kept is None else kept, force=True)
        # Repaint only the visible lines whose call changed: a row that moves repaints the
        # rows it passed, not every line below it (each repainted line is a frame's cost).
        top, bottom = self._visible_rows()
        bottom = max(bottom, min(len(before), top + self._page_rows()))
        after = self._order
        start = None
        moved: list[tuple[int, int]] = []
        for index in range(top, bottom + 1):
            differs = index < bottom and (
                index >= len(before) or index >= len(after) or before[index] != after[index]
            )
            if differs and start is None:
                start = index
            elif not differs and start is not None:
                moved.append((start, index - start))
                start = None
        self._repaint_rows(moved)

    def on_resize(self) -> None:
        """Lay the columns out for the new width; keep the selected row in view."""
        columns = columns_for(account_level=self.account_level, width=self.window().lines_width)
        if columns != self.columns:
            self.columns = columns
            self._width = sum(column.cell_width for column in columns)
            self._header = None
            # Textual painted the new size before telling us: rows drawn then have the new
            # width (which their cache keys hold) but the old columns.
            for row in self._rows.values():
                row.strip = row.sides = None
            self._resize()
            self.refresh()
        self._scroll_to_cursor()

    def _resize(self) -> None:
        """Set the virtual size for the row count, without a layout pass when possible.

        Assigning `virtual_size` lays out the whole screen; that is only needed when the
        vertical scrollbar appears or goes. Otherwise the scrollbar is told the new size.
        """
        size = Size(self._width, len(self._order) + 1)
        if size == self._lines_size:
            return
        self._lines_size = size
        window = self.window()
        if not window.height or (size.height > window.height) != window.scrollbar:
            self.virtual_size = size
            return
        self.set_reactive(CallsTable.virtual_size, size)
        if window.scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
            self.vertical_scrollbar.refresh()
        if self._top > max(0, size.height - window.height):  # scrolled past the rows left
            scroll_y = self.validate_scroll_y(self.scroll_y)
            if scroll_y != self.scroll_y:  # a reactive's every assignment runs its watchers
                self.scroll_y = scroll_y
