"""§4: usable at 140x36, 80x24 and 60x16: keys reachable, time and connection never dropped,
the selected row in view after a resize, the name column growing with the terminal."""

from __future__ import annotations

import pytest

from tests.app.scenes import show_calls, snapshot_app, thirty_calls_scene
from tui.app.widgets.key_bar import KeyBar
from tui.calls import CallState

SIZES = [(140, 36), (80, 24), (60, 16)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_thirty_calls_fit_every_size(size: tuple[int, int]) -> None:
    app = snapshot_app()
    async with app.run_test(size=size) as pilot:
        calls = thirty_calls_scene()
        await show_calls(pilot, calls)
        await pilot.pause()
        header = app.main.status.render_line(0).text
        assert "● live" in header and "14:30" in header, header
        assert "◉" in header and "30 calls" in header, "how many ring and are live"
        bar = app.main.query_one(KeyBar).plain
        assert "? Help" in bar, "help (every key) is reachable however narrow"
        table = app.main.table
        first = table.render_line(1).text
        longest = max(
            (c for c in calls if c.state is CallState.RINGING),
            key=lambda c: -c.started_at.timestamp(),
        )
        assert first.lstrip().startswith("◉ RINGING"), "ringing calls open in view"
        assert "17:56" in first, f"the longest-waiting first: {first!r}"
        assert longest.telephony_session_id == table.calls[0].telephony_session_id


async def test_the_selected_row_stays_in_view_and_the_name_column_grows() -> None:
    app = snapshot_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await show_calls(pilot, thirty_calls_scene())
        table = app.main.table
        wide = next(c.width for c in table.columns if c.key == "party")
        await pilot.press("end")
        await pilot.pause()
        selected = app.main.selected_call
        await pilot.resize_terminal(60, 16)
        await pilot.pause()
        await pilot.pause()
        narrow = next(c.width for c in table.columns if c.key == "party")
        assert wide > narrow
        assert app.main.selected_call is selected
        name = selected.to.name if selected.direction == "Outbound" else selected.from_.name
        lines = [table.render_line(y).text for y in range(table.scrollable_content_region.height)]
        assert any(name[:8] in line for line in lines), "the selected row is in view"
