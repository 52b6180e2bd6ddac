"""The main screen paints at its own frame period, through the hook Textual really uses.

`MainScreen` replaces Screen's private paint timer to paint sooner than 1/60 s. If a
Textual upgrade renames that hook, the override would silently stop working and a ringing
call would wait for Textual's frame again: this test is what notices.
"""

from __future__ import annotations

from tests.app.scenes import show_calls, snapshot_app, two_calls_scene
from tui.app.screens.main import FRAME_PERIOD_S


async def test_the_screen_paints_with_calldecks_timer() -> None:
    app = snapshot_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await show_calls(pilot, two_calls_scene())
        screen = app.main
        timer = screen._paint_timer
        assert timer is not None, "Textual painted without asking for MainScreen's timer"
        assert timer._interval == FRAME_PERIOD_S < 1 / 60
        assert getattr(screen, "_Screen__update_timer", None) is None
