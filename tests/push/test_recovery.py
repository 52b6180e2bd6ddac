"""Outages against the emulator: nothing lost, nothing doubled, calls end up right."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from tests.push.helpers import (
    FAST,
    STRAIGHT_TO_WEBSOCKET,
    Control,
    Feed,
    leftover_client_tasks,
    live_feed,
    ring,
    wait_until,
)
from tui.emulator import Emulator
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.timing import PushClock


class SkippableClock(PushClock):
    """Real time plus an offset the test can jump forward (e.g. past the recovery window)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return super().monotonic() + self.offset


async def outage_during(ctl: Control, seconds: float = 0.6) -> None:
    """Cut every push connection now and refuse new ones for `seconds`."""
    await ctl.fault(pushOutageSeconds=seconds)
    await ctl.fault(dropPush=True)


def assert_each_notification_once(feed: Feed) -> None:
    uuids = [n["uuid"] for n in feed.notifications]
    assert len(uuids) == len(set(uuids)), "a notification was applied twice"


@pytest.mark.parametrize("transport", ["pubnub", "websocket"])
async def test_events_during_an_outage_arrive_in_order_once(
    emulator: Emulator, ctl: Control, transport: str
) -> None:
    async with live_feed(emulator, transport=transport) as (feed, live):
        used = live.transport
        sid = await ring(ctl, feed)
        await outage_during(ctl)
        if transport == "websocket":  # PubNub may heal before the SDK reports anything
            await wait_until(lambda: live.state == ConnectionState.RECOVERING, what="recovering")
        # These happen while we are cut off.
        await ctl.act(sid, "answer")
        second = await ctl.call(**{"from": "+16505550199"})
        await ctl.act(sid, "hangup")
        await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="ended")
        await wait_until(lambda: feed.states(second) == ["ringing"], what="second call")
        await wait_until(lambda: live.state == ConnectionState.LIVE, what="live again")
    assert feed.states(sid) == ["ringing", "active", "ended"]
    assert (ConnectionState.RECOVERING, transport) in feed.connections
    assert_each_notification_once(feed)
    # Nothing was lost, so nothing needed a re-sync beyond the one at start.
    assert live.resyncs == 1
    if transport == "websocket":
        assert used.recoveries >= 1 and used.resubscribes == 0
    assert leftover_client_tasks() == []


async def test_pubnub_redelivery_after_reconnect_is_dropped(
    emulator: Emulator, ctl: Control
) -> None:
    # pubnub 10.8.0 re-delivers the first batch after a reconnect (pubnub.md §8) when the
    # first retry succeeds: cut the long-poll and publish before that retry (>= 0.2 s).
    async with live_feed(emulator, transport="pubnub") as (feed, live):
        used = live.transport
        sid = await ring(ctl, feed)
        await ctl.fault(dropPush=True)
        await ctl.act(sid, "answer")
        await ctl.act(sid, "hangup")
        await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="ended")
        await wait_until(lambda: used.duplicates_dropped >= 1, what="a re-delivery")
    assert_each_notification_once(feed)
    assert feed.states(sid) == ["ringing", "active", "ended"]
    # Every report is news. Compare whole calls, not JSON views: presence's `startTime` can
    # move the start 1 ms earlier than the first event's time, which the view does not show.
    reports = [c for c in feed.reports if c.telephony_session_id == sid]
    assert all(a != b for a, b in itertools.pairwise(reports))


@pytest.mark.parametrize("how", ["recovery-failed", "window-passed"])
async def test_websocket_session_lost_resubscribes_and_resyncs(
    emulator: Emulator, ctl: Control, how: str
) -> None:
    clock = SkippableClock()
    async with live_feed(emulator, transport="websocket", clock=clock) as (feed, live):
        transport = live.transport
        sid = await ring(ctl, feed)
        if how == "recovery-failed":
            transport._wsc = {"token": "not-a-session-the-gateway-knows", "sequence": 1}
        await outage_during(ctl)
        await wait_until(lambda: live.state == ConnectionState.RECOVERING, what="recovering")
        if how == "window-passed":
            clock.offset += transport.recovery_timeout + 1
        # Missed for good: only the re-sync can tell us.
        await ctl.act(sid, "answer")
        second = await ctl.call(**{"from": "+16505550199"})
        await wait_until(lambda: live.state == ConnectionState.LIVE, what="live again")
        await wait_until(lambda: live.resyncs >= 2, what="re-sync")
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="answer seen")
        await wait_until(lambda: feed.states(second) == ["ringing"], what="second call")
        # and the new subscription delivers
        await ctl.act(second, "hangup")
        await wait_until(lambda: feed.states(second)[-1:] == ["ended"], what="hangup seen")
    assert transport.resubscribes == 1 and transport.recoveries == 0
    assert {c.telephony_session_id: c.state for c in live.book.calls()} == {sid: "active"}


