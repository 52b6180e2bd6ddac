"""Every call-control method against the emulator: the request it sends and the state after."""

from __future__ import annotations

import pytest

from tests.client.conftest import Phone
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.errors import InvalidNumber


def _last(session: dict) -> dict:
    """The last call-control request the emulator received for this session."""
    return session["requests"][-1]


def _ends(request: dict, method: str, suffix: str) -> bool:
    return request["method"] == method and request["path"].endswith(suffix)


async def test_forward_to_a_typed_number(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring()
    await cc.forward(sid, pid, phone_number="(415) 555-0134")
    session = await phone.session(sid)
    request = _last(session)
    assert _ends(request, "POST", f"/parties/{pid}/forward") and request["status"] == 200
    assert request["body"] == {"phoneNumber": "+14155550134"}
    assert session["history"][-1] != "Proceeding"


async def test_forward_to_my_voicemail(cc: CallControl, phone: Phone, rc) -> None:
    sid, pid = await phone.ring()
    await cc.forward_to_voicemail(sid, pid)
    session = await phone.session(sid)
    assert _last(session)["body"] == {"voicemail": rc.extension_id}
    assert "VoiceMail" in session["history"]


async def test_forward_to_an_extension(cc: CallControl, phone: Phone) -> None:
    colleague = next(e for e in await cc.search_directory("") if e.get("extensionNumber") != "101")
    sid, pid = await phone.ring()
    await cc.forward(sid, pid, extension_number=colleague["extensionNumber"])
    assert _last(await phone.session(sid))["body"] == {
        "extensionNumber": colleague["extensionNumber"]
    }


async def test_invalid_number_sends_nothing(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring()
    with pytest.raises(InvalidNumber) as caught:
        await cc.forward(sid, pid, phone_number="555-01")
    assert "not a valid phone number" in caught.value.message
    with pytest.raises(InvalidNumber):
        await cc.transfer(sid, pid, phone_number="hello")
    assert (await phone.session(sid))["requests"] == []


def test_forward_needs_exactly_one_target() -> None:
    control = CallControl(client=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="exactly one"):
        import asyncio

        asyncio.run(control.forward("s", "p", extension_number="102", voicemail="1"))


async def test_reject(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring()
    await cc.reject(sid, pid)
    request = _last(await phone.session(sid))
    assert _ends(request, "POST", "/reject") and request["status"] == 204


async def test_reply_with_text_and_pattern(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring()
    await cc.reply(sid, pid, text="In a meeting, call you soon")
    assert _last(await phone.session(sid))["body"] == {
        "replyWithText": "In a meeting, call you soon"
    }
    sid, pid = await phone.ring()
    await cc.reply(sid, pid, pattern="WillCallYouBack", time=5, time_unit="Minute")
    assert _last(await phone.session(sid))["body"] == {
        "replyWithPattern": {"pattern": "WillCallYouBack", "time": 5, "timeUnit": "Minute"}
    }


async def test_ignore_sends_my_device(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring(queueCall=True)
    device = await cc.default_device_id()
    try:
        await cc.ignore(sid, pid)
    except Exception as error:  # a non-queue call is refused with 409 by the rules
        assert getattr(error, "status", None) == 409
    request = _last(await phone.session(sid))
    assert _ends(request, "POST", "/ignore") and request["body"] == {"deviceId": device}


async def test_hold_and_unhold(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.answered()
    held = await cc.hold(sid, pid)
    assert held is not None and held["status"]["code"] == "Hold"
    assert (await phone.my_party(sid, pid))["status"]["code"] == "Hold"
    await cc.unhold(sid, pid)
    session = await phone.session(sid)
    assert session["history"][-2:] == ["Hold", "Answered"]


async def test_mute_sends_the_flat_body(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.answered()
    await cc.mute(sid, pid)
    assert _last(await phone.session(sid))["body"] == {"muted": True}
    assert (await phone.my_party(sid, pid))["muted"] is True
    await cc.unmute(sid, pid)
    request = _last(await phone.session(sid))
    assert request["method"] == "PATCH" and request["body"] == {"muted": False}
    assert (await phone.my_party(sid, pid))["muted"] is False


async def test_recording_start_pause_resume(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.answered()
    rid = await cc.start_recording(sid, pid)
    assert rid and rid != "None"
    start = _last(await phone.session(sid))
    assert _ends(start, "POST", "/recordings") and start["status"] == 201
    await cc.pause_recording(sid, pid, rid)
    assert _last(await phone.session(sid))["body"] == {"active": False}
    assert (await phone.my_party(sid, pid))["recordings"] == [{"id": rid, "active": False}]
    await cc.resume_recording(sid, pid, rid)
    assert (await phone.my_party(sid, pid))["recordings"] == [{"id": rid, "active": True}]


async def test_park_returns_the_location(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.answered()
    location = await cc.park(sid, pid)
    assert location is not None and location.startswith("*8")
    assert (await phone.my_party(sid, pid))["status"]["code"] == "Parked"


async def test_flip_default_target(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.answered()
    await cc.flip(sid, pid)
    session = await phone.session(sid)
    request = next(r for r in session["requests"] if r["path"].endswith("/flip"))
    assert request["body"] == {"callFlipId": "*2"} and request["status"] == 200
    assert "Disconnected" in session["history"]


@pytest.mark.parametrize(
    ("target", "body"),
    [
        ({"phone_number": "+44 20 7946 0958"}, {"phoneNumber": "+442079460958"}),
        ({"extension_number": "102"}, {"extensionNumber": "102"}),
        ({"park_orbit": "62264440016"}, {"parkOrbit": "62264440016"}),
    ],
)
async def test_transfer_targets(cc: CallControl, phone: Phone, target: dict, body: dict) -> None:
    sid, pid = await phone.answered()
    await cc.transfer(sid, pid, **target)
    request = _last(await phone.session(sid))
    assert _ends(request, "POST", "/transfer") and request["body"] == body
    assert request["status"] == 200


async def test_transfer_to_voicemail_defaults_to_mine(cc: CallControl, phone: Phone, rc) -> None:
    sid, pid = await phone.answered()
    await cc.transfer(sid, pid, voicemail=True)
    assert _last(await phone.session(sid))["body"] == {"voicemail": rc.extension_id}


async def test_drop_and_drop_again(cc: CallControl, phone: Phone) -> None:
    sid, _ = await phone.answered()
    await cc.drop(sid)
    session = await phone.session(sid)
    assert _ends(_last(session), "DELETE", sid) and _last(session)["status"] == 204
    assert session["history"][-1] == "Disconnected"
    await cc.drop(sid)  # already ended: fine


async def test_reading(cc: CallControl, phone: Phone, rc) -> None:
    sid, pid = await phone.ring()
    session = await cc.get_session(sid)
    assert session["id"] == sid and any(p["id"] == pid for p in session["parties"])
    presence = await cc.get_presence()
    assert any(c.get("telephonySessionId") == sid for c in presence["activeCalls"])
    numbers = await cc.forwarding_numbers()
    assert any(n.get("flipNumber") for n in numbers)
    people = await cc.search_directory("Reyes")
    assert people and all("Reyes" in (p.get("lastName") or p.get("name", "")) for p in people)
    info = await cc.extension_info()
    assert str(info["id"]) == rc.extension_id and cc.home_country == "US"


async def test_voicemail_target_is_configurable(rc, phone: Phone) -> None:
    colleague = next(
        e for e in await CallControl(rc).search_directory("") if e["id"] != rc.extension_id
    )
    control = CallControl(rc, voicemail_target=str(colleague["id"]))
    sid, pid = await phone.ring()
    await control.forward_to_voicemail(sid, pid)
    assert _last(await phone.session(sid))["body"] == {"voicemail": str(colleague["id"])}
