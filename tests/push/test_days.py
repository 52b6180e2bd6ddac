"""A feed that lasts for days: the sign-in kept fresh on a quiet socket, a subscription lost on
the server noticed and replaced, the gateway's absolute timeout met before it cuts."""

from __future__ import annotations

import pytest

from tests.push.emulated_time import EmulatedTime, emulated_feed, pass_time, signed_in_at
from tests.push.helpers import Control, Feed, ring, signed_in, wait_until
from tests.reliability.oracle import token_grants
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.push.connection import ConnectionState


async def test_a_quiet_websocket_keeps_its_sign_in_fresh(emulator: Emulator, ctl: Control) -> None:
    time = EmulatedTime()
    async with emulated_feed(emulator, "websocket", time) as (feed, live):
        # Four hours without a single call: the socket is healthy and makes no REST calls.
        await pass_time(emulator, time, 4 * 3600, step=300, live=live)
        await wait_until(lambda: token_grants(emulator, "refresh_token") >= 3, what="refreshes")
        assert live.refresh_timer is not None and live.refresh_timer.refreshes >= 1
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
        await pass_time(emulator, time, 120, step=10, live=live)
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
        await pass_time(emulator, time, 86400 - 240, step=600, live=live)
        await wait_until(lambda: transport.planned_reconnects == 1, what="a planned reconnect")
        await wait_until(lambda: transport.recoveries == 1, what="recovered with wsc")
        assert transport.resubscribes == 0  # the session and its subscription were kept
        # ...and the subscription, which RingCentral says lives 24 h, was renewed in time.
        assert transport.subscription_renewals == 1
        await ring(ctl, feed)


async def test_an_ended_sign_in_is_known_at_once_on_a_quiet_socket(
    emulator: Emulator, ctl: Control
) -> None:
    time = EmulatedTime()
    async with signed_in_at(emulator, time) as signed:
        saved = signed.saved_sign_in()  # what `calldeck login` keeps: no JWT to fall back on
    client = RingCentralClient(
        Credentials(saved.server, saved.client_id, saved.client_secret),
        saved.tokens,
        account_id=saved.account_id,
        extension_id=saved.extension_id,
        now=time.now,
    )
    feed = Feed()
    live = feed.live(client, transport="websocket", clock=time)
    try:
        await live.start()
        await ctl.fault(revokeRefreshTokens=True)  # an admin ends the session
        # The socket stays healthy; only the timer's refresh finds out, before the token dies.
        await pass_time(emulator, time, 3600, step=300, live=live)
        await wait_until(lambda: live.state == ConnectionState.DOWN, what="down at once")
        assert not client.signed_in
        assert feed.connections[-1] == (ConnectionState.DOWN, "websocket")
    finally:
        await live.stop()
        await client.aclose()
