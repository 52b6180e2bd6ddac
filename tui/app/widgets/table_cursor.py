"""Moving the calls table's cursor: keys, paging, keeping the cursor's row in view.

A mixin for `CallsTable` (which owns `_cursor`, `_cursor_sid`, `_order` and the
`CursorMoved` message); kept apart so the widget module stays about drawing rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from textual.geometry import Region, Size

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Base = ScrollView
else:
    _Base = object


class Window(NamedTuple):
    """The table's geometry as Textual last laid it out."""

    size: Size  # the outer size Textual gave the widget, which the rest was worked out for
    container: Size  # and its size less padding and border then
    rows: int  # rows that fit under the header (at least one)
    width: int  # the content's width, a vertical scrollbar's included
    lines_width: int  # the lines' width: the content's less a vertical scrollbar
    height: int  # the container's height, which the rows' height is compared with
    scrollbar: bool  # whether the vertical scrollbar shows


class TableCursor(_Base):
    """Cursor movement over the rows in `_order` (session ids, top to bottom)."""

    _cursor: int
    _cursor_sid: str | None
    _order: list[str]
    _width: int  # the columns' width
    CursorMoved: Any

    # Worked out from Textual's properties (each a chain of reactives and styles: ~0.1 ms
    # an event on a process woken by it, a few microseconds warm) only when the size, the
    # scrollbars or the CSS change, not at every event.
    _window: Window | None = None
    # The first row in view (the scroll offset), kept by `watch_scroll_y`: Textual moves a
    # widget's scroll without its watcher only when anchored or told `set_scroll`, and
    # nothing does either to the calls table.
    _top = 0

    def window(self) -> Window:
        """The geometry for the sizes Textual gave the widget (worked out once per layout)."""
        size, container = self.outer_size, self.container_size
        window = self._window
        if window is None or window.size != size or window.container != container:
            gutter, own_gutter = self.gutter, self.styles.gutter
            window = self._window = Window(
                size,
                container,
                max(1, size.height - gutter.height - 1),
                max(0, size.width - own_gutter.width),
                max(0, size.width - gutter.width),
                container.height,
                self.show_vertical_scrollbar,
            )
        return window

    def forget_window(self) -> None:
        """The scrollbars or the CSS changed: work the geometry out again when next asked."""
        self._window = None

    def watch_show_vertical_scrollbar(self) -> None:
        self.forget_window()

    def watch_show_horizontal_scrollbar(self) -> None:
        self.forget_window()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._top = round(new_value)  # `scroll_offset.y`

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
        top = self._top
        shown = self._page_rows()
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + shown:
            self.scroll_to(y=self._cursor - shown + 1, animate=False)

    def _page_rows(self) -> int:
        """Rows that fit under the header (at least one)."""
        return self.window().rows

    def _visible_rows(self) -> tuple[int, int]:
        top = self._top
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
        top = self._top
        width = max(self._width, self.window().width)
        self.refresh(*[Region(0, first + 1 - top, width, count) for first, count in spans])
