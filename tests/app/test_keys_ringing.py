"""Keys on a ringing call, against the emulator: what it receives and what the screen shows."""

from __future__ import annotations

from tests.app.harness import (
    EmulatorControl,
    left,
    ringing_call,
    running_app,
    sent,
    shown,
    wait_for,
)


async def test_v_sends_the_ringing_call_to_voicemail(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("v")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave the table")
        forwards = sent(await emu.requests(sid), "/forward")
        assert len(forwards) == 1
        assert forwards[0]["body"] == {"voicemail": emulator.credentials["extensionId"]}
        assert forwards[0]["status"] == 200


async def test_voicemail_key_is_debounced(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("v", "v", "v")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave the table")
        assert len(sent(await emu.requests(sid), "/forward")) == 1


async def test_x_rejects_and_history_shows_the_end(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("x")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave the table")
        rejects = sent(await emu.requests(sid), "/reject")
        assert [r["status"] for r in rejects] == [204]
        await pilot.press("c")
        await pilot.pause()
        history = app.main.query_one("#history")
        assert history.display and sid in history.rows
        assert "rejected" in [str(getattr(cell, "plain", cell)) for cell in history.get_row(sid)]


async def test_f_forwards_only_a_valid_number(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("f")
        await pilot.press(*"650555")
        await pilot.press("enter")  # refused: too short for a number, too long for an extension
        await pilot.pause()
        assert type(app.screen).__name__ == "ForwardDialog"
        feedback = str(app.screen.query_one("#dialog-feedback").render())
        assert "not a valid phone number" in feedback
        assert sent(await emu.requests(sid), "/forward") == []
        await pilot.press(*"0100", "enter")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave the table")
        forwards = sent(await emu.requests(sid), "/forward")
        assert [f["body"] for f in forwards] == [{"phoneNumber": "+16505550100"}]


async def test_f_forwards_to_an_extension_number(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("f", *"103", "enter")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave the table")
        forwards = sent(await emu.requests(sid), "/forward")
        assert [(f["body"], f["status"]) for f in forwards] == [({"extensionNumber": "103"}, 200)]


async def test_escape_cancels_forward_and_sends_nothing(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("f", *"+16505550100", "escape")
        await pilot.pause()
        assert await emu.requests(sid) == []
        assert shown(app, sid) is not None


async def test_answered_call_keys_are_disabled_while_ringing(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("h", "m", "l", "L", "p", "r", "t", "d")
        await pilot.pause(0.3)
        assert await emu.requests(sid) == []
        assert app.screen is app.main  # no dialog opened either
        footer_keys = {b.binding.key for b in app.main.active_bindings.values() if b.enabled}
        assert {"v", "x", "f", "s"} <= footer_keys
        assert not {"h", "m", "p", "r", "t", "d"} & footer_keys


async def test_new_ringing_call_never_takes_the_selection(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        first = await ringing_call(app, pilot, emu, caller="+14155550142")
        await pilot.press("f")  # a dialog is open on the first call
        second = await emu.ring(caller="+442071838750", name="Alan Turing")
        await wait_for(pilot, lambda: shown(app, second) is not None, "the second call")
        assert app.main.selected_call.telephony_session_id == first
        await pilot.press("escape")
        third = await emu.ring(caller="+12125550199", name="Katherine Johnson")
        await wait_for(pilot, lambda: shown(app, third) is not None, "the third call")
        assert app.main.selected_call.telephony_session_id == first


async def test_s_silences_the_bell_for_that_call(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        bells: list[int] = []
        app.ringer._bell = lambda: bells.append(1)
        app.ringer.enabled = True
        sid = await ringing_call(app, pilot, emu)
        assert bells, "a new ringing call rings the bell"
        await pilot.press("s")
        await pilot.pause()
        assert app.ringer.is_silenced(sid)
        before = len(bells)
        for _ in range(4):
            app.main._tick()
        assert len(bells) == before
        assert await emu.requests(sid) == []  # silencing is local: the call keeps ringing
