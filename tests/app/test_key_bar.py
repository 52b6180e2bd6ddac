"""KeyBar: Footer's information on one line, updated by repainting, never by recompose or layout.

A tiny app (not calldeck) whose screen has a few bindings and a `check_action` the tests
flip between True (shown), None (shown dimmed) and False (hidden).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label

from tui.app.widgets.key_bar import KeyBar, KeyItem, layout_keys

PAUSES = 50
"""How many message-queue drains `settle` allows before failing (no timed sleeps)."""


class KeysScreen(Screen[None]):
    """A screen with four shown bindings, one hidden one, and a switchable `check_action`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "hold", "hold", tooltip="Hold the call"),
        Binding("m", "mute", "mute"),
        Binding("x", "reject", "reject"),
        Binding("ctrl+d", "drop", "drop"),
        Binding("j", "down", "down", show=False),
    ]

    def __init__(self, bar: Widget) -> None:
        super().__init__()
        self.bar = bar
        """The key bar under test (or a stock Footer, for the control test)."""
        self.states: dict[str, bool | None] = {"mute": None, "reject": False}
        """What check_action answers per action; missing actions are enabled."""
        self.ran: list[str] = []
        """Actions that actually ran, in order."""

    def compose(self) -> ComposeResult:
        yield Label("calls would be here")
        yield self.bar

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.states.get(action, True)

    def action_hold(self) -> None:
        self.ran.append("hold")

    def action_mute(self) -> None:
        self.ran.append("mute")

    def action_reject(self) -> None:
        self.ran.append("reject")

    def action_drop(self) -> None:
        self.ran.append("drop")

    def action_down(self) -> None:
        self.ran.append("down")


class KeysApp(App[None]):
    """Shows one `KeysScreen` holding the given bar."""

    def __init__(self, bar: Widget | None = None) -> None:
        super().__init__()
        self.keys_screen = KeysScreen(bar if bar is not None else KeyBar())
        self.bells = 0
        """How many times the bell rang (a click on a disabled item rings it)."""

    def get_default_screen(self) -> Screen[Any]:
        return self.keys_screen

    def bell(self) -> None:
        self.bells += 1


async def settle(pilot: Pilot[None], condition: Callable[[], object], what: str) -> None:
    """Drain the app's queues until `condition()` holds; fail after `PAUSES` rounds."""
    for _ in range(PAUSES):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def filled_bar(pilot: Pilot[None]) -> KeyBar:
    """The app's key bar once it has shown its first items."""
    bar = pilot.app.query_one(KeyBar)
    await settle(pilot, lambda: bar.items, "the first fill")
    return bar


def shown(bar: KeyBar) -> list[tuple[str, str, bool]]:
    """(key as drawn, description, enabled) of every drawn item, left to right."""
    return [(s.item.key_display, s.item.description, s.item.enabled) for s in bar.spans]


def span_of(bar: KeyBar, description: str) -> tuple[int, int]:
    """Cells of the drawn item with this description."""
    for span in bar.spans:
        if span.item.description == description:
            return span.start, span.end
    raise AssertionError(f"{description!r} is not drawn: {bar.plain!r}")


def style_at(bar: KeyBar, x: int) -> Any:
    """The Rich style the bar draws at cell `x`."""
    cell = 0
    for segment in bar.render_line(0):
        if cell <= x < cell + len(segment.text):
            return segment.style
        cell += len(segment.text)
    raise AssertionError(f"no cell {x}")


def widgets_under(screen: Screen[Any]) -> list[Widget]:
    """Every widget under the screen, in DOM order (tooltip layer included)."""
    return list(screen.walk_children(Widget))


@pytest.fixture
def bar_refreshes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Record the keyword arguments of every `KeyBar.refresh` call."""
    calls: list[dict[str, Any]] = []
    original = KeyBar.refresh

    def spy(self: KeyBar, *regions: Any, **kwargs: Any) -> KeyBar:
        calls.append(kwargs)
        return original(self, *regions, **kwargs)

    monkeypatch.setattr(KeyBar, "refresh", spy)
    yield calls


def count_layouts(app: App[Any], screen: Screen[Any]) -> list[Screen[Any]]:
    """Start counting the screen's layout refreshes (its public layout-refresh signal)."""
    layouts: list[Screen[Any]] = []
    screen.screen_layout_refresh_signal.subscribe(app, layouts.append, immediate=True)
    return layouts


