"""RingCentral's own Python SDK (`ringcentral` on the package index) against the emulator.

Our client and our emulator could drift together and still agree with each other; an
independent client cannot. This signs in with JWT, reads the extension, subscribes over the
WebSocket gateway and receives the telephony event of a call made through the control API,
all with the SDK's code, not ours.

The SDK's REST side is synchronous (`requests`), so it runs in a worker thread while the
emulator serves on this test's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx
import pytest
import ringcentral
from ringcentral.websocket.events import WebSocketEvents

from tests.emulator.helpers import wait_for
from tui.emulator import Emulator

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"


async def test_the_official_python_sdk_signs_in_reads_subscribes_and_receives(
    emulator: Emulator, control: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # `requests` reads proxies from env
    creds = emulator.credentials
    sdk = ringcentral.SDK(creds["clientId"], creds["clientSecret"], creds["server"])
    platform = sdk.platform()
    await asyncio.to_thread(platform.login, jwt=creds["jwt"])
    me = (await asyncio.to_thread(platform.get, "/restapi/v1.0/account/~/extension/~")).json_dict()
    assert str(me["id"]) == creds["extensionId"]

    client = sdk.create_web_socket_client()
    frames: list[list] = []
    notifications: list[list] = []
    client.on(WebSocketEvents.receiveMessage, lambda message: frames.append(json.loads(message)))
    client.on(WebSocketEvents.receiveSubscriptionNotification, notifications.append)
    # create_new_connection() would fetch the ws token synchronously on this loop, which
    # serves the emulator; fetch it in a thread and open the connection as the SDK does.
    token = await asyncio.to_thread(client.get_web_socket_token)
    reading = asyncio.create_task(client.open_connection(token["uri"], token["ws_access_token"]))
    try:
        await wait_for(lambda: client._is_ready)
        await client.create_subscription([TELEPHONY])
        # SDK bug (ringcentral-python#92): 0.9.2 waits for a `WSG-SubscriptionId` header on
        # the subscription reply, which RingCentral stopped sending in 2025 (and the emulator
        # does not send either), so its `subscriptionCreated` event never fires. Work around
        # it: take the reply to the SDK's own ClientRequest as the proof of subscription.
        await wait_for(lambda: any(subscribed(frame) for frame in frames))

        made = await control.post("/calls", json={"from": "+16505550123"})
        sid = made.json()["telephonySessionId"]
        # The call rings: its Proceeding event reaches the SDK's subscriber.
        await wait_for(lambda: "Proceeding" in codes(notifications, sid))
    finally:
        await client.close_connection()
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await reading
    event = next(n for n in notifications if about(n, sid))[1]
    assert event["event"].endswith("/telephony/sessions")
    assert event["ownerId"] == creds["extensionId"]


def subscribed(frame: list) -> bool:
    """The gateway's answer to a subscription ClientRequest: 200 with the subscription."""
    meta = frame[0]
    body = frame[1] if len(frame) > 1 else {}
    return meta.get("type") == "ClientRequest" and meta.get("status") == 200 and "id" in body


def codes(notifications: list[list], sid: str) -> list[str]:
    """The party status codes of every notification about `sid`, in order."""
    return [
        party["status"]["code"]
        for n in notifications
        if about(n, sid)
        for party in n[1]["body"].get("parties", [])
    ]


def about(notification: list, sid: str) -> bool:
    """True for a ServerNotification about the telephony session `sid`."""
    return notification[1].get("body", {}).get("telephonySessionId") == sid
