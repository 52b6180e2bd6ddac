"""What the key bar draws: one item per key that applies now, and where each goes.

`KeyItem` is an item (built from a Textual `Binding`), `layout_keys` places items on a line
of a given width (the palette key at the right edge, help pinned). Kept apart from the
`KeyBar` widget, which decides the items from the screen's bindings and paints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding

PINNED_ACTIONS = ("app_help",)
"""Actions whose key is drawn however narrow the bar: help reaches every other key."""

SEPARATOR = "▏"
"""Drawn left of the palette key, like the `vkey` border of `Footer`'s palette key."""


@dataclass(frozen=True, slots=True)
class KeyItem:
    """One key in the bar: what is drawn and what a click on it does."""

    key: str
    """The key a click simulates (`Binding.key`)."""
    key_display: str
    """The key as drawn, from `App.get_key_display` (so keymap overrides show)."""
    description: str
    """The label drawn after the key (`Binding.description`); may be empty."""
    action: str
    """The action the binding runs (`Binding.action`)."""
    enabled: bool = True
    """False when `check_action` returned `None`: drawn dimmed, a click rings the bell."""
    tooltip: str = ""
    """Shown when the mouse rests on the item; empty for none."""
    palette: bool = False
    """True for the command-palette key, which is drawn at the right edge."""
    pinned: bool = False
    """Always drawn (help, which lists every key): placed before any item that would push
    it off a narrow bar."""

    @classmethod
    def for_binding(
        cls,
        app: App,
        binding: Binding,
        *,
        enabled: bool,
        tooltip: str,
        palette: bool = False,
        description: str | None = None,
        pinned: bool = False,
    ) -> KeyItem:
        """The item drawn for one active binding (`description`: other than the binding's)."""
        return cls(
            key=binding.key,
            key_display=app.get_key_display(binding),
            description=binding.description if description is None else description,
            action=binding.action,
            enabled=enabled,
            tooltip=tooltip,
            palette=palette,
            pinned=pinned,
        )

    @property
    def width(self) -> int:
        """Cells the item takes: the key, then a space and the description if there is one."""
        if self.description:
            return cell_len(self.key_display) + 1 + cell_len(self.description)
        return cell_len(self.key_display)


class KeySpan(NamedTuple):
    """Where a drawn item sits on the line: cells `start` (inclusive) to `end` (exclusive).

    The palette item's span starts at its separator, which (as in `Footer`, where the
    separator is the key widget's border) is part of it for clicks and hover.
    """

    start: int
    end: int
    item: KeyItem


def layout_keys(items: Iterable[KeyItem], width: int) -> tuple[KeySpan, ...]:
    """Place the items on a line `width` cells wide; returns the spans of those that fit.

    Ordinary items go left to right, one space apart, and stop at the first one that does
    not fit whole (a key is never cut). The palette item is docked at the right edge, after
    a separator and followed by one space as in `Footer`; it is placed first, so it stays
    visible as long as it fits at all, because it reaches every action. The last ordinary
    item keeps its one space before the separator. Pinned items (help) come last on the
    left but are placed before anything that would push them off: they list every key.
    """
    items = tuple(items)
    spans: list[KeySpan] = []
    right = width
    palette = next((item for item in items if item.palette), None)
    if palette is not None:
        # Separator, the item, then the trailing space Footer's compact margin leaves.
        block = 1 + palette.width + 1
        if block <= width:
            separator = width - block
            spans.append(KeySpan(separator, separator + 1 + palette.width, palette))
            right = separator - 1
    pinned = [item for item in items if item.pinned and not item.palette]
    # Room the pinned items need at the end of the left run (each plus its space).
    reserve = sum(item.width + 1 for item in pinned)
    x = 0
    left: list[KeySpan] = []
    for item in items:
        if item.palette or item.pinned:
            continue
        end = x + item.width
        if end > right - reserve:
            break
        left.append(KeySpan(x, end, item))
        x = end + 1
    for item in pinned:
        end = x + item.width
        if end > right:
            break
        left.append(KeySpan(x, end, item))
        x = end + 1
    return (*left, *spans)
