"""The key bar: one docked line listing the keys that apply now, a cheap stand-in for `Footer`.

Textual's `Footer` recomposes (removes and mounts a dozen `FooterKey` widgets, then lays out
the whole screen) every time the screen's bindings change, and in calldeck they change each
time the selected call changes state. `KeyBar` shows the same information as a compact
`Footer` but is a single widget that draws a single line: when the bindings change it
recomputes its items and, only if they differ from what is shown, repaints itself. It never
recomposes and never asks for a layout.

What it shows, exactly as `Footer` decides it from `Screen.active_bindings`:

- bindings with `show=True`, one item per action (the first binding of the action);
- actions whose `check_action` returns `None` drawn dimmed (clicking them rings the bell);
- actions whose `check_action` returns `False` left out (`active_bindings` drops them);
- the command-palette key at the right edge, when the app enables the palette.

Binding groups are not drawn as groups (each grouped binding is an ordinary item): calldeck
has none, and `Footer`'s group layout would double the code for no use.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from tui.app.widgets.key_items import PINNED_ACTIONS, SEPARATOR, KeyItem, KeySpan, layout_keys

__all__ = ["PINNED_ACTIONS", "SEPARATOR", "KeyBar", "KeyItem", "KeySpan", "layout_keys"]


class KeyBar(Widget, can_focus=False):
    """One line at the bottom listing the keys that apply now, redrawn without layout.

    Public API: `items` (what the bindings call for), `spans` (what is drawn at the
    current width, and where), `item_at(x)`, `plain` (the drawn text) and
    `refresh_items()` (recompute now; normally driven by the screen's bindings signal).
    """

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
        "key-bar--hover",
        "key-bar--separator",
    }

    # The colours are Footer's theme variables (compact style), so a theme styles both alike.
    # `key-bar--disabled` contributes only its text style and `key-bar--hover` only its
    # background, laid over the key or description style (see `_part_style` for why).
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled {
            text-style: dim;
        }
        & > .key-bar--hover {
            background: $block-hover-background;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self,
        *,
        show_command_palette: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create the bar; `show_command_palette` as in `Footer` (the key at the right edge)."""
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.show_command_palette = show_command_palette
        """Show the command-palette key at the right edge (if the app enables the palette).

        Read when the items are recomputed: after changing it, call `refresh_items()`.
        """
        self._items: tuple[KeyItem, ...] = ()
        self._spans: tuple[KeySpan, ...] = ()
        self._spans_for: tuple[tuple[KeyItem, ...], int] = ((), 0)
        self._update_scheduled = False
        self._mouse_x: int | None = None
        # Keyed by everything the strip depends on; a theme or CSS change clears it
        # (notify_style_update), since the resolved styles are not part of the key.
        self._strip_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(16)

    # -- public ---------------------------------------------------------------------------

    @property
    def items(self) -> tuple[KeyItem, ...]:
        """The items the bindings call for, left ones first and the palette key (if any) last."""
        return self._items

    @property
    def spans(self) -> tuple[KeySpan, ...]:
        """The items drawn at the current width, with their cells; excludes those cut off."""
        width = self.size.width
        items_for, width_for = self._spans_for
        # Identity, not equality: `_items` is only replaced when the items really change.
        if items_for is not self._items or width_for != width:
            self._spans = layout_keys(self._items, width)
            self._spans_for = (self._items, width)
        return self._spans

    @property
    def plain(self) -> str:
        """The line as drawn, without styles."""
        return self.render_line(0).text

    def item_at(self, x: int) -> KeyItem | None:
        """The item drawn at cell `x` of the content, or None (a gap, or past the end)."""
        for span in self.spans:
            if span.start <= x < span.end:
                return span.item
        return None

    def refresh_items(self) -> bool:
        """Recompute the items from the screen's bindings; repaint (no layout) if they changed.

        Returns:
            True if the items changed.
        """
        self._update_scheduled = False
        if not self.is_attached:
            return False
        items = self._compute_items()
        # Tuples of frozen dataclasses: comparing is cheap next to even one repaint.
        if items == self._items:
            return False
        self._items = items
        self.refresh()
        return True

    # -- bindings -------------------------------------------------------------------------

    def _compute_items(self) -> tuple[KeyItem, ...]:
        """The items for the current bindings, decided exactly as `Footer.compose` does."""
        app = self.app
        active_bindings = self.screen.active_bindings
        items: list[KeyItem] = []
        seen_actions: set[str] = set()
        screen = self.screen
        # A screen may say what each key does now and why a dimmed one is dimmed (MainScreen
        # does, from the action table's gate); otherwise the binding's own texts are shown.
        label_for = getattr(screen, "binding_label", None)
        reason_for = getattr(screen, "binding_reason", None)
        for _node, binding, enabled, tooltip in active_bindings.values():
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            action, description = binding.action, binding.description
            if label_for is not None:
                description = label_for(action, description)
            if reason_for is not None:  # dimmed: why not; enabled: why it may fail
                tooltip = reason_for(action) or tooltip
            pinned = action.endswith(PINNED_ACTIONS)
            items.append(
                KeyItem.for_binding(
                    app,
                    binding,
                    enabled=enabled,
                    tooltip=tooltip,
                    description=description,
                    pinned=pinned,
                )
            )
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            active = active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if active is not None:
                binding = active.binding
                items.append(
                    KeyItem.for_binding(
                        app,
                        binding,
                        enabled=active.enabled,
                        tooltip=binding.tooltip or binding.description,
                        palette=True,
                    )
                )
        return tuple(items)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed: recompute once the current message is done.

        Subscribed as an immediate callback so that several publishes in one burst (a call
        changing state touches several reactives) cost one recompute, not one each. Unlike
        `Footer` this keeps updating while the terminal is not focused: calldeck sits beside
        the phone and the keys must be right when glanced at, and a repaint is cheap.
        """
        if screen is not self.screen or self._update_scheduled:
            return
        self._update_scheduled = True
        self.call_next(self.refresh_items)

    def on_mount(self) -> None:
        """Follow the screen's bindings; first fill once the screen's children are mounted."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed, immediate=True)
        # After the first refresh, so a screen's check_action can rely on its widgets.
        self.call_after_refresh(self.refresh_items)

    def on_unmount(self) -> None:
        """Stop following the screen's bindings."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    # -- rendering ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """CSS or theme changed: the cached strips hold the old colours."""
        super().notify_style_update()
        self._strip_cache.clear()

    def render_line(self, y: int) -> Strip:
        """Draw the line, from the cache when items, width, hover and base style are unchanged."""
        width = self.size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        spans = self.spans
        hover = self._hover_index(spans)
        cache_key = (self._items, width, hover, base)
        strip = self._strip_cache.get(cache_key)
        if strip is None:
            strip = self._draw(spans, width, hover, base)
            self._strip_cache.set(cache_key, strip)
        return strip

    def _part_style(self, part: str, item: KeyItem, hovered: bool) -> Style:
        """The style of one part of an item ("key" or "description") in its current state.

        Built by adding Rich styles rather than asking for several component classes at
        once: Textual resolves a multi-class component style from the last class alone, so
        the key's colour and bold would be lost. Hence `key-bar--disabled` contributes its
        text style only, and `key-bar--hover` its background only (blended over the bar).
        """
        style = self.get_component_rich_style(f"key-bar--{part}")
        if not item.enabled:
            style += self.get_component_rich_style("key-bar--disabled", partial=True)
        return self._hovered(style) if hovered else style

    def _hovered(self, style: Style) -> Style:
        """`style` on the hover background (`key-bar--hover`, blended over the bar)."""
        hover = self.get_component_rich_style("key-bar--hover")
        return style + Style.from_color(bgcolor=hover.bgcolor)

    def _draw(
        self, spans: tuple[KeySpan, ...], width: int, hover: int | None, base: Style
    ) -> Strip:
        """Build the strip for the given spans; gaps get the bar's background only, as in Footer."""
        gap = Style.from_color(bgcolor=base.bgcolor)
        segments: list[Segment] = []
        x = 0
        for index, (start, end, item) in enumerate(spans):
            if start > x:
                segments.append(Segment(" " * (start - x), gap))
            hovered = index == hover
            if item.palette:
                # Part of the palette item, as Footer's border is part of its FooterKey.
                separator = self.get_component_rich_style("key-bar--separator")
                if hovered:
                    separator = self._hovered(separator)
                segments.append(Segment(SEPARATOR, separator))
            segments.append(Segment(item.key_display, self._part_style("key", item, hovered)))
            if item.description:
                segments.append(
                    Segment(
                        f" {item.description}",
                        self._part_style("description", item, hovered),
                    )
                )
            x = end
        if x < width:
            segments.append(Segment(" " * (width - x), gap))
        return Strip(segments, width)

    # -- mouse ----------------------------------------------------------------------------

    def _hover_index(self, spans: tuple[KeySpan, ...]) -> int | None:
        """Index in `spans` of the item under the mouse, or None."""
        if self._mouse_x is None:
            return None
        for index, span in enumerate(spans):
            if span.start <= self._mouse_x < span.end:
                return index
        return None

    def _set_mouse_x(self, x: int | None) -> None:
        """Track the pointer; repaint (and switch tooltip) only if the hovered item changes."""
        spans = self.spans
        before = self._hover_index(spans)
        self._mouse_x = x
        after = self._hover_index(spans)
        if after != before:
            tooltip = spans[after].item.tooltip if after is not None else ""
            self.tooltip = tooltip or None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the item under the pointer."""
        offset = event.get_content_offset(self)
        self._set_mouse_x(None if offset is None else offset.x)

    def on_leave(self, event: events.Leave) -> None:
        """Drop the highlight when the pointer leaves the bar."""
        self._set_mouse_x(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Press the clicked item's key, as `FooterKey` does; a disabled item rings the bell."""
        offset = event.get_content_offset(self)
        item = None if offset is None else self.item_at(offset.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
