"""A Line API widget's own strips straight to the compositor when its CSS adds nothing to them.

Textual's `Widget.render_lines` passes each line through the widget's styles cache, which
caches by row number. When a call's row moves (a ringing call answered joins the active
ones, a call ends), every row between moves too, and each re-runs the CSS pipeline at its
new row: borders, padding, tint and opacity checks, a new `Strip`, then the app's line
filters over that new strip's segments, although its content is the very strip the widget
drew a moment before one row up (measured: most of a frame's cost after an event).

For a widget whose CSS adds nothing to its lines but padding at their sides (no border,
outline, padding above or below, hatch, tint, opacity or text opacity) that pipeline
returns the content line fitted to the width between the padding's blank cells, which is
what `PlainLines.render_lines` returns, so a moved row is the same `Strip` object and its
filtered copy comes from the strip's own cache (a padded line's too, kept per line drawn).
Any other widget, or this one styled otherwise, goes through Textual's pipeline as before. `tests/app/test_painting.py` checks
that the cells painted are exactly those of Textual's own rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.strip import Strip
from textual.style import Style as TextualStyle

from tui.app.screens.prompt import styles_key

if TYPE_CHECKING:
    from rich.style import Style as RichStyle
    from textual.color import Color
    from textual.geometry import Region
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object


PADDED_LINES_KEPT = 128
"""Padded lines kept per widget, so a line drawn again keeps its filtered copy."""


def adds_nothing(widget: Widget) -> bool:
    """True if the widget's CSS leaves its content lines as they are (but for the width and
    the padding at their sides)."""
    return _plain_styles(widget) and not _hover_link(widget)


def _plain_styles(widget: Widget) -> bool:
    styles = widget.styles
    top, right, bottom, left = styles.padding
    return not (
        any(edge for edge, _ in styles.border)
        or any(edge for edge, _ in styles.outline)
        or top
        or bottom
        or styles.has_rule("hatch")
        or styles.tint.a
        or styles.text_opacity != 1.0
        or widget.opacity != 1.0
        or widget.BLANK
        or widget.content_region.width != widget.region.width - left - right
    )


def _hover_link(widget: Widget) -> bool:
    # Not in the styles: the mouse over a link changes it.
    return bool(widget.auto_links and widget.hover_style.link_id)


@dataclass(frozen=True, slots=True)
class _Look:
    """What a frame needs from the widget's styles, worked out once while they stay."""

    key: tuple[object, ...]
    width: int
    plain: bool
    pad: RichStyle  # what Textual pads a short line with
    background: Color
    left: int
    right: int


class PlainLines(_Base):
    """Mixin for Line API widgets that cache their strips: bypass the styles cache if plain."""

    _padded_lines: dict[int, tuple[Strip, RichStyle, Strip]] | None = None
    _plain_look: _Look | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self._look()
        if not look.plain or _hover_link(self):
            return super().render_lines(crop)
        pad, background, left, right = look.pad, look.background, look.left, look.right
        width = look.width
        filters = self.get_line_filters()
        strips: list[Strip] = []
        for y in crop.line_range:
            strip = self.render_line(y).adjust_cell_length(width - left - right, pad)
            if left or right:
                strip = self._padded(strip, left, right, pad, width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _look(self) -> _Look:
        # Working these out walks the styles of the widget and every ancestor (a fifth of a
        # frame); Textual's own key of those styles says when they may have changed.
        key = styles_key(self)
        look = self._plain_look
        if look is None or look.key != key:
            base_background, background = self.background_colors
            _, right, _, left = self.styles.padding
            # The widget's background over its parent's, as Textual pads a short line.
            pad = TextualStyle(background=base_background + background).rich_style
            width = self.region.width
            look = _Look(key, width, _plain_styles(self), pad, background, left, right)
            self._plain_look = look
        return look

    def _padded(self, strip: Strip, left: int, right: int, pad: RichStyle, width: int) -> Strip:
        """`strip` between the padding's blank cells: the same object for the same strip, so
        its filtered copy is kept too."""
        kept_lines = self._padded_lines
        if kept_lines is None or len(kept_lines) >= PADDED_LINES_KEPT:
            kept_lines = self._padded_lines = {}
        kept = kept_lines.get(id(strip))
        if kept is not None and kept[0] is strip and kept[1] == pad:
            return kept[2]
        # As Textual's styles cache pads a line: blank cells in the widget's background.
        segments = [Segment(" " * left, pad), *strip, Segment(" " * right, pad)]
        padded = Strip([segment for segment in segments if segment.text], width)
        kept_lines[id(strip)] = (strip, pad, padded)  # the strip kept: its id stays its own
        return padded
