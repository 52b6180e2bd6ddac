"""Time that both sides share: the client's clocks follow the emulator's, so a test can move
days forward in seconds and every lifetime (tokens, ws tokens, subscriptions, the gateway's
timeouts) and every client timer (refresh, checks, reconnects) meet as they would for real."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tests.push.helpers import Feed
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls
from tui.ringcentral.push.subscription import PubNubSubscription
from tui.ringcentral.push.timing import PushClock
from tui.ringcentral.push.websocket_transport import WebSocketTransport

# Real seconds between looks at the clock while waiting for it to move.
_POLL = 0.005


class EmulatedTime(PushClock):
    """Real time plus an offset moved together with the emulator's clock (`advance`)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def now(self) -> float:
        """Wall time for the client (token expiry), on the same offset."""
        return time.time() + self.offset

    async def sleep(self, seconds: float) -> None:
        deadline = self.monotonic() + max(0.0, seconds)
        while (left := deadline - self.monotonic()) > 0:
            await asyncio.sleep(min(_POLL, left))

    async def wait_task(self, task: asyncio.Task[Any], seconds: float) -> None:
        deadline = self.monotonic() + max(0.0, seconds)
        while not task.done() and (left := deadline - self.monotonic()) > 0:
            await asyncio.wait({task}, timeout=min(_POLL, left))

    def advance(self, emulator: Emulator, seconds: float) -> None:
        """Move the emulator's clock and ours by `seconds`."""
        self.offset += seconds
        emulator.clock.advance(seconds)

    def join(self, emulator: Emulator) -> None:
        """Bring a freshly started emulator (a restart) to the time already passed."""
        emulator.clock.advance(self.offset - emulator.clock.offset)


@asynccontextmanager
async def signed_in_at(emulator: Emulator, time: EmulatedTime) -> AsyncIterator[RingCentralClient]:
    """A client signed in with the emulator's JWT whose token clock is `time`."""
    creds = emulator.credentials
    client = await RingCentralClient.sign_in_jwt(
        Credentials(creds["server"], creds["clientId"], creds["clientSecret"], creds["jwt"]),
        now=time.now,
    )
    try:
        yield client
    finally:
        await client.aclose()


@asynccontextmanager
async def emulated_feed(
    emulator: Emulator, transport: str, time: EmulatedTime, **options: Any
) -> AsyncIterator[tuple[Feed, LiveCalls]]:
    """A started LiveCalls whose clocks (push timers and token expiry) follow `time`."""
    feed = Feed()
    async with signed_in_at(emulator, time) as client:
        live = feed.live(client, transport=transport, clock=time, **options)
        await live.start()
        try:
            yield feed, live
        finally:
            await live.stop()


async def pass_time(
    emulator: Emulator, time: EmulatedTime, seconds: float, step: float, live: LiveCalls
) -> None:
    """Move both clocks `seconds` forward in `step`s, letting the client settle between."""
    moved = 0.0
    while moved < seconds:
        jump = min(step, seconds - moved)
        time.advance(emulator, jump)
        moved += jump
        await settle(live, since=time.monotonic())


async def settle(live: LiveCalls, since: float) -> None:
    """Let the client finish what the jump at `since` made due (a renewal, a Heartbeat, a
    reconnect), as it would in the real seconds between two jumps; bounded, so a stuck
    client still fails its test."""
    await asyncio.sleep(0.005)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5.0
    while loop.time() < deadline and not idle(live, since):
        await asyncio.sleep(0.005)


def idle(live: LiveCalls, since: float) -> bool:
    """Live, with nothing left to do before time moves on: no PubNub renewal due; on the
    WebSocket, no Heartbeat owed: something received within `heartbeat_idle` of `since`."""
    transport: Any = live.transport
    if live.state != ConnectionState.LIVE or transport is None:
        return False
    if isinstance(transport, WebSocketTransport):
        # A jump that left the socket quiet for a Heartbeat's worth is answered first.
        quiet = since - transport.last_received
        return quiet < transport.timing.heartbeat_idle
    subscription = getattr(transport, "subscription", None)
    return not isinstance(subscription, PubNubSubscription) or (
        subscription.seconds_until_renewal() > 0
    )
