"""§3: keys say what they will do now, silenced calls are marked, `S` silences every ringing call."""

from __future__ import annotations

from tests.app.scenes import book_of, session, show_calls, snapshot_app, two_calls_scene
from tui.app.widgets.key_bar import KeyBar


def two_ringing() -> list:
    return book_of(
        *(
            session(
                f"s-ring-{index}",
                started=10 - index,
                direction="Inbound",
                other=(f"Caller {index}", f"+1415555010{index}"),
                status="Proceeding",
                other_status="Setup",
            )
            for index in range(2)
        )
    ).live()


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    return app.main.query_one(KeyBar).plain


async def test_the_key_bar_says_unmute_and_resume_rec_on_a_muted_paused_call() -> None:
    app = snapshot_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await show_calls(pilot, two_calls_scene())  # selected: muted, recording paused
        await pilot.pause()
        text = bar_text(app)
        assert "Unmute" in text and "Resume rec" in text and "Hold" in text
        await pilot.press("j")  # the held call
        await pilot.pause()
        await pilot.pause()
        assert "Unhold" in bar_text(app)


async def test_big_s_silences_every_ringing_call_and_s_is_not_offered_again() -> None:
    app = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        calls = two_ringing()
        await show_calls(pilot, calls)
        assert "Silence" in bar_text(app)
        await pilot.press("S")
        await pilot.pause()
        await pilot.pause()
        for call in calls:
            assert app.ringer.is_silenced(call.telephony_session_id)
            flags = app.main.table.get_cell(call.telephony_session_id, "flags")
            assert "SILENCED" in str(flags)
        assert "Silence" not in bar_text(app)
        await pilot.press("s")  # says why instead of doing nothing
        await pilot.pause()
        assert any("already silenced" in n.message for n in app._notifications)
