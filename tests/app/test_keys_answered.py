"""Keys on an answered call, against the emulator: what it receives and what the screen shows."""

from __future__ import annotations

import pytest

from tests.app.harness import (
    EmulatorControl,
    answered_call,
    left,
    running_app,
    sent,
    shown,
    shown_in,
    toasts,
    wait_for,
    wait_for_toast,
)
from tui.calls import CallState
from tui.config import Settings


async def test_h_holds_then_unholds(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("h")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.HELD), "the call to be held")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "hold settled")
        await pilot.press("h")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call back")
        requests = await emu.requests(sid)
        assert [r["status"] for r in sent(requests, "/hold")] == [200]
        assert [r["status"] for r in sent(requests, "/unhold")] == [200]


async def test_m_mutes_then_unmutes(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("m")
        await wait_for(pilot, lambda: shown(app, sid).muted, "the call to show muted")
        assert "MUTED" in str(app.main.table.get_cell(sid, "flags"))
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "mute settled")
        await pilot.press("m")
        await wait_for(pilot, lambda: not shown(app, sid).muted, "the call to show unmuted")
        patches = sent(await emu.requests(sid), f"/parties/{shown(app, sid).party_id}", "PATCH")
        assert [p["body"] for p in patches] == [{"muted": True}, {"muted": False}]


async def test_l_flips_to_the_configured_target(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, Settings(bell=False, flip_target="*3")) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("l")
        await wait_for(pilot, lambda: not app.main.controller._in_flight, "the flip to settle")
        flips = sent(await emu.requests(sid), "/flip")
        assert [f["body"] for f in flips] == [{"callFlipId": "*3"}]
        assert flips[0]["status"] == 200


async def test_shift_l_picks_a_forwarding_number(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("L")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog", "the picker")
        labels = [str(o.prompt) for o in app.screen.query_one("OptionList").options]
        assert any("Mobile" in label and "*2" in label for label in labels)
        await pilot.press("down", "enter")  # the second number: Mobile, *2
        await wait_for(pilot, lambda: app.screen is app.main, "the picker to close")
        await wait_for(pilot, lambda: not app.main.controller._in_flight, "the flip to settle")
        flips = sent(await emu.requests(sid), "/flip")
        assert [f["body"] for f in flips] == [{"callFlipId": "*2"}]


async def test_p_parks_and_shows_the_location(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("p")
        await wait_for(pilot, lambda: any("Parked at *8" in t for t in toasts(app)), "park toast")
        parks = sent(await emu.requests(sid), "/park")
        assert [p["status"] for p in parks] == [201]
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.PARKED), "the call parked")
        assert "*8" in str(app.main.table.get_cell(sid, "state"))


async def test_r_records_pauses_and_resumes(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("r")
        await wait_for(pilot, lambda: shown(app, sid).recording == "on", "recording on")
        assert "● REC" in str(app.main.table.get_cell(sid, "flags"))
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "settled")
        await pilot.press("r")
        await wait_for(pilot, lambda: shown(app, sid).recording == "paused", "recording paused")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "settled")
        await pilot.press("r")
        await wait_for(pilot, lambda: shown(app, sid).recording == "on", "recording resumed")
        requests = await emu.requests(sid)
        assert len(sent(requests, "/recordings")) == 1
        rid = shown(app, sid).recording_id
        patches = sent(requests, f"/recordings/{rid}", "PATCH")
        assert [p["body"] for p in patches] == [{"active": False}, {"active": True}]


async def test_d_hangs_up_only_after_y(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("d", "n")
        await pilot.pause()
        assert app.screen is app.main and shown(app, sid) is not None
        assert await emu.requests(sid) == []
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: left(app, sid), "the call to end")
        drops = [r for r in await emu.requests(sid) if r["method"] == "DELETE"]
        assert [d["status"] for d in drops] == [204]


