"""Malformed and misdirected Call Control requests: 400 / 404 with RingCentral error bodies.

These requests are deliberately wrong, so they are sent without the calldeck User-Agent
(the contract fixture then validates only the emulator's responses, not the requests).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.emulator.helpers import SESSIONS, CallDriver, error_code, parameter_name, signed_in
from tui.emulator import Emulator


@pytest.fixture
async def raw(emulator: Emulator, control: httpx.AsyncClient) -> AsyncIterator[CallDriver]:
    """A driver whose REST client is plain httpx (requests not validated)."""
    async with signed_in(emulator.credentials, user_agent="python-httpx/test") as rest:
        yield CallDriver(rest, control)


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"phoneNumber": "+14155550123", "voicemail": "62264425016"}, "voicemail"),
        ({}, "phoneNumber"),
        ({"phoneNumber": "4155550123"}, "phoneNumber"),
        ({"phoneNumber": "+1 (415) 555-0123"}, "phoneNumber"),
        ({"phoneNumber": 14155550123}, "phoneNumber"),
    ],
)
async def test_forward_bodies_are_checked(raw: CallDriver, body: dict, parameter: str) -> None:
    sid, pid = await raw.ring()
    response = await raw.act(sid, pid, "forward", json=body)
    assert response.status_code == 400
    assert error_code(response) == "CMN-101"
    assert parameter_name(response) == parameter
    # Nothing happened to the call.
    assert await raw.status(sid, pid) == "Proceeding"


async def test_forward_to_an_unknown_voicemail_box_is_404(raw: CallDriver) -> None:
    sid, pid = await raw.ring()
    response = await raw.act(sid, pid, "forward", json={"voicemail": "999"})
    assert response.status_code == 404
    assert parameter_name(response) == "voicemail"


@pytest.mark.parametrize(
    ("action", "method", "body", "parameter"),
    [
        ("", "PATCH", {}, "muted"),
        ("", "PATCH", {"muted": "yes"}, "muted"),
        ("", "PATCH", {"party": {"muted": 1}}, "muted"),
        ("flip", "POST", {}, "callFlipId"),
        (
            "transfer",
            "POST",
            {"phoneNumber": "+14155550123", "extensionNumber": "102"},
            "extensionNumber",
        ),
        ("hold", "POST", {"proto": "Carrier pigeon"}, "proto"),
    ],
)
async def test_answered_call_bodies_are_checked(
    raw: CallDriver, action: str, method: str, body: dict, parameter: str
) -> None:
    sid, pid = await raw.answered()
    response = await raw.act(sid, pid, action, method=method, json=body)
    assert response.status_code == 400
    assert parameter_name(response) == parameter
    assert await raw.status(sid, pid) == "Answered"


async def test_recording_update_needs_active(raw: CallDriver) -> None:
    sid, pid = await raw.answered()
    recording = (await raw.act(sid, pid, "recordings")).json()
    response = await raw.act(sid, pid, f"recordings/{recording['id']}", method="PATCH", json={})
    assert response.status_code == 400
    assert parameter_name(response) == "active"


async def test_answer_needs_a_device_of_mine(raw: CallDriver) -> None:
    sid, pid = await raw.ring()
    missing = await raw.act(sid, pid, "answer", json={})
    assert missing.status_code == 400 and parameter_name(missing) == "deviceId"
    foreign = await raw.act(sid, pid, "answer", json={"deviceId": "1"})
    assert foreign.status_code == 404 and parameter_name(foreign) == "deviceId"


async def test_unparsable_json_is_400(raw: CallDriver) -> None:
    sid, pid = await raw.ring()
    response = await raw.rest.post(
        f"{SESSIONS}/{sid}/parties/{pid}/forward",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert error_code(response) == "CMN-103"


async def test_unknown_session_and_party_are_404(raw: CallDriver) -> None:
    sid, pid = await raw.ring()
    no_session = await raw.rest.get(f"{SESSIONS}/s-0000")
    assert no_session.status_code == 404
    assert error_code(no_session) == "CMN-102"
    assert parameter_name(no_session) == "telephonySessionId"
    no_party = await raw.act(sid, f"{pid}0", "hold")
    assert no_party.status_code == 404
    assert parameter_name(no_party) == "partyId"


async def test_someone_elses_party_is_forbidden(raw: CallDriver) -> None:
    sid, pid = await raw.ring()
    session = (await raw.rest.get(f"{SESSIONS}/{sid}")).json()
    caller = next(p for p in session["parties"] if p["id"] != pid)
    response = await raw.act(sid, caller["id"], "hold")
    assert response.status_code == 403


async def test_another_account_is_404(raw: CallDriver) -> None:
    sid, _ = await raw.ring()
    response = await raw.rest.get(f"/restapi/v1.0/account/12345/telephony/sessions/{sid}")
    assert response.status_code == 404
    assert parameter_name(response) == "accountId"