# -- what is shown ----------------------------------------------------------------------


async def test_shows_enabled_dims_none_and_hides_false() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = await filled_bar(pilot)

        assert shown(bar) == [
            ("h", "hold", True),
            ("m", "mute", False),  # check_action None: shown, disabled
            ("^d", "drop", True),  # reject (False) and down (show=False) are absent
            ("^p", "palette", True),  # the command palette key, at the right edge
        ]
        assert bar.plain == "h hold m mute ^d drop".ljust(48) + "▏^p palette "
        assert bar.spans[-1].item.palette and bar.spans[-1].end == 59

        # Dimmed through the text style, like FooterKey.-disabled; enabled keys are bold.
        mute, hold = span_of(bar, "mute")[0], span_of(bar, "hold")[0]
        assert style_at(bar, mute).dim and style_at(bar, mute + 2).dim
        assert not style_at(bar, hold).dim and style_at(bar, hold).bold

        # The item keeps what a click needs: the key to simulate and the tooltip.
        assert bar.items[0] == KeyItem(
            key="h", key_display="h", description="hold", action="hold", tooltip="Hold the call"
        )


async def test_unchanged_repaint_reuses_the_strip() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = await filled_bar(pilot)
        assert bar.render_line(0) is bar.render_line(0)


# -- updates: repaint only --------------------------------------------------------------


async def test_changed_bindings_repaint_without_recompose_or_layout(
    bar_refreshes: list[dict[str, Any]],
) -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        screen = app.keys_screen
        bar = await filled_bar(pilot)
        await pilot.pause()
        widgets = widgets_under(screen)
        layouts = count_layouts(app, screen)
        bar_refreshes.clear()

        # The selected call changes state: mute applies now, hold no longer, reject greys.
        screen.states = {"hold": False, "reject": None}
        screen.refresh_bindings()
        await settle(pilot, lambda: "reject" in bar.plain, "the new keys")
        await pilot.pause()

        assert shown(bar) == [
            ("m", "mute", True),
            ("x", "reject", False),
            ("^d", "drop", True),
            ("^p", "palette", True),
        ]
        assert bar.plain.startswith("m mute x reject ^d drop ")
        assert widgets_under(screen) == widgets  # the same widgets: nothing was recomposed
        assert layouts == []  # and the screen was not laid out again
        assert bar_refreshes == [{}]  # one plain repaint: no layout=True, no recompose=True


async def test_unchanged_bindings_do_not_repaint(bar_refreshes: list[dict[str, Any]]) -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        screen = app.keys_screen
        await filled_bar(pilot)
        await pilot.pause()
        bar_refreshes.clear()

        # A burst of publishes with nothing different: one recompute, no repaint.
        for _ in range(5):
            screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert bar_refreshes == []


async def test_stock_footer_fails_the_same_observables() -> None:
    """Control: the observables above do catch Footer's recompose and layout."""
    app = KeysApp(Footer(compact=True))
    async with app.run_test(size=(60, 5)) as pilot:
        screen = app.keys_screen

        def footer_keys() -> set[str]:
            return {str(getattr(key, "description", "")) for key in app.query("FooterKey")}

        await settle(pilot, lambda: "hold" in footer_keys(), "the footer's first fill")
        await pilot.pause()
        widgets = widgets_under(screen)
        layouts = count_layouts(app, screen)

        screen.states = {"hold": False, "reject": None}
        screen.refresh_bindings()
        await settle(pilot, lambda: "reject" in footer_keys(), "the footer's new keys")
        await pilot.pause()

        assert widgets_under(screen) != widgets
        assert layouts


# -- mouse ------------------------------------------------------------------------------


