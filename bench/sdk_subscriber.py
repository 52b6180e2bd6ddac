"""The event-latency baseline: a bare `pubnub` SDK subscriber with AES decrypt.

It does only what any RingCentral PubNub client must: sign in with the JWT grant, create
a subscription with the same filters calldeck uses, subscribe with the stock SDK, and
decrypt + parse each message. It stamps `time.monotonic()` when the parsed envelope is in
hand; no call state, no UI. calldeck's own decrypt is reused so both pay the same AES.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.load import ACTIVE, GONE, RINGING
from tui.ringcentral.push.crypto import decrypt_notification
from tui.ringcentral.push.filters import event_filters

# The one party an extension-level telephony event carries, read the bench's way.
STATUS_SHOWS = {"Proceeding": RINGING, "Answered": ACTIVE, "Disconnected": GONE}


def note_shown(envelope: dict, now: float, received: dict[str, list[tuple[float, str]]]) -> None:
    """Record, for a telephony event, what its one party's status shows, at `now`."""
    body = envelope.get("body") or {}
    parties = body.get("parties") or []
    if parties:
        shows = STATUS_SHOWS.get((parties[0].get("status") or {}).get("code"))
        if shows:
            received[body["telephonySessionId"]].append((now, shows))


async def sign_in(http: httpx.AsyncClient, credentials: dict[str, Any]) -> str:
    """An access token from the JWT grant, as any RingCentral app gets one."""
    response = await http.post(
        "/restapi/oauth/token",
        auth=(credentials["clientId"], credentials["clientSecret"]),
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": credentials["jwt"],
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


class SdkSubscriber:
    """`async with SdkSubscriber(credentials) as sub:` listening; `sub.received` fills up."""

    def __init__(self, credentials: dict[str, Any], *, keep: bool = False) -> None:
        self.credentials = credentials
        self.received: dict[str, list[tuple[float, str]]] = defaultdict(list)
        # With `keep`, every decrypted envelope as JSON text: a recorded stream.
        self.kept: list[str] | None = [] if keep else None
        self.subscription_id = ""
        self._http = httpx.AsyncClient(base_url=credentials["server"], timeout=10)
        self._pubnub: Any = None
        self._connected = asyncio.Event()

    async def __aenter__(self) -> SdkSubscriber:
        token = await self._sign_in()
        self._http.headers["Authorization"] = f"Bearer {token}"
        response = await self._http.post(
            "/restapi/v1.0/subscription",
            json={
                "eventFilters": event_filters(),
                "deliveryMode": {"transportType": "PubNub", "encryption": True},
                "expiresIn": 900,
            },
        )
        response.raise_for_status()
        info = response.json()
        self.subscription_id = info["id"]
        delivery = info["deliveryMode"]
        self._listen(delivery["subscriberKey"], delivery["address"], delivery["encryptionKey"])
        await asyncio.wait_for(self._connected.wait(), 15)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._pubnub is not None:
            self._pubnub.unsubscribe_all()
            await self._pubnub.stop()
        if self.subscription_id:
            await self._http.delete(f"/restapi/v1.0/subscription/{self.subscription_id}")
        await self._http.aclose()

    async def _sign_in(self) -> str:
        return await sign_in(self._http, self.credentials)

    def _listen(self, subscribe_key: str, channel: str, key: str) -> None:
        from pubnub.callbacks import SubscribeCallback
        from pubnub.enums import PNStatusCategory
        from pubnub.pnconfiguration import PNConfiguration
        from pubnub.pubnub_asyncio import PubNubAsyncio

        received, connected, kept = self.received, self._connected, self.kept

        class Listener(SubscribeCallback):
            def message(self, pubnub: Any, message: Any) -> None:
                envelope = decrypt_notification(message.message, key)
                now = time.monotonic()
                if kept is not None:
                    kept.append(json.dumps(envelope))
                note_shown(envelope, now, received)

            def status(self, pubnub: Any, status: Any) -> None:
                if status.category == PNStatusCategory.PNConnectedCategory:
                    connected.set()

            def presence(self, pubnub: Any, presence: Any) -> None:
                """Not used by RingCentral."""

        config = PNConfiguration()
        config.subscribe_key = subscribe_key
        config.user_id = "bench-baseline"
        config.origin = urlsplit(self.credentials["server"]).netloc
        config.ssl = False
        self._pubnub = PubNubAsyncio(config)
        self._pubnub.add_listener(Listener())
        self._pubnub.subscribe().channels([channel]).execute()
