"""The calls table updates in place by session id: order, ticking durations, minimal cell writes."""

from __future__ import annotations

import re
from dataclasses import replace

from textual.geometry import Region

from tests.app.scenes import (
    ringing_scene,
    show_calls,
    snapshot_app,
    thirty_calls_scene,
    two_calls_scene,
)
from tui.app.widgets.calls_table import LINGER_S
from tui.calls import CallState


async def test_rows_update_in_place_and_sort_ringing_first() -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        table = app.main.table
        assert [c.state for c in table.calls] == [CallState.ACTIVE, CallState.HELD]
        drawn = table.row_renders

        await show_calls(pilot, calls)  # the same calls again: nothing is redrawn
        assert table.row_renders == drawn

        held = calls[1]
        await show_calls(pilot, [replace(held, muted=True)])
        assert "MUTED" in str(table.get_cell(held.telephony_session_id, "flags"))
        assert table.row_renders == drawn + 1  # only the muted call's line

        ringing = [c for c in ringing_scene() if c.state is CallState.RINGING]
        await show_calls(pilot, ringing)
        assert table.calls[0].telephony_session_id == ringing[0].telephony_session_id
        # Announced, not selected: the selection stays on the call the person chose.
        assert app.main.selected_call.telephony_session_id == calls[0].telephony_session_id

        await show_calls(pilot, [replace(held, state=CallState.ENDED)])
        assert held.telephony_session_id not in {c.telephony_session_id for c in table.calls}


async def test_one_timer_ticks_every_duration() -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        table = app.main.table
        first = calls[0].telephony_session_id
        assert str(table.get_cell(first, "duration")) == "22:05"
        app.clock.advance(3600)
        app.main._tick()
        assert str(table.get_cell(first, "duration")) == "1:22:05"
        intervals = [t for t in app.main._timers if getattr(t, "name", "") == "durations"]
        assert len(intervals) == 1


async def test_clocks_move_with_the_tick_not_with_events() -> None:
    # Every row's clock and the header's time are the tick's: a row an event moves between
    # two ticks is not a second ahead of the rows it did not move.
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await show_calls(pilot, two_calls_scene())
        table, status = app.main.table, app.main.status
        await pilot.pause()
        time_of_day = status.info.clock
        app.clock.advance(90)
        ringing = [c for c in ringing_scene() if c.state is CallState.RINGING]
        await show_calls(pilot, ringing)  # a call rings: the two calls move down a line
        assert table.calls[0] == ringing[0]
        lines = [table.render_line(y).text for y in range(1, 4)]
        assert "22:05" in lines[1] and "22:05" not in lines[0]
        assert status.info.clock == time_of_day
        wait = table.get_cell(ringing[0].telephony_session_id, "duration")
        assert status.info.longest_wait == wait and wait in lines[0]  # the header's is the row's
        app.main._tick()
        await pilot.pause()
        assert "23:35" in table.render_line(2).text
        wait = table.get_cell(ringing[0].telephony_session_id, "duration")
        assert status.info.longest_wait == wait and wait in table.render_line(1).text
        assert status.info.clock == app.clock().astimezone().strftime("%H:%M")


async def test_a_tick_draws_only_the_clock_and_the_line_matches_a_fresh_one() -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        table = app.main.table
        await pilot.pause()  # drawn once
        rows = [table._rows[c.telephony_session_id] for c in table.calls]
        sides = [row.sides for row in rows]
        assert all(sides)
        app.clock.advance(61)
        app.main._tick()
        await pilot.pause()
        width = table.scrollable_content_region.width
        for index, row in enumerate(rows):
            assert row.sides is sides[index]  # the cells beside the clock were kept
            drawn = table._row_strip(row, index == table._cursor, width)
            row.strip = row.sides = table._cells_drawn = None  # from scratch
            fresh = table._row_strip(row, index == table._cursor, width)
            assert drawn.text == fresh.text and list(drawn) == list(fresh)
        assert "23:06" in table._row_strip(rows[0], True, width).text


async def test_i_copies_the_selected_calls_ids() -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        await pilot.press("i")
        assert f"telephonySessionId: {calls[0].telephony_session_id}" in app.clipboard
        assert f"partyId: {calls[0].party_id}" in app.clipboard


def test_connection_states_read_clearly() -> None:
    from tui.app.widgets.status_line import StatusInfo, status_text

    live = status_text(StatusInfo(name="Ada", connection="live"))
    recovering = status_text(StatusInfo(name="Ada", connection="recovering"))
    down = status_text(StatusInfo(name="Ada", connection="down", banner="sign in again"))
    assert "● live" in live.plain
    assert "recovering…" in recovering.plain
    assert "✖ down" in down.plain and "sign in again" in down.plain
    assert any("red" in str(span.style) for span in down.spans)
    assert "DEMO" in status_text(StatusInfo(demo=True)).plain


