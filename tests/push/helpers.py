"""Test helpers for the push layer: a signed-in client, a recorder of what LiveCalls reports,
and the emulator's control API for scripting calls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tui.calls import Call
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls
from tui.ringcentral.push.timing import PushTiming

# Small delays so outages heal in well under a second; production values otherwise.
FAST = PushTiming(reconnect_base=0.05, reconnect_cap=0.4, pubnub_reconnect_interval=0.2)


async def wait_until(
    condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Poll `condition` until it is truthy; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def signed_in(emulator: Emulator | dict[str, Any]) -> AsyncIterator[RingCentralClient]:
    """A RingCentralClient signed in with the JWT credential of an emulator (or its line)."""
    creds = emulator if isinstance(emulator, dict) else emulator.credentials
    client = await RingCentralClient.sign_in_jwt(
        Credentials(creds["server"], creds["clientId"], creds["clientSecret"], creds["jwt"])
    )
    try:
        yield client
    finally:
        await client.aclose()


class Feed:
    """Records everything LiveCalls reports, for assertions."""

    def __init__(self) -> None:
        self.reports: list[Call] = []
        self.views: list[dict[str, Any]] = []
        self.connections: list[tuple[ConnectionState, str | None]] = []
        self.notifications: list[dict] = []

    def on_calls(self, calls: list[Call]) -> None:
        self.reports.extend(calls)
        self.views.extend(call.to_json() for call in calls)

    def on_connection(self, state: ConnectionState, transport: str | None) -> None:
        self.connections.append((state, transport))

    def on_notification(self, envelope: dict) -> None:
        self.notifications.append(envelope)

    def states(self, sid: str) -> list[str]:
        """The states reported for one call, consecutive repeats folded."""
        out: list[str] = []
        for view in self.views:
            if view["telephonySessionId"] == sid and (not out or out[-1] != view["state"]):
                out.append(view["state"])
        return out

    def last(self, sid: str) -> dict[str, Any] | None:
        """The latest view reported for one call."""
        for view in reversed(self.views):
            if view["telephonySessionId"] == sid:
                return view
        return None

    def live(self, client: RingCentralClient, **options: Any) -> LiveCalls:
        """A LiveCalls wired to this recorder (fast reconnect timing unless given)."""
        options.setdefault("timing", FAST)
        return LiveCalls(
            client,
            on_calls=self.on_calls,
            on_connection=self.on_connection,
            on_notification=self.on_notification,
            **options,
        )


@asynccontextmanager
async def live_feed(emulator: Emulator, **options: Any) -> AsyncIterator[tuple[Feed, LiveCalls]]:
    """A started LiveCalls on the emulator (signed in), stopped on exit; yields (feed, live)."""
    feed = Feed()
    async with signed_in(emulator) as client:
        live = feed.live(client, **options)
        await live.start()
        try:
            yield feed, live
        finally:
            await live.stop()


async def ring(ctl: Control, feed: Feed, caller: str = "+16505550123") -> str:
    """An inbound call from `caller`, once the feed shows it ringing; returns its session id."""
    sid = await ctl.call(**{"from": caller})
    await wait_until(lambda: feed.states(sid)[-1:] == ["ringing"], what=f"{caller} ringing")
    return sid


# What a clean start on the WebSocket gateway reports, and nothing else.
STRAIGHT_TO_WEBSOCKET = [(ConnectionState.CONNECTING, None), (ConnectionState.LIVE, "websocket")]


class Control:
    """The emulator's control API: script calls from the far end and inject faults."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def call(self, **body: Any) -> str:
        """Start a call (inbound to the user by default); return its telephonySessionId."""
        response = await self.http.post("/calls", json=body or {"from": "+16505550123"})
        assert response.status_code == 201, response.text
        return response.json()["telephonySessionId"]

    async def act(self, sid: str, action: str) -> None:
        """answer / hold / hangup from the far end (or the user's desk phone for answer)."""
        response = await self.http.post(f"/calls/{sid}/{action}")
        assert response.status_code < 300, response.text

    async def fault(self, **body: Any) -> None:
        """POST /_emulator/faults."""
        response = await self.http.post("/faults", json=body)
        assert response.status_code < 300, response.text

    async def requests(self) -> list[dict[str, Any]]:
        """Every REST request the emulator received."""
        response = await self.http.get("/requests")
        data = response.json()
        return data["records"] if isinstance(data, dict) else data


_CLIENT_CODE = (
    "/pubnub/",
    "/websockets/",
    "/httpx/",
    "/httpcore/",
    "/tui/ringcentral/",
    "/tui/calls/",
)


def leftover_client_tasks() -> list[asyncio.Task]:
    """Pending tasks running client-side code (SDK, sockets, our push layer).

    The emulator runs in the same loop, so its own server tasks are not counted.
    """
    current = asyncio.current_task()
    leftovers = []
    for task in asyncio.all_tasks():
        if task is current or task.done():
            continue
        code = getattr(task.get_coro(), "cr_code", None)
        filename = code.co_filename if code is not None else ""
        if any(part in filename for part in _CLIENT_CODE) or task.get_name().startswith(
            "calldeck-"
        ):
            leftovers.append(task)
    return leftovers
