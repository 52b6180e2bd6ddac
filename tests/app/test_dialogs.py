"""§5: a dialog names its call and closes, saying why, when that call ends or changes state;
quitting asks first while calls are live, whichever way (q, ctrl+q, the palette)."""

from __future__ import annotations

import pytest

from tests.app.harness import EmulatorControl, ringing_call, running_app, wait_for, wait_for_toast
from tests.app.scenes import show_calls, snapshot_app, two_calls_scene
from tui.app.dialogs.choice import ConfirmDialog


async def test_a_dialog_names_its_call_and_closes_when_it_ends(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu, caller="+14155550142", name="Grace Hopper")
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert "Grace Hopper" in str(dialog.query_one(".dialog-call").render())
        await pilot.press(*"+1650555")
        await emu.act(sid, "hangup")
        await wait_for(pilot, lambda: app.screen is app.main, "the dialog to close")
        await wait_for_toast(pilot, "Grace Hopper")
        await wait_for_toast(pilot, "ended; the dialog closed and nothing was sent")
        assert await emu.requests(sid) == []


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_asks_first_while_calls_are_live(key: str) -> None:
    app = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_calls(pilot, two_calls_scene())
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "asks first"
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and app.screen is app.main