def test_a_banner_survives_a_narrow_terminal() -> None:
    # At 80 columns the name, server, transport and phone fill the line: the banner (what
    # the person must do) comes before them, so it is what stays.
    from tui.app.widgets.status_line import StatusInfo, fitted_status

    info = StatusInfo(
        name="Jordan Reyes", extension_number="101", server="http://127.0.0.1:18650",
        transport="pubnub", device="Desk phone (Polycom VVX 450)", connection="down",
        banner="sign in again: calldeck login", clock="11:48",
    )  # fmt: skip
    line = fitted_status(info, 80).plain
    assert "sign in again" in line and "✖ down" in line


def many_calls(count: int) -> list:
    """`count` answered calls, the first answered longest ago."""
    from tests.app.scenes import book_of, session

    sessions = [
        session(
            f"s-many-{index:03d}",
            started=5000 - index,
            direction="Inbound",
            other=(f"Caller {index:03d}", f"+1415555{index:04d}"),
            status="Answered",
        )
        for index in range(count)
    ]
    return book_of(*sessions).live()


def window_text(table) -> list[str]:
    """The table's visible lines as plain text (what the terminal shows)."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_keys_move_the_cursor_and_the_window_follows() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        calls = many_calls(60)
        await show_calls(pilot, calls)
        table = app.main.table
        assert "Caller 000" in window_text(table)[1]

        await pilot.press("end")
        assert app.main.selected_call.telephony_session_id == "s-many-059"
        assert any("Caller 059" in line for line in window_text(table))
        assert not any("Caller 000" in line for line in window_text(table))
        assert window_text(table)[0].split() == ["State", "Dir", "Other", "party", "Time"]

        await pilot.press("home")
        assert app.main.selected_call.telephony_session_id == "s-many-000"
        await pilot.press("pagedown")
        moved_to = app.main.selected_call.telephony_session_id
        assert moved_to > "s-many-010"
        assert any(moved_to[-3:] in line for line in window_text(table))
        await pilot.press("up")
        await pilot.pause()
        shown = app.main.selected_call
        assert shown.telephony_session_id < moved_to
        # The details pane follows the cursor.
        caller = f"Caller {shown.telephony_session_id[-3:]}"
        assert caller in app.main.query_one("#details").render().plain


async def test_page_down_moves_by_the_rows_the_window_shows() -> None:
    # The page is worked out from the size Textual gave the table, not its region: it must
    # be the rows actually on screen under the header, at any terminal size.
    for size in ((80, 24), (140, 36)):
        app = snapshot_app()
        async with app.run_test(size=size) as pilot:
            await show_calls(pilot, many_calls(60))
            table = app.main.table
            shown = sum(1 for line in window_text(table)[1:] if "Caller" in line)
            await pilot.press("home", "pagedown")
            moved_to = int(app.main.selected_call.telephony_session_id[-3:])
            assert moved_to == shown, size
            assert table.scrollable_content_region.height - 1 == shown


async def test_a_click_selects_the_call_under_the_pointer() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, two_calls_scene())
        assert app.main.selected_call.telephony_session_id == "s-talk-1"
        await pilot.click("#calls", offset=(10, 2))  # line 0 is the header
        assert app.main.selected_call.telephony_session_id == "s-held-1"


async def test_the_cursor_stays_on_its_call_when_rows_move() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        calls = many_calls(5)
        await show_calls(pilot, calls)
        app.main.table.select("s-many-003")
        await show_calls(pilot, [replace(calls[0], state=CallState.ENDED)])
        assert app.main.selected_call.telephony_session_id == "s-many-003"

        await show_calls(pilot, [replace(calls[3], state=CallState.ENDED)])
        # Its call ended: the row stays a moment, marked ended and still selected...
        assert app.main.selected_call.state is CallState.ENDED
        assert app.main.table.is_gone("s-many-003")
        assert "ended" in str(app.main.table.get_cell("s-many-003", "state"))
        assert [c.telephony_session_id for c in app.main.table.calls][2] == "s-many-003"
        # ...then goes, and the cursor stays in place, on the next call.
        app.clock.advance(LINGER_S)
        app.main._tick()
        await pilot.pause()
        assert app.main.selected_call.telephony_session_id == "s-many-004"
        assert [c.telephony_session_id for c in app.main.table.calls] == [
            "s-many-001",
            "s-many-002",
            "s-many-004",
        ]


async def test_the_tick_redraws_only_visible_lines() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await show_calls(pilot, many_calls(200))
        table = app.main.table
        before = window_text(table)[1]
        drawn = table.row_renders
        app.clock.advance(1)
        app.main._tick()
        after = window_text(table)[1]
        assert before != after and before.replace("1:23:20", "1:23:21") == after
        assert table.row_renders - drawn <= table.scrollable_content_region.height


async def test_the_key_bar_follows_the_selected_call() -> None:
    from tui.app.widgets.key_bar import KeyBar

    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await show_calls(pilot, ringing_scene())
        bar = app.main.query_one(KeyBar)
        assert "v Voicemail" in bar.plain and "h Hold" not in bar.plain
        await pilot.press("down")  # the active call
        await pilot.pause()
        assert "h Hold" in bar.plain and "v Voicemail" not in bar.plain


async def test_a_small_terminal_crops_lines_and_keeps_the_cursor_visible() -> None:
    app = snapshot_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await show_calls(pilot, many_calls(30))
        table = app.main.table
        lines = window_text(table)
        assert all(len(line) <= table.scrollable_content_region.width for line in lines)
        assert lines[1].startswith(" active") and "Caller 000" in lines[1]
        for _ in range(8):
            await pilot.press("down")
        await pilot.pause()
        assert app.main.selected_call.telephony_session_id == "s-many-008"
        assert any("Caller 008" in line for line in window_text(table))
        await pilot.resize_terminal(120, 30)
        assert any("Caller 008" in line for line in window_text(table))
        assert max(len(line) for line in window_text(table)) > 50  # lines redrawn wider


async def test_rows_take_the_new_columns_when_the_terminal_widens() -> None:
    # Textual paints the wider table once before the table hears of its new size; rows
    # drawn in that frame (old columns, new width) must not be kept once the columns change.
    app = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_calls(pilot, two_calls_scene())
        table = app.main.table
        for size in ((140, 36), (80, 24)):  # wider, then back
            before = [column.width for column in table.columns]
            await pilot.resize_terminal(*size)
            for _ in range(5):
                await pilot.pause()
            assert [column.width for column in table.columns] != before
            header, *rows = window_text(table)[:3]
            clock_at = header.index("Time")
            for row in rows:
                clock = row[clock_at : clock_at + 7].strip()
                assert re.fullmatch(r"\d+:\d\d", clock), (size, header, row)


async def test_calls_in_the_same_state_stay_in_the_order_they_arrived() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        first, second, third = many_calls(3)
        await show_calls(pilot, [first, second, third])
        await show_calls(pilot, [replace(first, state=CallState.ENDED)])
        await show_calls(pilot, [replace(second, state=CallState.ENDED)])
        fourth = replace(first, telephony_session_id="s-later")
        await show_calls(pilot, [fourth])  # arrives after the third: listed after it
        live = [c.telephony_session_id for c in app.main.table.live_calls]
        assert live == ["s-many-002", "s-later"]


async def test_a_moved_row_repaints_only_the_lines_it_passed() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        calls = many_calls(6)
        held = [replace(call, state=CallState.HELD) for call in calls[4:]]
        await show_calls(pilot, calls[:4] + held)  # four active, then two held
        table = app.main.table
        repainted: list[int] = []
        refresh = table.refresh

        def spy(*regions: Region, **kwargs: bool) -> object:
            for region in regions:  # the window's lines (not scrolled here)
                repainted.extend(range(region.y, region.bottom))
            return refresh(*regions, **kwargs)

        table.refresh = spy  # type: ignore[method-assign]
        await show_calls(pilot, [replace(calls[1], state=CallState.HELD)])
        order = [c.telephony_session_id[-3:] for c in table.calls]
        # s-many-001 joins the held calls, first among them (it arrived first): it passed
        # two lines; the held calls below it did not move and are not repainted.
        assert order == ["000", "002", "003", "001", "004", "005"]
        assert sorted(set(repainted)) == [2, 3, 4]  # line 0 is the header


def test_the_header_counts_live_calls_in_plain_english() -> None:
    from tui.app.widgets.status_line import StatusInfo, fitted_status

    one = fitted_status(StatusInfo(name="Ada", connection="live", live=1), 140).plain
    two = fitted_status(StatusInfo(name="Ada", connection="live", live=2), 140).plain
    assert "1 call live" in one and "1 calls" not in one
    assert "2 calls live" in two


async def test_the_kept_geometry_follows_every_layout_textual_makes() -> None:
    # The table keeps its page, widths and scroll row between events instead of asking
    # Textual each time: after scrolling, a scrollbar coming and going, resizes and a CSS
    # change, what it kept must be what Textual's own properties say.
    app = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.main.table

        async def agrees() -> None:
            await pilot.pause()
            region = table.scrollable_content_region
            window = table.window()
            assert window.lines_width == region.width
            assert window.rows == max(1, region.height - 1)
            assert window.scrollbar == table.show_vertical_scrollbar
            assert table._top == table.scroll_offset.y

        calls = thirty_calls_scene()
        await show_calls(pilot, calls[:3])
        await agrees()
        await show_calls(pilot, calls)  # more rows than lines: the scrollbar comes
        await agrees()
        assert table.window().scrollbar
        table.focus()
        await pilot.press("pagedown", "pagedown")
        await agrees()
        assert table._top > 0
        for size in ((140, 36), (60, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await agrees()
        table.styles.padding = (1, 2)
        await agrees()
        table.styles.padding = 0
        await show_calls(pilot, [replace(c, state=CallState.ENDED) for c in calls[3:]])
        await agrees()  # three rows again: the scrollbar goes, the scroll is back at the top
        assert not table.window().scrollbar and table._top == 0