async def test_click_runs_enabled_items_and_rings_for_disabled_ones() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        screen = app.keys_screen
        bar = await filled_bar(pilot)

        start, end = span_of(bar, "hold")
        await pilot.click(KeyBar, offset=(end - 1, 0))  # on the description counts too
        await settle(pilot, lambda: screen.ran == ["hold"], "hold to run")

        start, _end = span_of(bar, "drop")
        await pilot.click(KeyBar, offset=(start, 0))
        await settle(pilot, lambda: screen.ran == ["hold", "drop"], "drop to run")

        start, _end = span_of(bar, "mute")  # disabled: check_action says None
        await pilot.click(KeyBar, offset=(start, 0))
        await settle(pilot, lambda: app.bells == 1, "the bell")
        await pilot.pause()
        assert screen.ran == ["hold", "drop"]

        await pilot.click(KeyBar, offset=(30, 0))  # a gap: nothing at all
        await pilot.pause()
        assert screen.ran == ["hold", "drop"] and app.bells == 1


async def test_click_on_the_palette_key_opens_the_palette() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = await filled_bar(pilot)
        start, _end = span_of(bar, "palette")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")


async def test_hover_highlights_the_item_and_sets_its_tooltip() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = await filled_bar(pilot)
        hold, _end = span_of(bar, "hold")
        drop, _end = span_of(bar, "drop")
        plain_bg = style_at(bar, hold).bgcolor

        await pilot.hover(KeyBar, offset=(hold, 0))
        await settle(pilot, lambda: style_at(bar, hold).bgcolor != plain_bg, "the highlight")
        assert style_at(bar, drop).bgcolor == plain_bg
        assert bar.tooltip == "Hold the call"

        await pilot.hover(KeyBar, offset=(drop, 0))
        await settle(pilot, lambda: style_at(bar, hold).bgcolor == plain_bg, "the move")
        assert style_at(bar, drop).bgcolor != plain_bg
        assert bar.tooltip is None  # drop has no tooltip


# -- width ------------------------------------------------------------------------------


async def test_narrow_width_cuts_at_an_item_boundary_and_keeps_the_palette() -> None:
    app = KeysApp()
    app.keys_screen.states = {}  # all four enabled: "h hold m mute x reject ^d drop"
    async with app.run_test(size=(30, 5)) as pilot:
        bar = await filled_bar(pilot)
        # 18 cells left of "▏^p palette ", 17 before its space: "x reject" would end at 22.
        assert bar.plain == "h hold m mute".ljust(18) + "▏^p palette "
        assert [s.item.description for s in bar.spans] == ["hold", "mute", "palette"]
        assert len(bar.items) == 5  # nothing was lost, only not drawn

        await pilot.resize_terminal(10, 5)  # too narrow for the palette key: it goes first
        await settle(pilot, lambda: bar.size.width == 10, "the resize")
        assert bar.plain == "h hold".ljust(10)

        # "h hold m mute x reject ^d drop" is 30 cells; one space, then "▏^p palette ".
        await pilot.resize_terminal(42, 5)
        await settle(pilot, lambda: bar.size.width == 42, "the resize")
        assert bar.plain == "h hold m mute x reject".ljust(30) + "▏^p palette "
        await pilot.resize_terminal(43, 5)
        await settle(pilot, lambda: bar.size.width == 43, "the resize")
        assert bar.plain == "h hold m mute x reject ^d drop ▏^p palette "


def test_layout_never_cuts_a_key() -> None:
    def item(key: str, description: str, palette: bool = False) -> KeyItem:
        return KeyItem(key, key, description, description or key, palette=palette)

    items = [item("a", "alpha"), item("b", "beta"), item("z", "")]  # widths 7, 6, 1
    assert [s.end for s in layout_keys(items, 15)] == [7, 14]  # "z" would start at 15
    assert [s.end for s in layout_keys(items, 16)] == [7, 14, 16]
    with_palette = [*items, item("^p", "palette", palette=True)]  # "▏^p palette " is 12
    for width in range(40):
        spans = layout_keys(with_palette, width)
        for start, end, drawn in spans:
            # Whole items only, inside the line; the palette span also holds its separator.
            assert start >= 0 and end <= width
            assert end - start == drawn.width + (1 if drawn.palette else 0)
        assert [s.start for s in spans] == sorted(s.start for s in spans)
        assert all(a.end < b.start for a, b in pairwise(spans))
        palette = [s for s in spans if s.item.palette]
        assert bool(palette) == (width >= 12)
        assert not palette or palette[0].end == width - 1
        assert not palette or len(spans) == 1 or spans[-2].end <= palette[0].start - 1