async def _transfer_with_kind(app, pilot, kind_key: str, typed: str, pick: bool) -> None:
    """t, then the kind's key ("" keeps the first kind, a person), then the typed target."""
    await pilot.press("t")
    await pilot.pause()
    dialog = app.screen
    if kind_key:
        await pilot.press(kind_key)
    await pilot.press(*typed)
    if pick:
        matches = dialog.query_one("#directory-matches")
        await wait_for(pilot, lambda: matches.display and matches.option_count, "matches")
        await pilot.press("down", "enter")
        await pilot.pause()
    await pilot.press("enter")


async def test_t_refuses_a_park_orbit_that_is_not_digits(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await _transfer_with_kind(app, pilot, "ctrl+r", "x", pick=False)
        await pilot.pause()
        assert app.screen is not app.main, "a non-numeric orbit is refused"
        await pilot.press("backspace", *"4001", "enter")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave")
        transfers = sent(await emu.requests(sid), "/transfer")
        assert [t["body"] for t in transfers] == [{"parkOrbit": "4001"}]


@pytest.mark.parametrize(
    ("kind", "typed", "pick", "body", "ends"),
    [
        ("ctrl+n", "415 555 0199", False, {"phoneNumber": "+14155550199"}, "transferred to +1415"),
        ("", "4155550199", False, {"phoneNumber": "+14155550199"}, "transferred to +14155550199"),
        ("", "Marcus", True, {"extensionNumber": "103"}, "transferred to 103 (Marcus"),
        ("", "103", False, {"extensionNumber": "103"}, "transferred to 103"),
        ("ctrl+b", "Marcus", True, {"voicemail": "62264427016"}, "transferred to 62264427016 ("),
        ("ctrl+r", "4001", False, {"parkOrbit": "4001"}, "parked at 4001"),
    ],
    ids=["number", "digits", "person-by-name", "extension", "voicemail-by-name", "park-orbit"],
)
async def test_t_transfers_to_each_kind_of_target(
    emulator, emu: EmulatorControl, kind: str, typed: str, pick: bool, body: dict, ends: str
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await _transfer_with_kind(app, pilot, kind, typed, pick=pick)
        await wait_for(pilot, lambda: left(app, sid), "the call to leave")
        transfers = sent(await emu.requests(sid), "/transfer")
        assert [t["body"] for t in transfers] == [body]
        await wait_for_toast(pilot, "Transferred ")  # the result is said, with the caller
        # History says where it went, in words.
        await wait_for(pilot, lambda: sid in app.main.end_reasons, "the call to end")
        assert app.main.end_reasons[sid].startswith(ends)


async def test_the_transfer_search_leaves_out_the_person_themself(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        await answered_call(app, pilot, emu)
        me = app.main.status.info
        assert me.name and me.extension_number
        await _transfer_with_kind(app, pilot, "", me.name.split()[0], pick=False)
        await pilot.pause(0.6)  # the search runs after a short pause
        matches = app.screen.query_one("#directory-matches")
        shown = [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]
        assert not any(line.startswith(f"{me.extension_number} ") for line in shown), shown


async def test_transfer_digits_offer_the_number_and_kind_keys_change_the_kind(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert "Person" in str(dialog.query_one("#transfer-kind").render())
        await pilot.press(*"650 555 0100")
        matches = dialog.query_one("#directory-matches")
        await wait_for(pilot, lambda: matches.display and matches.option_count, "the offer")
        last = matches.get_option_at_index(matches.option_count - 1)
        assert str(last.prompt) == "Number +16505550100"
        await pilot.press("ctrl+r")  # park orbit: the number offer goes, digits only refused
        await pilot.pause()
        assert dialog.kind == "park_orbit" and not matches.display
        assert "digits only" in str(dialog.query_one("#dialog-feedback").render())
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: matches.display and matches.option_count, "the offer")
        await pilot.press("down", "end", "enter")  # the offered number: the kind is Number now
        await pilot.pause()
        assert dialog.kind == "number"
        assert dialog.query_one("Input").value == "+16505550100"
        await pilot.press("enter")
        await wait_for(pilot, lambda: left(app, sid), "the call to leave")
        transfers = sent(await emu.requests(sid), "/transfer")
        assert [t["body"] for t in transfers] == [{"phoneNumber": "+16505550100"}]
