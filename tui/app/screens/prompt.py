"""A Screen that puts changes on the terminal promptly, and raw output for the terminal: the
one place calldeck reaches into Textual's private names (Textual is pinned `<8.3`;
`tests/app/test_painting.py` fails if these hooks change, and
`tests/app/test_textual_private.py` if private names are used anywhere else).

Textual paints a changed widget after three hops: the widget's idle posts `Update` to its
screen, the screen's idle resumes its paint timer, and the timer paints on its 1/60 s grid.
For a ringing call the grid alone was up to 17 ms, and the hops about 1 ms of the ~3 ms
from notification to frame (bench/README.md). So:

- the paint timer runs at `FRAME_PERIOD_S` instead of 1/60 s;
- `paint_now()` paints what a handler just changed, within that handler;
- `painting()` lets a handler's changes to its widgets mark them for that paint and nothing
  else (a `refresh` would also send the screen an `Update` for a frame that has nothing left
  to paint once `paint_now` has run);
- a frame renders only the widgets that overlap what changed and are not hidden behind
  others, and of each only the lines that changed (`UpdateCompositor`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Self

from textual._compositor import ChopsUpdate, Compositor
from textual.app import App
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

# Shortest time between two timer paints. Our frames repaint a line or two (about 1 ms),
# so paint as soon as a change is made and let each frame's own cost pace a burst.
FRAME_PERIOD_S = 1 / 1000


class UpdateCompositor(Compositor):
    """Renders, for a partial update, only the widgets whose visible area it overlaps.

    Textual's compositor asks every widget whose *clip* (its container's area: for the
    main screen's widgets, the whole screen) overlaps the update to render all of its
    lines, then keeps those of the changed lines. So a changed row of the calls table also
    re-renders the key bar and the details pane from their caches: a quarter of a frame's
    cost. A widget that does not overlap the update has no cell on any changed line, so
    leaving it out changes nothing on the terminal (`tests/app/test_painting.py`).

    And each widget it does render is asked for every one of its lines, of which the frame
    keeps the changed ones: a changed row made the calls table draw all its lines (33 at
    140x40, most from its cache) and the screen its 40. Here a widget draws only the lines
    of the update's rows, as Textual already does for a widget its container half hides.
    """

    def render_partial_update(self) -> ChopsUpdate | None:
        if not self._dirty_regions:
            return None
        regions = list(self._dirty_regions)
        self._dirty_regions.clear()
        changed = Region.from_union(regions).intersection(self.size.region)
        spans = list(self._regions_to_spans(regions))
        lines = {y for y, _, _ in spans}
        # Every visible widget's edges, worked out (and kept) before the others are left out.
        cuts = self.cuts
        everything = self.visible_widgets
        overlapping = {
            widget: (region, clip)
            for widget, (region, clip) in everything.items()
            if changed.overlaps(region.intersection(clip))
        }
        self._visible_widgets = overlapping
        try:
            chops = self._chops(changed, lines, cuts)
        finally:
            if self._visible_widgets is overlapping:  # not invalidated meanwhile
                self._visible_widgets = everything
        # `ChopsUpdate` reads only the lines of its spans, so only they are worked out
        # (Textual's compositor fills both for every line of the screen, at every frame).
        return ChopsUpdate(chops, spans, {y: cuts[y][1:] for y in lines})  # type: ignore[arg-type]

    def _chops(
        self, crop: Region, lines: set[int], cuts: list[list[int]]
    ) -> dict[int, dict[int, Strip | None]]:
        """For each line painted, the piece of it between each widget edge and the next,
        from the front-most widget drawn there (renders come front first)."""
        chops = {y: dict.fromkeys(cuts[y][:-1]) for y in lines}
        for region, clip, strips in self._get_renders(crop):
            drawn = region.intersection(clip)
            left, right = drawn.column_span
            for y, strip in zip(drawn.line_range, strips, strict=False):
                pieces = chops.get(y)
                if pieces is None:
                    continue
                edges = [cut for cut in cuts[y] if left <= cut <= right]
                divided = strip.divide([cut - left for cut in edges[1:]])
                for cut, piece in zip(edges, divided, strict=False):  # the last edge ends one
                    if pieces.get(cut) is None:
                        pieces[cut] = piece
        return chops

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        front: list[Region] = []  # what the widgets drawn so far (front first) cover
        for widget, (region, clip) in self.visible_widgets.items():
            if not crop.overlaps(clip):
                continue
            # The clip narrowed to the update's rows: Textual's compositor zips a render with
            # the lines of region ∩ clip, so the strips and the lines still pair up.
            rows = clip.intersection(Region(clip.x, crop.y, clip.width, crop.height))
            drawn = region.intersection(rows)
            x, y, width, height = drawn
            if not (width and height) or hidden(drawn, front):
                # Behind widgets in front on every cell (the screen behind the calls table and
                # the status line): the compositor would keep none of its cells.
                continue
            front.append(drawn)
            lines = Region(x - region.x, y - region.y, width, height)
            yield region, rows, widget.render_lines(lines)


def hidden(area: Region, front: list[Region]) -> bool:
    """True if every cell of `area` lies in one of the `front` regions.

    Checked band by band: between two edges (top or bottom) of the front regions every row
    is covered alike, so each band's row is checked once (the screen behind a 30-line
    table and the status line is three bands, not 30 rows).
    """
    edges = {area.y, area.bottom}
    for region in front:
        edges.update(edge for edge in (region.y, region.bottom) if area.y < edge < area.bottom)
    for y in sorted(edges)[:-1]:
        spans = sorted((r.x, r.right) for r in front if r.y <= y < r.bottom)
        reached = area.x
        for start, end in spans:
            if start > reached:
                break
            reached = max(reached, end)
        if reached < area.right:
            return False
    return True


class PromptScreen(Screen):
    """A Screen with a fast paint timer, `paint_now()` and an `UpdateCompositor`."""

    _paint_timer: Timer | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = UpdateCompositor()

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

    @contextmanager
    def painting(self, widgets: list[PaintedByHandler]) -> Iterator[None]:
        """Changes made to `widgets` inside the block are painted when it ends, in this
        handler, without each change's round trip through the widget's and screen's idle.
        What `paint_now` cannot paint (the screen is not on top) is refreshed as usual."""
        for widget in widgets:
            widget.painted_by_handler = True
        try:
            yield
        finally:
            for widget in widgets:
                widget.painted_by_handler = False
        self.paint_now(widgets)  # type: ignore[arg-type]
        for widget in widgets:
            if widget._repaint_regions:  # type: ignore[attr-defined]
                widget.refresh()  # not painted (a dialog on top, say): the usual way


class PaintedByHandler:
    """Mixin for a widget whose changes a `PromptScreen` may paint in the handler making them.

    Textual's `refresh` marks what to repaint and prompts the widget's idle, which sends
    the screen an `Update`, which resumes its paint timer: two messages, three task
    switches and a timer a change, run after `paint_now` has painted it, to find nothing
    left. Inside `PromptScreen.painting` a repaint only marks the regions.
    """

    painted_by_handler = False

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self.painted_by_handler and repaint and not (layout or recompose):
            self._set_dirty(*regions)  # type: ignore[attr-defined]
            return self
        return super().refresh(  # type: ignore[misc]
            *regions, repaint=repaint, layout=layout, recompose=recompose
        )


def styles_key(widget: Widget) -> tuple[object, ...]:
    """A key that changes whenever what Textual's styles pipeline reads for `widget`'s lines
    may have: its region, and the styles of it and every ancestor (each node's own styles
    key, which Textual's caches use: any rule set, cleared or re-applied, by CSS, a theme,
    a pseudo-class or an animation, moves it). The content region is the region less the
    widget's own padding and border, so the two say it."""
    return (widget.region, *[node.styles._cache_key for node in widget.ancestors_with_self])


def write_to_terminal(app: App, sequence: str) -> None:
    """Write an escape sequence straight to the terminal (a desktop notification, say).

    Textual has no public API for raw output; this writes through the driver, as
    `App.bell` and `App.copy_to_clipboard` do. Headless (tests, the bench) it writes nothing.
    """
    driver = app._driver
    if driver is not None and not app.is_headless:
        driver.write(sequence)
