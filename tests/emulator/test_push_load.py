"""Bursts: a thousand events back to back reach both transports complete and in order."""

from __future__ import annotations

import time

from tests.emulator.helpers import wait_for
from tests.emulator.push_harness import (
    notifications,
    publish_calls,
    running_hub,
    ws_connected,
    ws_subscribe,
)
from tests.emulator.push_pubnub_sdk import pubnub_subscriber

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"
BURST = 1000


async def test_a_burst_reaches_websocket_and_pubnub_without_loss_or_reordering() -> None:
    async with running_hub(hold=5) as server:
        info = await server.create_pubnub([TELEPHONY])
        async with (
            pubnub_subscriber(server.port, [info]) as received,
            ws_connected(await server.ws_url()) as (ws, _),
        ):
            await ws_subscribe(ws, [TELEPHONY])
            started = time.monotonic()
            publish_calls(server.hub, 1, BURST)
            publish_seconds = time.monotonic() - started
            frames = await notifications(ws, BURST)
            await wait_for(lambda: len(received.envelopes) >= BURST, timeout=20)
        assert [f[1]["body"]["sequence"] for f in frames] == list(range(1, BURST + 1))
        assert [e["body"]["sequence"] for e in received.envelopes] == list(range(1, BURST + 1))
        # Fan-out is queue hand-off and AES only: far below a millisecond per event.
        assert publish_seconds < BURST * 0.002
