"""A small aiohttp server around PushHub for the push tests.

`bearer_auth` below is a TEST DOUBLE of the emulator core's bearer middleware: it accepts
`Bearer <account>.<extension>[.<client>]` and stores the TokenOwner under OWNER_KEY, exactly
where the core's middleware puts it, so the hub's handlers run as they do behind the core.
`POST /restapi/oauth/wstoken` stands in for the core's wstoken route (it calls issue_ws_token).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from aiohttp import web
from websockets.asyncio.client import ClientConnection, connect

from tui.emulator.clock import Clock
from tui.emulator.identity import OWNER_KEY, TokenOwner
from tui.emulator.push import PushHub
from tui.emulator.push.crypto import decrypt_envelope

ACCOUNT = "400100"
ME = "400101"
COLLEAGUE = "400102"
OTHER_ACCOUNT = "900100"
STRANGER = "900101"


def owner_from_token(token: str) -> TokenOwner | None:
    """Decode the test double's bearer token `<account>.<extension>[.<client>]`."""
    parts = token.split(".")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts[:2]):
        return None
    client = parts[2] if len(parts) == 3 else "app"
    return TokenOwner(parts[0], parts[1], client, f"session-{token}")


@web.middleware
async def bearer_auth(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """Test double of the core's bearer middleware (401 OAU-213 for a token it cannot read)."""
    if request.path.startswith("/restapi/"):
        owner = owner_from_token(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if owner is None:
            return web.json_response(
                {"errorCode": "OAU-213", "message": "Token not found"}, status=401
            )
        request[OWNER_KEY] = owner
    return await handler(request)


@dataclass
class PushServer:
    """A running hub on 127.0.0.1 with helpers to talk to it as a given extension."""

    hub: PushHub
    clock: Clock
    url: str = ""
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return int(self.url.rsplit(":", 1)[1])

    def client(
        self, account: str = ACCOUNT, extension: str = ME, app: str = "app"
    ) -> httpx.AsyncClient:
        """An httpx client signed in (test double) as this extension of this app."""
        client = httpx.AsyncClient(
            base_url=self.url,
            headers={"Authorization": f"Bearer {account}.{extension}.{app}"},
            timeout=10,
        )
        self.clients.append(client)
        return client

    async def create_pubnub(
        self, filters: list[str], client: httpx.AsyncClient | None = None
    ) -> dict:
        """Create a PubNub subscription over REST and return its SubscriptionInfo."""
        response = await (client or self.client()).post(
            "/restapi/v1.0/subscription",
            json={"eventFilters": filters, "deliveryMode": {"transportType": "PubNub"}},
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def ws_url(self, client: httpx.AsyncClient | None = None, wsc: str | None = None) -> str:
        """A fresh `/ws?access_token=...` URL (with `&wsc=` to recover)."""
        response = await (client or self.client()).post("/restapi/oauth/wstoken")
        details = response.json()
        url = f"{details['uri']}?access_token={details['ws_access_token']}"
        return url + (f"&wsc={wsc}" if wsc else "")

    async def pubnub_messages(self, info: dict, after: int = 1) -> list[dict]:
        """Decrypted envelopes stored on a PubNub channel after a timetoken (no SDK)."""
        mode = info["deliveryMode"]
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as raw:
            path = f"/v2/subscribe/{mode['subscriberKey']}/{mode['address']}/0"
            body = (await raw.get(path, params={"tt": str(after)})).json()
        return [decrypt_envelope(mode["encryptionKey"], m["d"]) for m in body["m"]]


@asynccontextmanager
async def running_hub(
    *, allow_pubnub: bool = True, ttl: float = 900.0, hold: float = 0.3
) -> AsyncIterator[PushServer]:
    """Start a hub on an ephemeral loopback port; stop it and every client afterwards."""
    clock = Clock()
    server = PushServer(hub=None, clock=clock)  # type: ignore[arg-type]
    hub = PushHub(
        clock=clock,
        allow_pubnub=allow_pubnub,
        subscription_ttl=ttl,
        pubnub_hold_seconds=hold,
        base_url=lambda: server.url,
    )
    server.hub = hub

    async def wstoken(request: web.Request) -> web.Response:
        return web.json_response(hub.issue_ws_token(request[OWNER_KEY]))

    app = web.Application(middlewares=[bearer_auth])
    app.router.add_post("/restapi/oauth/wstoken", wstoken)
    hub.add_routes(app)
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server.url = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        for client in server.clients:
            await client.aclose()
        await hub.close()
        await runner.cleanup()


# -- WebSocket helpers ------------------------------------------------------------------------


async def receive(ws: ClientConnection, timeout: float = 5.0) -> list:
    """The next frame, parsed."""
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def ws_request(
    ws: ClientConnection, message_id: str, method: str, path: str, body: dict | None = None
) -> list:
    """Send a ClientRequest and return the reply with the same messageId (others skipped)."""
    meta = {"type": "ClientRequest", "messageId": message_id, "method": method, "path": path}
    await ws.send(json.dumps([meta] if body is None else [meta, body]))
    for _ in range(50):  # bounded: notifications may arrive before the reply
        frame = await receive(ws)
        if frame[0].get("type") == "ClientRequest" and frame[0].get("messageId") == message_id:
            return frame
    raise AssertionError(f"no reply to {message_id}")


async def ws_subscribe(ws: ClientConnection, filters: list[str]) -> dict:
    """Create the connection's subscription; return SubscriptionInfo."""
    body = {"eventFilters": filters, "deliveryMode": {"transportType": "WebSocket"}}
    reply = await ws_request(ws, "sub-1", "POST", "/restapi/v1.0/subscription/", body)
    assert reply[0]["status"] == 200, reply
    return reply[1]


@asynccontextmanager
async def ws_connected(url: str) -> AsyncIterator[tuple[ClientConnection, list]]:
    """An open gateway connection and its ConnectionDetails frame."""
    async with connect(url, open_timeout=5) as ws:
        details = await receive(ws)
        yield ws, details


async def notifications(ws: ClientConnection, count: int) -> list[list]:
    """The next `count` ServerNotification frames."""
    frames = []
    for _ in range(count * 5 + 10):  # bounded
        frame = await receive(ws)
        if frame[0]["type"] == "ServerNotification":
            frames.append(frame)
            if len(frames) == count:
                return frames
    raise AssertionError(f"only {len(frames)} of {count} notifications")


def telephony_body(
    session: str, sequence: int, status: str = "Proceeding", extension: str = ME
) -> dict:
    """A minimal telephony-session event body with one party."""
    return {
        "sequence": sequence,
        "telephonySessionId": session,
        "sessionId": "1001",
        "serverId": "10.0.0.1.TAM",
        "eventTime": "2026-01-01T00:00:00.000Z",
        "origin": {"type": "Call"},
        "parties": [
            {
                "accountId": ACCOUNT,
                "extensionId": extension,
                "id": f"p-{session}-2",
                "direction": "Inbound",
                "from": {"phoneNumber": "+16505550123", "name": "Ada Lovelace"},
                "to": {"phoneNumber": "+16505550100", "extensionId": extension},
                "status": {"code": status, "rcc": False},
                "missedCall": False,
                "standAlone": False,
                "muted": False,
            }
        ],
    }


def publish_calls(hub: PushHub, first: int, count: int, session: str = "s-1") -> None:
    """Publish `count` telephony events for my extension with sequences from `first`."""
    for sequence in range(first, first + count):
        hub.publish_telephony(ACCOUNT, ME, telephony_body(session, sequence))
