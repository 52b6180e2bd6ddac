"""Drawing the calls table's lines: header, rows from their cached strips, blank filler.

A mixin for `CallsTable` (which owns the rows, their order, the columns and the clock);
kept apart so the widget module stays about which calls are shown and where. Each row's
strip is cached with what it was drawn for (clock text, cursor, width, styles), so a frame
re-renders only lines whose content changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.app.call_text import duration_text
from tui.app.widgets.call_rows import CELL_PADDING, Column, TableRow, cell_key

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.scroll_view import ScrollView

    from tui.app.widgets.table_cursor import Window

    _Base = ScrollView
else:
    _Base = object


CELLS_KEPT = 1024
"""Drawn cells kept (all forgotten at once when full: a cell costs one drawing to redo)."""


class TableLines(_Base):
    """`render_line` over `_order`/`_rows`, with the header and style caches."""

    columns: list[Column]
    _order: list[str]
    _rows: dict[str, TableRow]
    _cursor: int
    _width: int
    _header: tuple[tuple[object, ...], Strip] | None
    _blank: tuple[tuple[int, int], Strip] | None
    _frame: tuple[int, int] | None = None  # (width, scroll offset) while a frame is drawn
    _top: int  # see `TableCursor`, as `window` and `forget_window`
    _cells_drawn: dict[tuple[object, ...], list[Segment]] | None = None  # see `_cell`
    _styles_seen: int
    _base: tuple[int, Style] | None
    row_renders: int

    _now: datetime | None

    if TYPE_CHECKING:

        def window(self) -> Window: ...

        def forget_window(self) -> None: ...

    def _clock_text(self, row: TableRow) -> str:
        return duration_text(row.call, self._now) if self._now is not None else ""

    def on_focus(self) -> None:
        self._restyle()

    def on_blur(self) -> None:
        self._restyle()

    def notify_style_update(self) -> None:
        # Theme or CSS changed: every cached line may now be the wrong colour, and a padding
        # or border the wrong width.
        super().notify_style_update()
        self.forget_window()
        self._restyle()

    # ----- painting ---------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The width and scroll offset once a frame, not once a line (each walks the styles).
        self._frame = (self.window().lines_width, self._top)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        """Line `y` of the window: the header, then the calls from the scroll offset."""
        frame = self._frame
        width, top = frame or (self.window().lines_width, self._top)
        if y == 0:
            return self._header_strip(width)
        index = y - 1 + top
        if index >= len(self._order):
            return self._blank_strip(width)
        sid = self._order[index]
        return self._row_strip(self._rows[sid], index == self._cursor, width)

    def _header_strip(self, width: int) -> Strip:
        key = (width, self._styles_seen)
        if self._header is None or self._header[0] != key:
            style = self.get_component_rich_style("calls-table--header")
            labels: dict[str, Text | str] = {column.key: column.label for column in self.columns}
            self._header = (key, self._line(labels, labels["duration"], style, width))
        return self._header[1]

    def _blank_strip(self, width: int) -> Strip:
        # One strip for every empty line below the calls (its filtered copy is cached on it).
        key = (width, self._styles_seen)
        if self._blank is None or self._blank[0] != key:
            self._blank = (key, Strip.blank(width, self._base_style()))
        return self._blank[1]

    def _row_strip(self, row: TableRow, cursor: bool, width: int) -> Strip:
        if row.clock_at is not self._now:
            row.clock, row.clock_at = self._clock_text(row), self._now
        clock = row.clock
        key = (clock, cursor, width, self._styles_seen)
        if row.strip is None or row.strip_key != key:
            self.row_renders += 1
            over = self.get_component_rich_style("calls-table--cursor") if cursor else Style.null()
            sides_key = key[1:]
            if row.sides is None or row.sides[0] != sides_key:
                # `_change_row` drops the sides when the cells change.
                row.sides = (sides_key, *self._sides(row.cells, over))
            _, before, after = row.sides
            clock_part = self._segments(self._clock_columns, {}, clock, over)
            row.strip = self._strip([*before, *clock_part, *after], over, width)
            row.strip_key = key
        return row.strip

    @property
    def _clock_columns(self) -> list[Column]:
        return [column for column in self.columns if column.key == "duration"]

    def _sides(
        self, cells: dict[str, Text | str], over: Style
    ) -> tuple[list[Segment], list[Segment]]:
        """The drawn cells before the clock's column and after it."""
        keys = [column.key for column in self.columns]
        at = keys.index("duration") if "duration" in keys else len(keys)
        before = self._segments(self.columns[:at], cells, "", over)
        after = self._segments(self.columns[at + 1 :], cells, "", over)
        return before, after

    def _line(self, cells: dict[str, Text | str], clock: str, over: Style, width: int) -> Strip:
        """One padded line of cells; `over` (cursor, header) is applied over the cell styles."""
        return self._strip(self._segments(self.columns, cells, clock, over), over, width)

    def _strip(self, segments: list[Segment], over: Style, width: int) -> Strip:
        base = self._base_style()
        return Strip(segments, self._width).crop_extend(0, width, base + over)

    def _segments(
        self, columns: Iterable[Column], cells: dict[str, Text | str], clock: str, over: Style
    ) -> list[Segment]:
        """`columns`' cells drawn, each padded to its width, with the base style and `over`
        applied over the cells' own (segment by segment, so parts drawn apart join up)."""
        segments: list[Segment] = []
        for column in columns:
            value = clock if column.key == "duration" else cells.get(column.key, "")
            segments.extend(self._cell(column, value))
        return list(Segment.apply_style(segments, self._base_style(), over))

    def _cell(self, column: Column, value: Text | str) -> list[Segment]:
        """One cell drawn (padded to its column, in its own style), kept by what it shows:
        a call's other cells, and the states, directions and clocks that every row shares,
        are not drawn again when one cell of a row changes."""
        key = (column.key, column.width, cell_key(value))
        kept = self._cells_drawn
        if kept is None or len(kept) >= CELLS_KEPT:
            kept = self._cells_drawn = {}
        segments = kept.get(key)
        if segments is None:
            console = self.app.console
            text = value.copy() if isinstance(value, Text) else Text(value)
            # The direction shrinks to its arrow when narrow; other cells say they were cut.
            overflow = "crop" if column.key == "dir" else "ellipsis"
            text.truncate(column.width, overflow=overflow, pad=True)
            text.pad(CELL_PADDING)
            # Text.render leaves a span-less text's own style to the caller.
            style = console.get_style(text.style) if text.style else None
            segments = kept[key] = list(Segment.apply_style(text.render(console), style))
        return segments

    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor's styles; a frame asks once per line.
        if self._base is None or self._base[0] != self._styles_seen:
            self._base = (self._styles_seen, self.rich_style)
        return self._base[1]

    def _restyle(self) -> None:
        self._styles_seen += 1
        self.refresh()
