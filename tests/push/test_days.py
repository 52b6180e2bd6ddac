"""A feed that lasts for days: the sign-in kept fresh on a quiet socket, a subscription lost on
the server noticed and replaced, the gateway's absolute timeout met before it cuts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from tests.push.emulated_time import EmulatedTime
from tests.push.helpers import Control, Feed, ring, signed_in, wait_until
from tui.emulator import Emulator
from tui.ringcentral.push.live import LiveCalls

REFRESH_GRANT = "refresh_token"


@asynccontextmanager
async def emulated_feed(
    emulator: Emulator, transport: str, time: EmulatedTime
) -> AsyncIterator[tuple[Feed, LiveCalls]]:
    """A started LiveCalls whose clocks (push timers and token expiry) follow `time`."""
    feed = Feed()
    async with signed_in_at(emulator, time) as client:
        live = feed.live(client, transport=transport, clock=time)
        await live.start()
        try:
            yield feed, live
        finally:
            await live.stop()


@asynccontextmanager
async def signed_in_at(emulator: Emulator, time: EmulatedTime) -> AsyncIterator[Any]:
    from tui.ringcentral.auth import Credentials
    from tui.ringcentral.client import RingCentralClient

    creds = emulator.credentials
    client = await RingCentralClient.sign_in_jwt(
        Credentials(creds["server"], creds["clientId"], creds["clientSecret"], creds["jwt"]),
        now=time.now,
    )
    try:
        yield client
    finally:
        await client.aclose()


async def pass_time(emulator: Emulator, time: EmulatedTime, seconds: float, step: float) -> None:
    """Move both clocks `seconds` forward in `step`s, letting the client's timers run between."""
    import asyncio

    moved = 0.0
    while moved < seconds:
        jump = min(step, seconds - moved)
        time.advance(emulator, jump)
        moved += jump
        await asyncio.sleep(0.02)


def token_grants(emulator: Emulator) -> list[str]:
    """grant_type of every token request the emulator answered 200."""
    grants = []
    for exchange in emulator.exchanges:
        if exchange.path == "/restapi/oauth/token" and exchange.status == 200:
            form = dict(p.split("=", 1) for p in exchange.request_body.decode().split("&"))
            grants.append(form.get("grant_type", ""))
    return grants


async def test_a_quiet_websocket_keeps_its_sign_in_fresh(emulator: Emulator, ctl: Control) -> None:
    time = EmulatedTime()
    async with emulated_feed(emulator, "websocket", time) as (feed, live):
        # Three hours without a single call: the socket is healthy and makes no REST calls.
        await pass_time(emulator, time, 3 * 3600, step=300)
        await wait_until(lambda: live.refresh_timer.refreshes >= 3, what="three refreshes")
        assert token_grants(emulator).count(REFRESH_GRANT) >= 3
        assert live.client.signed_in
        await ring(ctl, feed)  # and the feed still delivers


@pytest.mark.parametrize("transport", ["pubnub", "websocket"])
async def test_a_subscription_deleted_on_the_server_is_replaced_within_two_minutes(
    emulator: Emulator, ctl: Control, transport: str
) -> None:
    time = EmulatedTime()
    async with emulated_feed(emulator, transport, time) as (feed, live):
        lost = live.transport
        gone = lost.subscription.id if transport == "pubnub" else lost.subscription["id"]
        sid = await ring(ctl, feed)
        # Another client of the same app (an admin tool, say) deletes our subscription.
        async with signed_in(emulator) as other:
            await other.request("DELETE", f"/restapi/v1.0/subscription/{gone}")
        await ctl.act(sid, "answer")  # never delivered: nobody is subscribed
        await pass_time(emulator, time, 120, step=10)
        await wait_until(lambda: lost.subscriptions_lost == 1, what="the loss noticed")
        # The re-sync that follows shows what was missed; new events arrive again.
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="answered, re-synced")
        await ctl.act(sid, "hangup")
        await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="hung up, delivered")
        assert [s.id for s in emulator.hub.store.live()] != [gone]


async def test_the_socket_is_replaced_before_the_gateways_absolute_timeout(
    emulator: Emulator, ctl: Control
) -> None:
    time = EmulatedTime()
    async with emulated_feed(emulator, "websocket", time) as (feed, live):
        transport = live.transport
        # (Before the subscription's own 24 h are over: that is another test's business.)
        await pass_time(emulator, time, 86400 - 240, step=600)
        await wait_until(lambda: transport.planned_reconnects == 1, what="a planned reconnect")
        await wait_until(lambda: transport.recoveries == 1, what="recovered with wsc")
        assert transport.resubscribes == 0  # the session and its subscription were kept
        await ring(ctl, feed)
