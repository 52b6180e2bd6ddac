"""Complete calls through the whole emulator over loopback, delivered by real push clients.

One call reaches the real pubnub SDK (decrypted with the subscription's AES key) and is
forwarded to voicemail; another reaches a WebSocket gateway client and is answered on the
desk phone, held, muted, recorded, paused, flipped and parked.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.client import ClientConnection

from tests.emulator.helpers import CallDriver, driver, wait_for
from tests.emulator.push_harness import ws_connected, ws_subscribe
from tests.emulator.push_pubnub_sdk import pubnub_subscriber
from tui.emulator import Emulator, EmulatorConfig

__all__ = ["driver"]

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true"


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Short voicemail and long-poll hold so the test runs quickly."""
    return EmulatorConfig(voicemail_seconds=0.3, pubnub_hold_seconds=1.0)


def my_statuses(envelopes: list[dict], sid: str) -> list[str]:
    """Status codes of my parties in the telephony events of one session, in arrival order."""
    return [
        party["status"]["code"]
        for env in envelopes
        if env.get("body", {}).get("telephonySessionId") == sid
        for party in env["body"]["parties"]
    ]


async def test_pubnub_sdk_gets_the_call_and_forwards_it_to_voicemail(
    driver: CallDriver, emulator: Emulator, credentials: dict
) -> None:
    created = await driver.rest.post(
        "/restapi/v1.0/subscription",
        json={
            "eventFilters": [TELEPHONY, PRESENCE],
            "deliveryMode": {"transportType": "PubNub", "encryption": True},
        },
    )
    assert created.status_code == 200, created.text
    port = int(emulator.url.rsplit(":", 1)[1])
    async with pubnub_subscriber(port, [created.json()]) as received:
        sid, pid = await driver.ring(**{"from": "+16505550123", "fromName": "Ada Lovelace"})
        await wait_for(lambda: "Proceeding" in my_statuses(received.envelopes, sid))
        ringing = next(e for e in received.envelopes if "telephonySessionId" in e.get("body", {}))
        party = ringing["body"]["parties"][0]
        assert party["id"] == pid and party["from"]["name"] == "Ada Lovelace"
        assert party["extensionId"] == credentials["extensionId"]
        assert ringing["event"].endswith("/telephony/sessions")
        forward = await driver.act(
            sid, pid, "forward", json={"voicemail": credentials["extensionId"]}
        )
        assert forward.status_code == 200
        await wait_for(lambda: my_statuses(received.envelopes, sid)[-1:] == ["Disconnected"])
    assert my_statuses(received.envelopes, sid) == ["Proceeding", "VoiceMail", "Disconnected"]
    sequences = [
        e["body"]["sequence"] for e in received.envelopes if "telephonySessionId" in e["body"]
    ]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    presence = [e["body"] for e in received.envelopes if "telephonyStatus" in e["body"]]
    assert presence[0]["telephonyStatus"] == "Ringing"
    assert presence[0]["activeCalls"][0]["telephonySessionId"] == sid
    assert presence[-1]["telephonyStatus"] == "NoCall"
    assert received.duplicates == 0


@contextlib.asynccontextmanager
async def collecting(ws: ClientConnection) -> AsyncIterator[list[dict]]:
    """Collect every ServerNotification body from `ws` in the background."""
    bodies: list[dict] = []

    async def read() -> None:
        async for raw in ws:
            frame = json.loads(raw)
            if frame[0].get("type") == "ServerNotification":
                bodies.append(frame[1])

    task = asyncio.create_task(read())
    try:
        yield bodies
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_websocket_call_answered_held_muted_recorded_flipped_parked(
    driver: CallDriver,
) -> None:
    token = (await driver.rest.post("/restapi/oauth/wstoken")).json()
    url = f"{token['uri']}?access_token={token['ws_access_token']}"
    async with ws_connected(url) as (ws, details):
        assert details[0]["type"] == "ConnectionDetails"
        await ws_subscribe(ws, [TELEPHONY])
        async with collecting(ws) as bodies:
            sid, pid = await driver.ring(**{"from": "+14155550142", "fromName": "Grace Hopper"})
            await wait_for(lambda: "Proceeding" in my_statuses(bodies, sid))
            await driver.control.post(f"/calls/{sid}/answer")
            steps = [
                ("hold", "POST", None, 200),
                ("unhold", "POST", None, 200),
                ("", "PATCH", {"muted": True}, 200),
                ("recordings", "POST", None, 201),
            ]
            for action, method, body, expected in steps:
                response = await driver.act(sid, pid, action, method=method, json=body)
                assert response.status_code == expected, (action, response.text)
            recording = response.json()["id"]
            paused = await driver.act(
                sid, pid, f"recordings/{recording}", method="PATCH", json={"active": False}
            )
            assert paused.status_code == 200
            assert (
                await driver.act(sid, pid, "flip", json={"callFlipId": "*1"})
            ).status_code == 200
            leg = (await driver.view(sid))["parties"][-1]["id"]
            parked = await driver.act(sid, leg, "park")
            assert parked.status_code == 201 and parked.json()["park"]["id"].startswith("*8")

            def done() -> bool:
                return my_statuses(bodies, sid)[-1:] == ["Parked"]

            await wait_for(done)
    assert my_statuses(bodies, sid) == [
        "Proceeding", "Answered", "Hold", "Answered",
        "Answered",  # muted
        "Answered",  # recording started
        "Answered",  # recording paused
        "Disconnected",  # the old leg, flipped away
        "Proceeding", "Answered",  # the new leg rings at the flip target and is answered
        "Parked",
    ]  # fmt: skip
    events = [b for b in bodies if b.get("body", {}).get("telephonySessionId") == sid]
    muted = events[4]["body"]["parties"][0]
    assert muted["muted"] is True
    assert events[6]["body"]["parties"][0]["recordings"] == [{"id": recording, "active": False}]
    assert events[7]["body"]["parties"][0]["status"]["reason"] == "CallFlip"
    assert all(len(e["body"]["parties"]) == 1 for e in events)
    assert [e["body"]["sequence"] for e in events] == sorted(e["body"]["sequence"] for e in events)
