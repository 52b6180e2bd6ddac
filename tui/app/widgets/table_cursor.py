"""Moving the calls table's cursor: keys, paging, keeping the cursor's row in view.

A mixin for `CallsTable` (which owns `_cursor`, `_cursor_sid`, `_order` and the
`CursorMoved` message); kept apart so the widget module stays about drawing rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.geometry import Region

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Base = ScrollView
else:
    _Base = object


class TableCursor(_Base):
    """Cursor movement over the rows in `_order` (session ids, top to bottom)."""

    _cursor: int
    _cursor_sid: str | None
    _order: list[str]
    CursorMoved: Any

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor - 1)

    def action_page_down(self) -> None:
        self._move_cursor(self._cursor + self._page_rows())

    def action_page_up(self) -> None:
        self._move_cursor(self._cursor - self._page_rows())

    def action_cursor_first(self) -> None:
        self._move_cursor(0)

    def action_cursor_last(self) -> None:
        self._move_cursor(len(self._order) - 1)

    def _move_cursor(self, index: int, *, force: bool = False) -> None:
        old_index, old_sid = self._cursor, self._cursor_sid
        index = max(0, min(index, len(self._order) - 1))
        self._cursor = index
        self._cursor_sid = self._order[index] if self._order else None
        if not force and index != old_index:
            self._refresh_row(old_index)
            self._refresh_row(index)
        self._scroll_to_cursor()
        if self._cursor_sid != old_sid:
            self.post_message(self.CursorMoved(self._cursor_sid))

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_offset.y)
        shown = self._page_rows()
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + shown:
            self.scroll_to(y=self._cursor - shown + 1, animate=False)

    def _page_rows(self) -> int:
        """Rows that fit under the header (at least one)."""
        # `scrollable_content_region.height`, from the size Textual gave the widget at its
        # last layout rather than its region (looked up through the screen: ~40 us a read
        # after the process slept between events, and an event read it ~13 times).
        return max(1, self.outer_size.height - self.gutter.height - 1)

    def _content_width(self) -> int:
        return max(0, self.outer_size.width - self.styles.gutter.width)  # `size.width`

    def _visible_rows(self) -> tuple[int, int]:
        top = round(self.scroll_offset.y)
        return top, min(len(self._order), top + self._page_rows())

    def _refresh_row(self, index: int) -> None:
        first, last = self._visible_rows()
        if first <= index < last:
            self._repaint_rows([(index, 1)])

    def _repaint_rows(self, spans: list[tuple[int, int]]) -> None:
        """Repaint rows given as (first index, count), in one refresh (each posts a message).

        As `ScrollView.refresh_lines`, with line 0 the header and the width the wider of
        the columns' and the content's.
        """
        if not spans:
            return
        top = round(self.scroll_offset.y)
        width = max(self.virtual_size.width, self._content_width())
        self.refresh(*[Region(0, first + 1 - top, width, count) for first, count in spans])
