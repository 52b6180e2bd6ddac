"""The main screen paints promptly, through the hooks Textual really uses.

`PromptScreen` replaces Screen's private paint timer (to paint sooner than 1/60 s) and
paints a handler's changes within that handler (`paint_now`). If a Textual upgrade renames
those hooks, the overrides would silently stop working and a ringing call would wait for
Textual's frame again: these tests are what notice.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.messages import Update

from tests.app.scenes import show_calls, snapshot_app, two_calls_scene
from tui.app.dialogs.transfer import TransferDialog
from tui.app.messages import CallsChanged
from tui.app.screens.prompt import FRAME_PERIOD_S
from tui.app.widgets.plain_lines import adds_nothing


async def test_the_screen_paints_with_calldecks_timer() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, two_calls_scene())
        screen = app.main
        timer = screen._paint_timer
        assert timer is not None, "Textual painted without asking for MainScreen's timer"
        assert timer._interval == FRAME_PERIOD_S < 1 / 60
        assert getattr(screen, "_Screen__update_timer", None) is None


async def test_changed_calls_are_painted_within_their_handler() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, two_calls_scene()[:1])
        screen, table = app.main, app.main.table
        log: list[tuple[str, bool]] = []
        handling: list[bool] = []
        display, show, post = app._display, screen.show_calls, screen.post_message

        def logged_display(*args: Any) -> None:
            display(*args)
            log.append(("frame", bool(handling)))

        def logged_show(calls: Any) -> None:
            handling.append(True)
            try:
                show(calls)
            finally:
                handling.clear()

        def logged_post(message: Any) -> bool:
            # Textual's own path: the widget's idle sends the screen an `Update` for it.
            if isinstance(message, Update) and message.widget in (table, screen.status):
                log.append(("update", bool(handling)))
            return post(message)

        app._display = logged_display  # type: ignore[method-assign]
        screen.show_calls = logged_show  # type: ignore[method-assign]
        screen.post_message = logged_post  # type: ignore[method-assign]
        second = two_calls_scene()[1]
        screen.post_message(CallsChanged([second]))
        await pilot.pause()
        assert table.call(second.telephony_session_id) is not None
        # One frame, inside the handler; no Update round trip after it for the table or the
        # counts (it would only find the frame already painted).
        assert log == [("frame", True)], log


async def test_a_change_under_a_dialog_is_painted_the_usual_way() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, two_calls_scene()[:1])
        screen, table = app.main, app.main.table
        await app.push_screen(TransferDialog(None))
        refreshed: list[object] = []
        refresh = table.refresh

        def logged_refresh(*regions: Any, **flags: Any) -> Any:
            refreshed.append(table.painted_by_handler)
            return refresh(*regions, **flags)

        table.refresh = logged_refresh  # type: ignore[method-assign]
        second = two_calls_scene()[1]
        screen.post_message(CallsChanged([second]))
        await pilot.pause()
        # The main screen is not on top, so it cannot paint now: its table is refreshed the
        # way Textual refreshes any widget (and painted as Textual paints a screen below).
        assert refreshed[-1] is False


def test_raw_terminal_output_goes_through_the_driver_textual_writes_with() -> None:
    # write_to_terminal uses App._driver.write, as App.bell does; if Textual renames the
    # driver attribute, desktop notifications would silently stop: this notices.
    import inspect

    from textual.app import App

    assert "self._driver.write(" in inspect.getsource(App.bell)


def _cells(update: Any) -> list[tuple[int, int, str, str]]:
    """The cells a partial update writes: (y, x, character, style) along its spans."""
    cells = []
    for y, x1, x2 in update.spans:
        for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
            if strip is None or x >= x2 or end <= x1:
                continue
            column = x
            for segment in strip:
                for character in segment.text:
                    if x1 <= column < x2:
                        cells.append((y, column, character, str(segment.style)))
                    column += 1
    return cells


async def test_a_frame_writes_the_cells_textuals_own_compositor_would() -> None:
    # UpdateCompositor leaves out widgets that do not overlap the change, and renders only
    # the changed lines of those that do; what reaches the terminal must be exactly what
    # Textual's compositor would have sent.
    from textual._compositor import Compositor

    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, two_calls_scene()[:1])
        compositor = app.main._compositor
        compared: list[int] = []
        ours = compositor.render_partial_update

        def both() -> Any:
            dirty = set(compositor._dirty_regions)
            update = ours()
            compositor._dirty_regions.update(dirty)
            ours_renders = compositor._get_renders
            compositor._get_renders = partial(Compositor._get_renders, compositor)
            try:
                textuals = Compositor.render_partial_update(compositor)
            finally:
                compositor._get_renders = ours_renders
            if update is not None or textuals is not None:
                assert _cells(update) == _cells(textuals)
                compared.append(len(_cells(update)))
            return update

        compositor.render_partial_update = both  # type: ignore[method-assign]
        app.main.post_message(CallsChanged([two_calls_scene()[1]]))  # a row and the counts
        await pilot.pause()
        app.main.table.action_cursor_down()  # the selection, details and keys
        await pilot.pause()
        await pilot.pause()
        assert len(compared) >= 2 and min(compared) > 0, compared


async def test_the_calls_tables_lines_are_those_textuals_styles_would_give() -> None:
    # PlainLines hands the table's own strips to the compositor, skipping Textual's styles
    # cache; every line must be exactly what that cache would have drawn: rows, cursor,
    # header, blank lines, focused or not, cropped to part of the width, with padding at
    # its sides, and once the table's CSS adds more (padding above), Textual's way again.
    from textual.geometry import Region
    from textual.widget import Widget

    from tests.app.scenes import thirty_calls_scene

    def lines(strips: list[Any]) -> list[list[tuple[str, Any]]]:
        return [[(segment.text, segment.style) for segment in strip] for strip in strips]

    def same_as_textual(table: Any, crop: Region) -> None:
        ours = table.render_lines(crop)
        table._styles_cache.clear()
        assert lines(ours) == lines(Widget.render_lines(table, crop))

    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, thirty_calls_scene()[:4])
        table = app.main.table
        width, height = table.region.size
        for crop in (Region(0, 0, width, height), Region(3, 2, width - 10, 4)):
            same_as_textual(table, crop)
            table.action_cursor_down()
            table.blur()
            await pilot.pause()
            same_as_textual(table, crop)
            table.focus()
            await pilot.pause()
        app.theme = "textual-light"  # every colour changes; the widget's styles key too
        await pilot.pause()
        same_as_textual(table, Region(0, 0, width, height))
        table.styles.padding = (0, 1, 0, 2)
        await pilot.pause()
        assert adds_nothing(table)
        same_as_textual(table, Region(0, 0, *table.region.size))
        table.styles.padding = (1, 1)
        await pilot.pause()
        assert not adds_nothing(table)
        same_as_textual(table, Region(0, 0, *table.region.size))


async def test_the_status_line_is_the_one_textuals_styles_would_give() -> None:
    # The status line, padded at its sides, goes to the compositor as drawn (PlainLines):
    # the same cells as Textual's styles cache gives, as its counts change, come round
    # again (the same strips then) and at another width.
    from textual.geometry import Region
    from textual.widget import Widget

    def cells(strips: list[Any]) -> list[list[tuple[str, Any]]]:
        return [[(segment.text, segment.style) for segment in strip] for strip in strips]

    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        status = app.main.status
        assert adds_nothing(status)
        await show_calls(pilot, two_calls_scene())
        drawn: list[list[Any]] = []
        for ringing, live in ((1, 2), (0, 2), (1, 2)):
            status.change(ringing=ringing, live=live)
            await pilot.pause()
            whole = Region(0, 0, *status.region.size)
            drawn.append(status.render_lines(whole))
            status._styles_cache.clear()
            assert cells(drawn[-1]) == cells(Widget.render_lines(status, whole))
        assert drawn[0][0] is drawn[2][0]  # the counts came round again: the line is kept
        assert cells(drawn[0]) != cells(drawn[1])
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        part = Region(5, 0, 40, 1)
        ours = status.render_lines(part)
        status._styles_cache.clear()
        assert cells(ours) == cells(Widget.render_lines(status, part))


def test_a_widget_is_hidden_only_when_every_cell_is_behind_others() -> None:
    from textual.geometry import Region

    from tui.app.screens.prompt import hidden

    area = Region(0, 0, 10, 2)
    front = [Region(0, 0, 6, 2), Region(6, 0, 4, 1)]
    assert not hidden(area, front)  # cells 6-9 of its second line show
    assert hidden(area, [*front, Region(5, 1, 5, 1)])
    assert not hidden(area, [Region(0, 0, 4, 2), Region(5, 0, 5, 2)])  # a gap at column 4
    assert not hidden(area, [])
    # Taller: front regions in bands (rows 0-2, 3, 4-5); a gap only in the middle band.
    tall = Region(2, 0, 8, 6)
    bands = [Region(0, 0, 10, 3), Region(0, 4, 10, 2), Region(2, 3, 3, 1)]
    assert not hidden(tall, bands)  # row 3, columns 5-9
    assert hidden(tall, [*bands, Region(5, 2, 5, 2)])
    assert not hidden(tall, [Region(0, 0, 10, 5)])  # its last row shows
