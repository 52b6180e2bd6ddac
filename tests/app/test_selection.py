"""The selection is the person's: a new call never takes it, an ended call keeps it a moment.

Against the emulator at 140x36 and 80x24: with call A selected, call B rings (or A ends) and
a key is pressed at once; A gets the request (or nothing, where it no longer applies), B never.
"""

from __future__ import annotations

import pytest

from tests.app.harness import (
    EmulatorControl,
    ringing_call,
    running_app,
    sent,
    shown_in,
    toasts,
    wait_for,
    wait_for_toast,
)
from tui.calls import CallState

SIZES = [(140, 36), (80, 24)]


def _selected_sid(app) -> str | None:  # type: ignore[no-untyped-def]
    call = app.main.selected_call
    return call.telephony_session_id if call is not None else None


@pytest.mark.parametrize("size", SIZES, ids=["140x36", "80x24"])
async def test_a_new_ringing_call_never_takes_the_selection(
    emulator, emu: EmulatorControl, size: tuple[int, int]
) -> None:
    async with running_app(emulator) as (app, pilot):
        await pilot.resize_terminal(*size)
        first = await ringing_call(app, pilot, emu, caller="+14155550101", name="Alice")
        second = await emu.ring(caller="+14155550102", name="Bob")
        await wait_for(pilot, lambda: shown_in(app, second, CallState.RINGING), "B to ring")
        assert _selected_sid(app) == first
        await pilot.press("x")  # at once: well within 100 ms of B appearing
        await wait_for(pilot, lambda: app.main.table.is_gone(first), "A to be rejected")
        assert [r["status"] for r in sent(await emu.requests(first), "/reject")] == [204]
        assert await emu.requests(second) == []
        assert shown_in(app, second, CallState.RINGING)


@pytest.mark.parametrize("size", SIZES, ids=["140x36", "80x24"])
async def test_a_key_on_a_call_that_just_ended_does_nothing_but_say_so(
    emulator, emu: EmulatorControl, size: tuple[int, int]
) -> None:
    async with running_app(emulator) as (app, pilot):
        await pilot.resize_terminal(*size)
        other = await emu.ring(caller="+14155550103", name="Carol")
        await wait_for(pilot, lambda: shown_in(app, other, CallState.RINGING), "C to ring")
        first = await ringing_call(app, pilot, emu, caller="+14155550101", name="Alice")
        await emu.act(first, "hangup")
        await wait_for(pilot, lambda: app.main.table.is_gone(first), "A to end")
        assert _selected_sid(app) == first, "the ended call keeps the selection a moment"
        await pilot.press("v", "x")
        await wait_for_toast(pilot, "has ended; nothing was sent")
        assert await emu.requests(first) == []
        assert await emu.requests(other) == []
        assert shown_in(app, other, CallState.RINGING)
        assert not any("Carol" in t for t in toasts(app) if "sent" in t.lower())