async def test_pubnub_subscription_lost_is_recreated_and_resynced(
    emulator: Emulator, ctl: Control
) -> None:
    async with live_feed(emulator, transport="pubnub") as (feed, live):
        subscription = live.transport.subscription
        old_id, old_channel = subscription.id, subscription.delivery["address"]
        # The subscription vanishes behind our back (expired, deleted elsewhere)...
        await live.client.request("DELETE", f"/restapi/v1.0/subscription/{old_id}")
        sid = await ctl.call(**{"from": "+16505550123"})
        # ...and is noticed at the next renewal, which we bring forward.
        subscription._renew_at = 0.0
        await wait_until(lambda: subscription.recreations == 1, what="re-creation")
        await wait_until(lambda: live.resyncs >= 2, what="re-sync")
        await wait_until(lambda: feed.states(sid) == ["ringing"], what="missed call found")
        assert subscription.id != old_id
        assert subscription.delivery["address"] != old_channel
        await ctl.act(sid, "answer")
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="new channel works")
    assert leftover_client_tasks() == []


async def test_pubnub_sdk_giving_up_is_resubscribed_from_the_last_timetoken(
    emulator: Emulator, ctl: Control
) -> None:
    # An SDK that gives up after one failed retry, as a stock configuration would.
    timing = replace(FAST, pubnub_max_retries=1)
    async with live_feed(emulator, transport="pubnub", timing=timing) as (feed, live):
        used = live.transport
        sid = await ring(ctl, feed)
        await outage_during(ctl, seconds=2.5)
        await ctl.act(sid, "answer")
        await wait_until(lambda: used.resubscribes >= 1, what="re-subscribe after give-up")
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="answer seen")
        await ctl.act(sid, "hangup")
        await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="ended")
    assert feed.states(sid) == ["ringing", "active", "ended"]
    assert (ConnectionState.RECOVERING, "pubnub") in feed.connections
    assert feed.connections[-1] == (ConnectionState.LIVE, "pubnub")
    assert_each_notification_once(feed)
    assert leftover_client_tasks() == []


async def test_heartbeats_keep_an_idle_websocket_alive(emulator: Emulator) -> None:
    timing = replace(FAST, heartbeat_idle=0.15)
    async with live_feed(emulator, transport="websocket", timing=timing) as (feed, live):
        await wait_until(lambda: live.transport.heartbeats_sent >= 3, what="heartbeats")
    assert feed.connections == STRAIGHT_TO_WEBSOCKET


async def test_server_gone_is_reported_down(emulator: Emulator) -> None:
    async with live_feed(emulator, transport="websocket") as (feed, live):
        await emulator.stop()
        await wait_until(lambda: live.state == ConnectionState.DOWN, what="down")
    states = [state for state, _ in feed.connections]
    assert states[-2:] == [ConnectionState.RECOVERING, ConnectionState.DOWN]
    assert leftover_client_tasks() == []


async def test_starting_during_a_push_outage_connects_when_it_ends(
    emulator: Emulator, ctl: Control
) -> None:
    await ctl.fault(pushOutageSeconds=1.0)
    async with live_feed(emulator, transport="websocket") as (feed, live):
        assert live.state == ConnectionState.DOWN
        sid = await ctl.call(**{"from": "+16505550123"})
        await wait_until(lambda: live.state == ConnectionState.LIVE, what="live")
        await wait_until(lambda: feed.states(sid) == ["ringing"], what="call made while down")
    assert feed.connections == [
        (ConnectionState.CONNECTING, None),
        (ConnectionState.DOWN, None),
        (ConnectionState.LIVE, "websocket"),
    ]
    assert leftover_client_tasks() == []


async def test_a_failed_resync_is_retried_by_itself(emulator: Emulator, ctl: Control) -> None:
    async with live_feed(emulator, transport="websocket") as (feed, live):
        sid = await ring(ctl, feed)
        await ctl.fault(http5xx=3)  # the client's three tries of GET presence all fail
        assert await live.resync() is False
        assert live.state == ConnectionState.LIVE  # push itself is fine
        await wait_until(lambda: live.resyncs >= 3, what="the retry")
        assert await live.resync() is True
        await ctl.act(sid, "answer")
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="events still flow")
