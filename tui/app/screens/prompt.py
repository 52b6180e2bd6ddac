"""A Screen that puts changes on the terminal promptly, and raw output for the terminal: the
one place calldeck reaches into Textual's private names (Textual is pinned `<8.3`;
`tests/app/test_painting.py` fails if these hooks change, and
`tests/app/test_textual_private.py` if private names are used anywhere else).

Textual paints a changed widget after three hops: the widget's idle posts `Update` to its
screen, the screen's idle resumes its paint timer, and the timer paints on its 1/60 s grid.
For a ringing call the grid alone was up to 17 ms, and the hops about 1 ms of the ~3 ms
from notification to frame (bench/README.md). So:

- the paint timer runs at `FRAME_PERIOD_S` instead of 1/60 s;
- `paint_now()` paints what a handler just changed, within that handler.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

# Shortest time between two timer paints. Our frames repaint a line or two (about 1 ms),
# so paint as soon as a change is made and let each frame's own cost pace a burst.
FRAME_PERIOD_S = 1 / 1000


class PromptScreen(Screen):
    """A Screen with a fast paint timer and `paint_now()`."""

    _paint_timer: Timer | None = None

    @property
    def _update_timer(self) -> Timer:
        # Overrides Screen's private paint timer (created the same way, at our period).
        if self._paint_timer is None:
            self._paint_timer = self.set_interval(
                FRAME_PERIOD_S, self._on_timer_update, name="screen_update", pause=True
            )
        return self._paint_timer

    def paint_now(self, widgets: Iterable[Widget]) -> None:
        """Paint the regions these widgets have marked for repaint, now.

        The same work the paint timer does, minus the hops. A widget's later `Update`
        finds nothing left to repaint, so nothing is painted twice. Layout changes still
        go the usual way (the `Layout` message), and paint on the next timer frame.
        """
        dirty = [widget for widget in widgets if widget._repaint_regions]
        if not dirty or not self.is_current:
            return
        self._dirty_widgets.update(dirty)
        self._on_timer_update()


def write_to_terminal(app: App, sequence: str) -> None:
    """Write an escape sequence straight to the terminal (a desktop notification, say).

    Textual has no public API for raw output; this writes through the driver, as
    `App.bell` and `App.copy_to_clipboard` do. Headless (tests, the bench) it writes nothing.
    """
    driver = app._driver
    if driver is not None and not app.is_headless:
        driver.write(sequence)
