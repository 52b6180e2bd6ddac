"""Call Control over loopback: every party action's success shape and its state rules."""

from __future__ import annotations

import pytest

from tests.emulator.helpers import (
    SESSIONS,
    CallDriver,
    RecordingHub,
    driver,
    error_code,
    wait_for,
)
from tui.emulator import EmulatorConfig
from tui.emulator.calls import CallCenter
from tui.emulator.clock import Clock
from tui.emulator.notify import Notifier

__all__ = ["driver"]


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Voicemail ends calls quickly so tests need not wait."""
    return EmulatorConfig(voicemail_seconds=0.2)


async def test_a_ringing_call_has_my_party_proceeding_and_the_caller_answered(
    driver: CallDriver, credentials: dict
) -> None:
    sid, pid = await driver.ring(**{"from": "+16505550123", "fromName": "Ada Lovelace"})
    session = (await driver.rest.get(f"{SESSIONS}/{sid}")).json()
    assert session["id"] == sid and session["origin"]["type"] == "Call"
    parties = {p["id"]: p for p in session["parties"]}
    mine = parties[pid]
    assert mine["status"]["code"] == "Proceeding"
    assert mine["direction"] == "Inbound"
    assert mine["from"] == {"phoneNumber": "+16505550123", "name": "Ada Lovelace"}
    assert mine["owner"]["extensionId"] == credentials["extensionId"]
    caller = next(p for p in session["parties"] if p["id"] != pid)
    assert caller["status"]["code"] == "Answered" and "owner" not in caller
    assert pid.startswith("p-" + sid[2:]) and sid.startswith("s-")


async def test_forward_to_voicemail_then_the_call_ends(
    driver: CallDriver, credentials: dict
) -> None:
    sid, pid = await driver.ring()
    response = await driver.act(sid, pid, "forward", json={"voicemail": credentials["extensionId"]})
    assert response.status_code == 200
    assert response.json()["status"]["code"] == "VoiceMail"
    assert "extensionId" not in response.json()  # ForwardCallPartyResponse has no owner ids

    async def ended() -> bool:
        return (await driver.view(sid))["history"][-1] == "Disconnected"

    await wait_for(ended)
    assert (await driver.view(sid))["history"] == ["Proceeding", "VoiceMail", "Disconnected"]
    assert (await driver.rest.get(f"{SESSIONS}/{sid}")).status_code == 404


async def test_forward_to_a_number_redirects_the_call_away(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    response = await driver.act(sid, pid, "forward", json={"phoneNumber": "+14155550123"})
    assert response.status_code == 200
    assert response.json()["status"] == {
        "code": "Disconnected",
        "reason": "CallRedirected",
        "rcc": False,
    }


async def test_forward_only_while_ringing(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    response = await driver.act(sid, pid, "forward", json={"phoneNumber": "+14155550123"})
    assert response.status_code == 409
    assert error_code(response) == "TAS-110"
    assert "Answered" in response.json()["message"]


async def test_reject_sends_the_caller_to_voicemail(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    response = await driver.act(sid, pid, "reject")
    assert response.status_code == 204 and response.content == b""
    view = await driver.view(sid)
    assert view["history"][:2] == ["Proceeding", "VoiceMail"]


async def test_reject_is_refused_once_answered(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    assert (await driver.act(sid, pid, "reject")).status_code == 409


async def test_queue_call_events_name_the_queue() -> None:
    clock = Clock()
    hub = RecordingHub()
    center = CallCenter(Notifier(hub, clock), clock)
    center.inbound("+16505550123", "Ada Lovelace", queue_call=True)
    mine = hub.telephony[-1]["parties"][0]
    assert mine["queueCall"] is True
    assert mine["uiCallInfo"]["primary"] == {"type": "QueueName", "value": "Front Desk Queue"}
    assert mine["uiCallInfo"]["additional"]["value"] == "Ada Lovelace"


async def test_ignore_lets_a_queue_call_pass_but_not_a_direct_call(driver: CallDriver) -> None:
    sid, pid = await driver.ring(queueCall=True)
    body = {"deviceId": "805412016"}
    assert (await driver.act(sid, pid, "ignore", json=body)).status_code == 204
    assert (await driver.view(sid))["history"][-1] == "Disconnected"
    direct_sid, direct_pid = await driver.ring()
    assert (await driver.act(direct_sid, direct_pid, "ignore", json=body)).status_code == 409


async def test_reply_with_a_pattern_then_the_call_ends(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    response = await driver.act(
        sid, pid, "reply", json={"replyWithPattern": {"pattern": "OnMyWay"}}
    )
    assert response.status_code == 200
    assert response.json()["status"]["reason"] == "CallReplied"

    async def ended() -> bool:
        return (await driver.view(sid))["history"][-1] == "Disconnected"

    await wait_for(ended)


async def test_answer_on_a_device(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    response = await driver.act(sid, pid, "answer", json={"deviceId": "805413016"})
    assert response.status_code == 200
    assert response.json()["status"]["code"] == "Answered"
    again = await driver.act(sid, pid, "answer", json={"deviceId": "805413016"})
    assert again.status_code == 409


async def test_hold_and_unhold(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    held = await driver.act(sid, pid, "hold")
    assert held.status_code == 200 and held.json()["status"]["code"] == "Hold"
    assert (await driver.act(sid, pid, "hold")).status_code == 409
    back = await driver.act(sid, pid, "unhold")
    assert back.status_code == 200 and back.json()["status"]["code"] == "Answered"
    assert (await driver.act(sid, pid, "unhold")).status_code == 409


async def test_hold_is_refused_while_ringing(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    response = await driver.act(sid, pid, "hold")
    assert response.status_code == 409
    assert error_code(response) == "TAS-110"


async def test_mute_accepts_the_flat_and_the_spec_body(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    flat = await driver.act(sid, pid, method="PATCH", json={"muted": True})
    assert flat.status_code == 200 and flat.json()["muted"] is True
    wrapped = await driver.act(sid, pid, method="PATCH", json={"party": {"muted": False}})
    assert wrapped.status_code == 200 and wrapped.json()["muted"] is False


async def test_mute_is_refused_while_ringing(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    assert (await driver.act(sid, pid, method="PATCH", json={"muted": True})).status_code == 409


async def test_recording_start_pause_resume(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    started = await driver.act(sid, pid, "recordings")
    assert started.status_code == 201
    recording = started.json()
    assert recording["active"] is True and recording["id"]
    assert (await driver.act(sid, pid, "recordings")).status_code == 409  # already recording
    path = f"recordings/{recording['id']}"
    paused = await driver.act(sid, pid, path, method="PATCH", json={"active": False})
    assert paused.status_code == 200 and paused.json() == {"id": recording["id"], "active": False}
    resumed = await driver.act(sid, pid, path, method="PATCH", json={"active": True})
    assert resumed.json()["active"] is True
    party = (await driver.act(sid, pid, method="GET")).json()
    assert party["recordings"] == [{"id": recording["id"], "active": True}]


async def test_recording_is_refused_while_ringing(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    assert (await driver.act(sid, pid, "recordings")).status_code == 409


async def test_unknown_recording_is_404(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    response = await driver.act(sid, pid, "recordings/123", method="PATCH", json={"active": False})
    assert response.status_code == 404
    assert error_code(response) == "CMN-102"


async def test_flip_moves_the_call_to_a_new_leg(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    response = await driver.act(sid, pid, "flip", json={"callFlipId": "*2"})
    assert response.status_code == 200
    session = (await driver.rest.get(f"{SESSIONS}/{sid}")).json()
    old = next(p for p in session["parties"] if p["id"] == pid)
    assert old["status"] == {"code": "Disconnected", "reason": "CallFlip", "rcc": False}
    new = [p for p in session["parties"] if p.get("extensionId") and p["id"] != pid]
    assert len(new) == 1 and new[0]["status"]["code"] == "Answered"
    assert new[0]["to"]["phoneNumber"] == "+14155550177"  # the Mobile flip target


async def test_flip_needs_a_known_flip_number_and_an_answered_call(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    assert (await driver.act(sid, pid, "flip", json={"callFlipId": "*9"})).status_code == 400
    ringing_sid, ringing_pid = await driver.ring()
    assert (
        await driver.act(ringing_sid, ringing_pid, "flip", json={"callFlipId": "*1"})
    ).status_code == 409


async def test_park_gives_a_park_location(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    parked = await driver.act(sid, pid, "park")
    assert parked.status_code == 201
    body = parked.json()
    assert body["status"]["code"] == "Parked"
    assert body["park"]["id"] == "*801"
    other_sid, other_pid = await driver.answered()
    assert (await driver.act(other_sid, other_pid, "park")).json()["park"]["id"] == "*802"
    picked = await driver.act(sid, pid, "pickup", json={"deviceId": "805412016"})
    assert picked.status_code == 201 and picked.json()["status"]["code"] == "Answered"


async def test_park_is_refused_for_outbound_and_ringing_calls(driver: CallDriver) -> None:
    sid, pid = await driver.answered(direction="Outbound", to="+14155550100")
    assert (await driver.act(sid, pid, "park")).status_code == 409
    ringing_sid, ringing_pid = await driver.ring()
    assert (await driver.act(ringing_sid, ringing_pid, "park")).status_code == 409


async def test_transfer_only_when_connected(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    body = {"extensionNumber": "102"}
    assert (await driver.act(sid, pid, "transfer", json=body)).status_code == 409
    await driver.control.post(f"/calls/{sid}/answer")
    moved = await driver.act(sid, pid, "transfer", json=body)
    assert moved.status_code == 200
    assert moved.json()["status"] == {
        "code": "Disconnected",
        "reason": "BlindTransfer",
        "rcc": False,
    }


async def test_bridge_joins_two_calls_and_drops_me(driver: CallDriver) -> None:
    customer_sid, customer_pid = await driver.answered()
    await driver.act(customer_sid, customer_pid, "hold")
    consult_sid, consult_pid = await driver.answered(direction="Outbound", to="+14155550111")
    response = await driver.act(
        customer_sid,
        customer_pid,
        "bridge",
        json={"telephonySessionId": consult_sid, "partyId": consult_pid},
    )
    assert response.status_code == 200
    assert response.json()["status"]["code"] == "Gone"
    assert response.json()["status"]["peerId"]["telephonySessionId"] == consult_sid
    joined = await driver.view(consult_sid)  # the customer now talks to the consulted person
    live = [p for p in joined["parties"] if p["status"]["code"] == "Answered"]
    assert {p["from"]["phoneNumber"] for p in live} >= {"+16505550123"} and len(live) == 2
    ended = await driver.view(customer_sid)
    assert all(p["status"]["code"] in ("Gone", "Disconnected") for p in ended["parties"])


async def test_drop_session_disconnects_everyone(driver: CallDriver) -> None:
    sid, _ = await driver.answered()
    response = await driver.rest.delete(f"{SESSIONS}/{sid}")
    assert response.status_code == 204
    view = await driver.view(sid)
    assert all(p["status"]["code"] == "Disconnected" for p in view["parties"])
    assert (await driver.rest.delete(f"{SESSIONS}/{sid}")).status_code == 404


async def test_delete_party_only_when_parked(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    assert (await driver.act(sid, pid, method="DELETE")).status_code == 403
    await driver.act(sid, pid, "park")
    assert (await driver.act(sid, pid, method="DELETE")).status_code == 204


async def test_supervise_and_bring_in_are_refused_in_spec_shape(
    driver: CallDriver, credentials: dict
) -> None:
    sid, pid = await driver.answered()
    supervise = await driver.rest.post(
        f"{SESSIONS}/{sid}/supervise",
        json={
            "mode": "Listen",
            "supervisorDeviceId": "805412016",
            "agentExtensionId": credentials["extensionId"],
        },
    )
    assert supervise.status_code == 403 and error_code(supervise) == "TAS-106"
    bring_in = await driver.rest.post(
        f"{SESSIONS}/{sid}/parties/bring-in", json={"sessionId": sid, "partyId": pid}
    )
    assert bring_in.status_code == 403


async def test_call_out_and_conference(driver: CallDriver) -> None:
    out = await driver.rest.post(
        "/restapi/v1.0/account/~/telephony/call-out",
        json={"from": {"deviceId": "805412016"}, "to": {"phoneNumber": "+14155550100"}},
    )
    assert out.status_code == 201
    session = out.json()["session"]
    mine = session["parties"][0]
    assert mine["direction"] == "Outbound" and mine["from"]["deviceId"] == "805412016"
    conference = await driver.rest.post("/restapi/v1.0/account/~/telephony/conference")
    assert conference.status_code == 201
    assert conference.json()["session"]["origin"]["type"] == "Conference"


async def test_the_control_api_records_history_and_requests(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    await driver.act(sid, pid, "hold")
    await driver.act(sid, pid, "hold")  # refused: already on hold
    await driver.control.post(f"/calls/{sid}/hangup")
    view = await driver.view(sid)
    assert view["history"] == ["Proceeding", "Answered", "Hold", "Disconnected"]
    assert [(r["method"], r["path"].rsplit("/", 1)[-1], r["status"]) for r in view["requests"]] == [
        ("POST", "hold", 200),
        ("POST", "hold", 409),
    ]


async def test_far_end_hold_shows_on_the_far_party(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    response = await driver.control.post(f"/calls/{sid}/hold")
    assert response.status_code == 200
    far = next(p for p in response.json()["parties"] if p["id"] != pid)
    assert far["status"]["code"] == "Hold"
    assert await driver.status(sid, pid) == "Answered"
    again = await driver.control.post(f"/calls/{sid}/hold")
    assert (
        next(p for p in again.json()["parties"] if p["id"] != pid)["status"]["code"] == "Answered"
    )
