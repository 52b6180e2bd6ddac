"""Ask first (warm transfer) end to end: complete, cancel, and the colleague declining or not
answering; the caller is never left on hold."""

from __future__ import annotations

import json

from tests.app.harness import (
    EmulatorControl,
    answered_call,
    running_app,
    sent,
    shown,
    shown_in,
    wait_for,
    wait_for_toast,
)
from tui.app.widgets.call_details import CallDetails
from tui.calls import CallState
from tui.config import Settings
from tui.emulator.directory import DESK_PHONE_ID

DESK = Settings(bell=False, device=DESK_PHONE_ID)


async def _ask_marcus(app, pilot, emu: EmulatorControl) -> tuple[str, str]:
    """An answered call from Ada, then T 103: returns (caller sid, consult sid)."""
    caller = await answered_call(app, pilot, emu, name="Ada Lovelace")
    await pilot.press("T", *"103", "enter")
    await wait_for(pilot, lambda: app.calling.transfers, "the consult call")
    consult = next(iter(app.calling.transfers))
    await wait_for(pilot, lambda: shown_in(app, caller, CallState.HELD), "the caller on hold")
    await wait_for_toast(pilot, "Asking Marcus Oyelaran about Ada Lovelace")
    return caller, consult


async def test_b_joins_the_caller_to_the_colleague(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        caller, consult = await _ask_marcus(app, pilot, emu)
        call_out = next(e for e in emulator.exchanges if e.path.endswith("/call-out"))
        assert json.loads(call_out.request_body)["from"] == {"deviceId": DESK_PHONE_ID}
        await emu.act(consult, "answer")  # Marcus picks up
        await wait_for(pilot, lambda: shown_in(app, consult, CallState.ACTIVE), "Marcus talking")
        details = app.main.query_one(CallDetails)
        app.main.table.select(caller)
        await wait_for(
            pilot, lambda: "On hold while you ask Marcus" in str(details.render()), "linked"
        )
        app.main.table.select(consult)
        await wait_for(
            pilot,
            lambda: "Asking Marcus Oyelaran about Ada Lovelace" in str(details.render()),
            "the consult linked to the caller",
        )
        await pilot.press("b")
        await wait_for_toast(pilot, "Ada Lovelace is now with Marcus Oyelaran")
        caller_pid = shown(app, caller).party_id if shown(app, caller) else None
        bridges = sent(await emu.requests(consult), "/bridge")
        assert len(bridges) == 1 and bridges[0]["status"] == 200
        assert bridges[0]["body"]["telephonySessionId"] == caller
        assert caller_pid is None or bridges[0]["body"]["partyId"] == caller_pid
        session = await emu.session(caller)
        mine = next(p for p in session["parties"] if p["id"] == bridges[0]["body"]["partyId"])
        assert mine["status"]["code"] == "Gone"  # I dropped out; the caller is not on hold
        talking = [p for p in session["parties"] if p["status"]["code"] == "Answered"]
        assert "Marcus Oyelaran" in {p["to"].get("name") for p in talking}


async def test_d_on_the_consult_cancels_and_takes_the_caller_off_hold(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        caller, consult = await _ask_marcus(app, pilot, emu)
        await emu.act(consult, "answer")
        await wait_for(pilot, lambda: shown_in(app, consult, CallState.ACTIVE), "Marcus talking")
        app.main.table.select(consult)
        await pilot.pause()
        await pilot.press("d")  # no confirmation: this cancels the ask-first
        await wait_for(pilot, lambda: shown_in(app, caller, CallState.ACTIVE), "caller back")
        await wait_for_toast(pilot, "Not transferred: Ada Lovelace is off hold")
        assert sent(await emu.requests(consult), "", method="DELETE")
        assert [r["status"] for r in sent(await emu.requests(caller), "/unhold")] == [200]


async def test_a_colleague_declining_takes_the_caller_off_hold(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        caller, consult = await _ask_marcus(app, pilot, emu)
        await emu.act(consult, "hangup")  # Marcus declines
        await wait_for(pilot, lambda: shown_in(app, caller, CallState.ACTIVE), "caller back")
        await wait_for_toast(pilot, "Marcus Oyelaran did not take the call")
        assert sent(await emu.requests(consult), "/bridge") == []


async def test_no_answer_takes_the_caller_off_hold(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        app.calling.no_answer_seconds = 0.5
        caller, consult = await _ask_marcus(app, pilot, emu)
        await wait_for(pilot, lambda: shown_in(app, caller, CallState.ACTIVE), "caller back")
        await wait_for_toast(pilot, "Marcus Oyelaran did not answer the call")
        assert (await emu.session(consult))["parties"][0]["status"]["code"] == "Disconnected"


async def test_b_applies_only_to_a_consult(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("b")
        await wait_for_toast(pilot, "Join applies to the call asking a colleague")
        assert sent(await emu.requests(sid), "/bridge") == []


async def test_a_failed_call_to_the_colleague_takes_the_caller_off_hold(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        caller = await answered_call(app, pilot, emu, name="Ada Lovelace")
        await pilot.press("T", *"999", "enter")  # no such extension: RingCentral says 404
        await wait_for_toast(pilot, "Ask first failed")
        requests = await emu.requests(caller)
        assert [r["status"] for r in sent(requests, "/hold")] == [200]
        assert [r["status"] for r in sent(requests, "/unhold")] == [200]
        await wait_for(pilot, lambda: shown_in(app, caller, CallState.ACTIVE), "caller back")
        assert app.calling.transfers == {}
