"""The details pane: what it shows, and that moving between calls never moves the table."""

from __future__ import annotations

from tests.app.harness import wait_for
from tests.app.scenes import show_calls, snapshot_app, two_calls_scene
from tui.app.widgets.call_details import RESERVED_LINES, CallDetails


async def test_selecting_a_shorter_call_keeps_the_pane_and_the_table_in_place() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        recorded, plain = two_calls_scene()
        await show_calls(pilot, [recorded, plain])
        details, table = app.main.query_one(CallDetails), app.main.table
        table.select(recorded.telephony_session_id)
        await wait_for(pilot, lambda: "Katherine" in str(details.render()), "the first call")
        await pilot.pause()
        tall = (details.region, table.region)

        def shows(who: str) -> bool:
            return who in str(details.render())

        table.select(plain.telephony_session_id)
        await wait_for(pilot, lambda: shows("+12125550199"), "the other call")
        await pilot.pause()
        assert (details.region, table.region) == tall
        table.select(recorded.telephony_session_id)
        await wait_for(pilot, lambda: shows("Katherine"), "back again")
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


async def test_the_pane_leads_with_who_what_how_long_and_recording() -> None:
    app = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        talking, held = two_calls_scene()
        await show_calls(pilot, [talking, held])
        details = app.main.query_one(CallDetails)
        text = str(details.render())
        first = text.splitlines()[0]
        assert "Katherine Johnson" in first and "MUTED" in first
        assert "called Ada Lovelace (+16505550101)" in text
        assert "on the call for 22:05" in text
        assert "not recorded" in text or "recording paused" in text
        assert talking.telephony_session_id not in text, "ids only on request"
        await pilot.press("i")
        await pilot.pause()
        assert any(talking.telephony_session_id in n.message for n in app._notifications)


async def test_the_quick_line_count_agrees_with_textual_or_leaves_it_to_textual() -> None:
    from rich.text import Text

    from tui.app.widgets.call_details import details_text, unwrapped_lines

    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        details = app.main.query_one(CallDetails)
        await pilot.pause()
        calls = two_calls_scene()
        texts = [details_text(call, app.clock(), "", {}) for call in calls]
        texts += [Text("one line"), Text("two\nlines"), Text("ends with a newline\n")]
        texts.append(Text("a line far too long to fit " * 8))  # wraps: Textual decides
        for width in (20, 40, 98):
            for text in texts:
                quick = unwrapped_lines(text, width)
                details.update(text, layout=False)
                measured = details._content_lines(width, text)
                assert quick is None or quick == measured, (text.plain, width)
        assert unwrapped_lines(texts[-1], 98) is None
        assert unwrapped_lines(texts[0], 98) is not None
