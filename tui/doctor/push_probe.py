"""Does push work? Subscribe as the live feed would (WebSocket, or PubNub where offered) and
wait for the connection to come up and report itself, then unsubscribe."""

from __future__ import annotations

import asyncio

from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.push.connection import ConnectionState, PushRefused
from tui.ringcentral.push.filters import event_filters
from tui.ringcentral.push.pubnub_transport import PubNubSilent, PubNubTransport
from tui.ringcentral.push.transport import PushTransport
from tui.ringcentral.push.websocket_transport import WebSocketTransport


class ProbeSink:
    """Counts what a transport reports: states and notifications."""

    def __init__(self) -> None:
        self.states: list[ConnectionState] = []
        self.notifications = 0
        self.heard = asyncio.Event()

    def notification(self, envelope: dict) -> None:
        self.notifications += 1
        self.heard.set()

    def connection(self, state: ConnectionState) -> None:
        self.states.append(state)
        if state is ConnectionState.LIVE:
            self.heard.set()

    def gap(self, reason: str) -> None:
        return None


async def _try(transport: PushTransport, sink: ProbeSink, timeout: float) -> None:
    try:
        await asyncio.wait_for(transport.start(), timeout)
        # A started transport has its subscription; wait for it to say it is live (the
        # gateway's ConnectionDetails, PubNub's connect) or for an event.
        if not sink.heard.is_set():
            await asyncio.wait_for(sink.heard.wait(), timeout)
    finally:
        await transport.stop()


async def probe_push(
    client: RingCentralClient, choice: str, *, account_level: bool = False, timeout: float = 20.0
) -> str:
    """The transport that delivered (`websocket`/`pubnub`); raises what stopped it.

    `auto` tries PubNub first where the server still offers it, then the WebSocket gateway,
    as the live feed does."""
    filters = event_filters(account_level=account_level)
    if choice in ("auto", "pubnub"):
        sink = ProbeSink()
        try:
            await _try(PubNubTransport(client, filters, sink), sink, timeout)
        except (PushRefused, PubNubSilent):
            if choice == "pubnub":
                raise
        else:
            return "pubnub"
    sink = ProbeSink()
    await _try(WebSocketTransport(client, filters, sink), sink, timeout)
    return "websocket"
