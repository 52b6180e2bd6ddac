"""Subscription renewal with a TTL of a few seconds, over most of a minute of calls."""

from __future__ import annotations

import asyncio

import pytest

from tests.push.helpers import Control, Feed, signed_in, wait_until
from tui.emulator import Emulator

TTL = 4.0
DURATION = 40.0


async def ring_answer_hang_up(feed: Feed, ctl: Control, caller: str) -> str:
    """One short call, each step seen on the feed before the next; returns its session id."""
    sid = await ctl.call(**{"from": caller})
    await wait_until(lambda: feed.states(sid)[-1:] == ["ringing"], what="ringing")
    await asyncio.sleep(0.5)  # the phone rings a while
    await ctl.act(sid, "answer")
    await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="active")
    await asyncio.sleep(1.0)  # a short conversation
    await ctl.act(sid, "hangup")
    await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="ended")
    return sid


@pytest.mark.slow
@pytest.mark.timeout(90)
async def test_short_lived_pubnub_subscription_is_renewed_and_loses_nothing(
    emulator: Emulator, ctl: Control
) -> None:
    await ctl.fault(subscriptionTtlSeconds=TTL)
    feed = Feed()
    calls: list[str] = []
    loop = asyncio.get_running_loop()
    async with signed_in(emulator) as client:
        live = feed.live(client, transport="pubnub")
        await live.start()
        transport = live.transport
        first_id = transport.subscription.id
        started = loop.time()
        try:
            while loop.time() - started < DURATION:
                calls.append(await ring_answer_hang_up(feed, ctl, f"+1650555{len(calls):04d}"))
            elapsed = loop.time() - started
            last_id = transport.subscription.id
        finally:
            await live.stop()
    # Every call was seen through every transition: no event lost across renewals.
    assert len(calls) >= 10
    for sid in calls:
        assert feed.states(sid) == ["ringing", "active", "ended"], sid
    # Renewed in time, every time: same subscription throughout, never re-created.
    assert transport.subscription.recreations == 0
    assert last_id == first_id
    renews = [
        r
        for r in await ctl.requests()
        if r["method"] in ("POST", "PUT")
        and r["path"].startswith(f"/restapi/v1.0/subscription/{first_id}")
    ]
    assert all(r["status"] == 200 for r in renews), renews
    assert len(renews) >= int(elapsed / TTL), (len(renews), elapsed)
    assert transport.subscription.renewals == len(renews)
    assert live.resyncs == 1
