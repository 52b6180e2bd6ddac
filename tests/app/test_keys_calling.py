"""Calls that reach you and calls you make, against the emulator: a, g, R, n, u, D and the
request each sends (with the chosen phone's deviceId) and what the screen shows after."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.app.harness import (
    EmulatorControl,
    answered_call,
    ringing_call,
    running_app,
    sent,
    shown,
    shown_in,
    toasts,
    wait_for,
    wait_for_toast,
)
from tests.app.test_pending_and_palette import palette_has
from tui.app.widgets.call_log_history import CallLogHistory
from tui.calls import CallState
from tui.config import Settings, load_config
from tui.emulator.directory import DESK_PHONE_ID, DEVICES, MOBILE_APP_ID, SOFTPHONE_ID

DESK = Settings(bell=False, device=DESK_PHONE_ID)


def _gone(app, sid: str) -> bool:
    """The call has left the table, or is shown ended (a selected ended row lingers)."""
    call = shown(app, sid)
    return call is None or call.state is CallState.ENDED


def _replied(app, sid: str) -> bool:
    """The caller is hearing the reply: RingCentral ends the call once it has played."""
    call = shown(app, sid)
    return call is not None and call.reason == "CallReplied"


def _posts(emulator, suffix: str) -> list[dict]:
    return [
        json.loads(ex.request_body or b"null")
        for ex in emulator.exchanges
        if ex.method == "POST" and ex.path.endswith(suffix)
    ]


async def test_a_answers_on_the_chosen_phone(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("a")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call answered")
        answers = sent(await emu.requests(sid), "/answer")
        assert [(a["body"], a["status"]) for a in answers] == [({"deviceId": DESK_PHONE_ID}, 200)]
        desk = next(d.name for d in DEVICES if d.id == DESK_PHONE_ID)
        assert app.main.status.info.device == desk
        # The details say which phone the call is on by its name, not its id.
        details = app.main.query_one("#details")
        await wait_for(pilot, lambda: f"on {desk}" in details.render().plain, "the phone named")
        assert DESK_PHONE_ID not in details.render().plain


async def test_a_asks_which_phone_once_and_saves_it(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("a")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog", "the picker")
        await pilot.press("down", "enter")  # the second eligible phone: the softphone
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call answered")
        assert sent(await emu.requests(sid), "/answer")[0]["body"] == {"deviceId": SOFTPHONE_ID}
        assert load_config().device == SOFTPHONE_ID
        await pilot.press("D")  # choose again: the picker opens even though one is saved
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog", "the picker")
        await pilot.press("enter")
        await wait_for(pilot, lambda: load_config().device == DESK_PHONE_ID, "the new choice")


async def test_a_refused_phone_says_why_and_sends_nothing(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, Settings(bell=False, device=MOBILE_APP_ID)) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("a")
        await wait_for_toast(pilot, "WebRTC device")
        assert await emu.requests(sid) == []
        assert shown_in(app, sid, CallState.RINGING)


async def test_g_ignores_only_a_queue_call(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        plain = await ringing_call(app, pilot, emu)
        await pilot.press("g")
        await pilot.pause(0.2)
        assert await emu.requests(plain) == []
        queued = await ringing_call(app, pilot, emu, caller="+12125550187", queueCall=True)
        await pilot.press("g")
        await wait_for(pilot, lambda: _gone(app, queued), "the queue call to go")
        ignores = sent(await emu.requests(queued), "/ignore")
        assert [(i["body"], i["status"]) for i in ignores] == [({"deviceId": DESK_PHONE_ID}, 204)]


async def test_r_replies_with_a_pattern_or_own_words(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("R")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReplyDialog", "the picker")
        await pilot.press("enter")
        await wait_for(pilot, lambda: _replied(app, sid), "the call shown replied")
        replies = sent(await emu.requests(sid), "/reply")
        pattern = {"pattern": "WillCallYouBack", "time": 5, "timeUnit": "Minute"}
        assert [r["body"] for r in replies] == [{"replyWithPattern": pattern}]
        other = await ringing_call(app, pilot, emu, caller="+12125550187")
        await pilot.press("R", "tab", *"Back at 3", "enter")
        await wait_for(pilot, lambda: _replied(app, other), "the second call replied")
        assert sent(await emu.requests(other), "/reply")[0]["body"] == {
            "replyWithText": "Back at 3"
        }


async def test_n_dials_a_colleague_by_name_from_the_chosen_phone(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        await pilot.press("n", *"Marcus")
        matches = "#directory-matches"
        await wait_for(pilot, lambda: app.screen.query_one(matches).display, "directory matches")
        await pilot.press("down", "enter", "enter")
        await wait_for(pilot, lambda: _posts(emulator, "/call-out"), "the call-out")
        assert _posts(emulator, "/call-out") == [
            {"from": {"deviceId": DESK_PHONE_ID}, "to": {"extensionNumber": "103"}}
        ]
        await wait_for(
            pilot,
            lambda: any(c.state is CallState.DIALING for c in app.main.table.calls),
            "the outgoing call shown dialing",
        )


async def test_n_refuses_what_cannot_be_dialled(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        await pilot.press("n", *"55501", "2", "3", "4", "enter")
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "DialDialog"
        assert "not a valid phone number" in str(app.screen.query_one("#dialog-feedback").render())
        await pilot.press("escape")
        assert _posts(emulator, "/call-out") == []


async def test_n_uses_ringout_when_no_phone_can_ring_and_d_cancels_it(
    emulator, emu: EmulatorControl
) -> None:
    for device in DEVICES:
        if device.type in ("HardPhone", "SoftPhone"):
            await emu.client.post(f"/devices/{device.id}", json={"status": "Offline"})
    async with running_app(emulator) as (app, pilot):
        await pilot.press("n", *"4155550142", "enter")
        await wait_for(pilot, lambda: _posts(emulator, "/ring-out"), "the RingOut")
        ringout = _posts(emulator, "/ring-out")[0]
        assert ringout["to"] == {"phoneNumber": "+14155550142"}
        assert ringout["from"] == {"phoneNumber": "+14155550177"}  # the mobile forwarding number
        await wait_for_toast(pilot, "by RingOut")
        await wait_for(
            pilot,
            lambda: any((c.origin or "") == "RingOut" for c in app.main.table.calls),
            "the RingOut's call",
        )
        call = next(c for c in app.main.table.calls if c.origin == "RingOut")
        app.main.table.select(call.telephony_session_id)
        await pilot.pause()
        await pilot.press("d")
        await wait_for_toast(pilot, "RingOut cancelled")
        deletes = [ex for ex in emulator.exchanges if ex.method == "DELETE"]
        assert [ex.status for ex in deletes if "/ring-out/" in ex.path] == [204]
        assert not any("Hang up" in t for t in toasts(app))


async def test_u_picks_a_parked_call_up_again(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("p")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.PARKED), "the call parked")
        assert shown(app, sid).park_id == "*801"
        await pilot.press("u")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call back")
        pickups = sent(await emu.requests(sid), "/pickup")
        assert [(p["body"], p["status"]) for p in pickups] == [({"deviceId": DESK_PHONE_ID}, 201)]


async def test_n_in_history_calls_that_person_back(emulator, emu: EmulatorControl) -> None:
    when = (datetime.now(UTC) - timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    entry = {"startTime": when, "result": "Missed", "name": "Ada", "number": "+14155550142"}
    assert (await emu.client.post("/call-log", json=entry)).status_code == 201
    async with running_app(emulator, DESK) as (app, pilot):
        await pilot.press("c")
        history = app.main.query_one(CallLogHistory)
        await wait_for(pilot, lambda: history.row_count == 1, "the missed call in History")
        history.focus()
        await pilot.press("n")
        await wait_for(pilot, lambda: _posts(emulator, "/call-out"), "the call back")
        assert _posts(emulator, "/call-out")[0]["to"] == {"phoneNumber": "+14155550142"}


async def test_the_palette_answers_and_offers_only_what_applies(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"answer")
        await wait_for(pilot, lambda: palette_has(app, "Answer"), "the Answer command")
        assert not palette_has(app, "Pick up") and not palette_has(app, "Ask first")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call answered")
        assert sent(await emu.requests(sid), "/answer")[0]["body"] == {"deviceId": DESK_PHONE_ID}
