"""The push hub wired into the real Emulator: calls made through the control API reach the
real pubnub SDK and a `websockets` client, and the push faults behave as documented."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.emulator.helpers import signed_in, wait_for
from tests.emulator.push_harness import notifications, ws_connected, ws_subscribe
from tests.emulator.push_pubnub_sdk import pubnub_subscriber
from tui.emulator import Emulator, EmulatorConfig

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true"
SESSIONS = "/restapi/v1.0/account/~/telephony/sessions"


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Short long-poll hold and quick voicemail, so nothing waits long."""
    return EmulatorConfig(pubnub_hold_seconds=5, voicemail_seconds=0.2)


async def ws_address(rest: httpx.AsyncClient, wsc: str | None = None) -> str:
    """`uri?access_token=...` from the emulator's wstoken endpoint."""
    token = (await rest.post("/restapi/oauth/wstoken")).json()
    return f"{token['uri']}?access_token={token['ws_access_token']}" + (
        f"&wsc={wsc}" if wsc else ""
    )


def my_statuses(frames: list[list], party_id: str) -> list[str]:
    """Status codes of my party in telephony notifications, in arrival order."""
    return [
        party["status"]["code"]
        for _, envelope in frames
        for party in envelope["body"].get("parties", [])
        if party["id"] == party_id
    ]


async def test_inbound_call_reaches_the_pubnub_sdk_and_is_forwarded_to_voicemail(
    emulator: Emulator, control: httpx.AsyncClient, credentials: dict
) -> None:
    async with signed_in(credentials) as rest:
        created = await rest.post(
            "/restapi/v1.0/subscription",
            json={"eventFilters": [TELEPHONY], "deliveryMode": {"transportType": "PubNub"}},
        )
        assert created.status_code == 200, created.text
        info = created.json()
        async with pubnub_subscriber(int(emulator.url.rsplit(":", 1)[1]), [info]) as received:
            call = (
                await control.post(
                    "/calls", json={"from": "+16505550123", "fromName": "Ada Lovelace"}
                )
            ).json()
            sid, pid = call["telephonySessionId"], call["partyId"]

            def statuses() -> list[str]:
                return my_statuses([[None, e] for e in received.envelopes], pid)

            await wait_for(lambda: "Proceeding" in statuses())
            ringing = received.envelopes[0]
            assert ringing["subscriptionId"] == info["id"]
            assert ringing["ownerId"] == credentials["extensionId"]
            assert ringing["body"]["telephonySessionId"] == sid
            forwarded = await rest.post(
                f"{SESSIONS}/{sid}/parties/{pid}/forward",
                json={"voicemail": credentials["extensionId"]},
            )
            assert forwarded.status_code == 200, forwarded.text
            await wait_for(lambda: statuses()[-1:] == ["Disconnected"])
            assert statuses() == ["Proceeding", "VoiceMail", "Disconnected"]
            sequences = [e["body"]["sequence"] for e in received.envelopes]
            assert sequences == sorted(sequences)


async def test_call_events_over_the_websocket_gateway_survive_a_drop(
    emulator: Emulator, control: httpx.AsyncClient, credentials: dict
) -> None:
    async with signed_in(credentials) as rest:
        async with ws_connected(await ws_address(rest)) as (ws, _):
            await ws_subscribe(ws, [TELEPHONY, PRESENCE])
            call = (await control.post("/calls", json={"from": "+16505550123"})).json()
            sid, pid = call["telephonySessionId"], call["partyId"]
            frames = await notifications(ws, 2)  # my party ringing + my presence
            assert "Proceeding" in my_statuses(frames, pid)
            presence = next(f[1] for f in frames if "/presence" in f[1]["event"])
            assert presence["body"]["activeCalls"][0]["telephonySessionId"] == sid
            last_wsc = frames[-1][0]["wsc"]["token"]
            assert (await control.post("/faults", json={"dropPush": True})).status_code == 200
            with pytest.raises(ConnectionClosed):
                await ws.recv()
        assert (await control.post(f"/calls/{sid}/answer")).status_code == 200
        async with ws_connected(await ws_address(rest, last_wsc)) as (ws, details):
            assert details[1]["recoveryState"] == "Successful"
            replayed = await notifications(ws, 2)  # answered + presence, missed while down
            assert my_statuses(replayed, pid) == ["Answered"]


async def test_subscription_ttl_fault_and_renew_through_the_emulator(
    emulator: Emulator, control: httpx.AsyncClient, credentials: dict
) -> None:
    async with signed_in(credentials) as rest:
        assert (
            await control.post("/faults", json={"subscriptionTtlSeconds": 30})
        ).status_code == 200
        info = (
            await rest.post(
                "/restapi/v1.0/subscription",
                json={"eventFilters": [TELEPHONY], "deliveryMode": {"transportType": "PubNub"}},
            )
        ).json()
        assert 25 <= info["expiresIn"] <= 30
        emulator.clock.advance(31)
        renewed = await rest.post(f"/restapi/v1.0/subscription/{info['id']}/renew")
        assert renewed.status_code == 404 and renewed.json()["errors"][0]["errorCode"] == "SUB-507"


class TestWithoutPubNub:
    """`calldeck emulator --no-pubnub`: PubNub is refused, WebSocket still works."""

    @pytest.fixture
    def emulator_config(self) -> EmulatorConfig:
        return EmulatorConfig(allow_pubnub=False)

    async def test_pubnub_is_refused_and_websocket_still_delivers(
        self, emulator: Emulator, control: httpx.AsyncClient, credentials: dict
    ) -> None:
        async with signed_in(credentials) as rest:
            refused = await rest.post(
                "/restapi/v1.0/subscription",
                json={"eventFilters": [TELEPHONY], "deliveryMode": {"transportType": "PubNub"}},
            )
            assert refused.status_code == 400
            assert "PubNub" in refused.json()["errors"][0]["message"]
            async with ws_connected(await ws_address(rest)) as (ws, _):
                await ws_subscribe(ws, [TELEPHONY])
                call = (await control.post("/calls", json={})).json()
                (frame,) = await notifications(ws, 1)
                assert frame[1]["body"]["telephonySessionId"] == call["telephonySessionId"]
