"""The details pane: what it shows, and that moving between calls never moves the table."""

from __future__ import annotations

from tests.app.harness import wait_for
from tests.app.scenes import show_calls, snapshot_app, two_calls_scene
from tui.app.widgets.call_details import RESERVED_LINES, CallDetails


async def test_selecting_a_shorter_call_keeps_the_pane_and_the_table_in_place() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        recorded, plain = two_calls_scene()  # the first has a recording id: one line more
        await show_calls(pilot, [recorded, plain])
        details, table = app.main.query_one(CallDetails), app.main.table
        table.select(recorded.telephony_session_id)
        await wait_for(pilot, lambda: "rec-7731" in str(details.render()), "the taller call")
        await pilot.pause()
        tall = (details.region, table.region)

        def shows(sid: str) -> bool:
            return f"telephonySessionId: {sid}" in str(details.render())

        table.select(plain.telephony_session_id)
        await wait_for(pilot, lambda: shows(plain.telephony_session_id), "the shorter call")
        await pilot.pause()
        assert (details.region, table.region) == tall
        table.select(recorded.telephony_session_id)
        await wait_for(pilot, lambda: shows(recorded.telephony_session_id), "back again")
        await pilot.pause()
        assert (details.region, table.region) == tall


async def test_the_pane_starts_with_room_for_a_call_and_never_shrinks() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        details, table = app.main.query_one(CallDetails), app.main.table
        await pilot.pause()
        assert "No call selected" in str(details.render())
        assert details.content_region.height == RESERVED_LINES
        await show_calls(pilot, two_calls_scene())
        with_calls = (details.region, table.region)
        details.show(None)
        await pilot.pause()
        assert "No call selected" in str(details.render())
        assert (details.region, table.region) == with_calls
