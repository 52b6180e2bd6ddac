"""The WebSocket event-latency baseline: a bare client of RingCentral's WebSocket gateway.

It does only what any RingCentral WebSocket client must: sign in with the JWT grant, get a
gateway token (`/restapi/oauth/wstoken`), open the socket with the `websockets` library
(calldeck's too), subscribe with the same filters over the socket, and `json.loads` each
frame. It stamps `time.monotonic()` when the parsed notification is in hand; no call state,
no UI, no recovery or heartbeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import defaultdict
from typing import Any
from urllib.parse import quote

import httpx
from websockets.asyncio.client import ClientConnection, connect

from bench.sdk_subscriber import note_shown, sign_in
from tui.ringcentral.push.filters import event_filters

READY_S = 15.0


class WsSubscriber:
    """`async with WsSubscriber(credentials) as sub:` listening; `sub.received` fills up."""

    def __init__(self, credentials: dict[str, Any]) -> None:
        self.credentials = credentials
        self.received: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> WsSubscriber:
        async with httpx.AsyncClient(base_url=self.credentials["server"], timeout=10) as http:
            http.headers["Authorization"] = f"Bearer {await sign_in(http, self.credentials)}"
            response = await http.post("/restapi/oauth/wstoken")
            response.raise_for_status()
            token = response.json()
        url = f"{token['uri']}?access_token={quote(str(token['ws_access_token']), safe='')}"
        self._socket = socket = await connect(url, proxy=None, max_size=4 * 2**20)
        await asyncio.wait_for(socket.recv(), READY_S)  # ConnectionDetails
        message_id = str(uuid.uuid4())
        meta = {"type": "ClientRequest", "messageId": message_id, "method": "POST"}
        meta["path"] = "/restapi/v1.0/subscription/"
        body = {"eventFilters": event_filters(), "deliveryMode": {"transportType": "WebSocket"}}
        await socket.send(json.dumps([meta, body]))
        while True:  # the reply to the subscription request
            reply = json.loads(await asyncio.wait_for(socket.recv(), READY_S))
            if reply[0].get("messageId") == message_id:
                break
        if not 200 <= int(reply[0].get("status") or 0) < 300:
            raise RuntimeError(f"the gateway refused the subscription: {reply}")
        self._reader = asyncio.create_task(self._read(socket))
        return self

    async def _read(self, socket: ClientConnection) -> None:
        async for raw in socket:
            frame = json.loads(raw)
            now = time.monotonic()
            if frame[0].get("type") == "ServerNotification" and len(frame) > 1:
                note_shown(frame[1], now, self.received)

    async def __aexit__(self, *exc_info: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._socket is not None:
            await self._socket.close()
