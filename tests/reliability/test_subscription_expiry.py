"""Subscription expiry (issue 7): `subscriptionTtlSeconds` 5 for a minute of calls.

A PubNub subscription that lapses stops delivering without a word, so it must be renewed
every time, before it expires. A minute of calls with a 5 s lifetime means a dozen or more
renewals; to keep CI fast the minute runs at 4x speed: both the emulator's clock and the
client's clock are moved forward 3 s for every real second (15 real seconds in all), so
expiry and renewal meet exactly as they would in 60 real seconds. (WebSocket subscriptions
live as long as their connection, 24 h, so this fault is PubNub's.)
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from tests.push.helpers import FAST, Control, Feed, signed_in, wait_until
from tests.push.test_recovery import SkippableClock
from tests.reliability.figures import Figures
from tests.reliability.oracle import Handoffs, applied_twice, wrong_calls
from tui.emulator import Emulator

TTL = 5
EMULATED_SECONDS = 60
SPEED = 4  # emulated seconds per real second
STEP = 0.1  # real seconds between clock moves


async def run_the_clocks(ctl: Control, clock: SkippableClock, seconds: float) -> None:
    """Move both clocks (SPEED - 1) * STEP ahead every STEP real seconds, for `seconds`."""
    extra = (SPEED - 1) * STEP
    for _ in range(int(seconds / STEP)):
        await asyncio.sleep(STEP)
        clock.offset += extra
        response = await ctl.http.post("/clock", json={"advanceSeconds": extra})
        assert response.status_code == 200


@pytest.mark.slow
async def test_short_subscriptions_are_renewed_every_time_without_a_gap(
    emulator: Emulator, ctl: Control, figures: Figures
) -> None:
    await ctl.fault(subscriptionTtlSeconds=TTL)
    handoffs = Handoffs(emulator)
    feed = Feed()
    clock = SkippableClock()
    # Watch the subscription often enough to renew it at 75% of 5 emulated seconds.
    timing = replace(FAST, pubnub_watchdog_interval=0.05)
    sids: list[str] = []
    lapses = 0
    async with signed_in(emulator) as client:
        live = feed.live(client, transport="pubnub", clock=clock, timing=timing)
        await live.start()
        subscription = live.transport.subscription
        first_id = subscription.id
        ticking = asyncio.create_task(run_the_clocks(ctl, clock, EMULATED_SECONDS / SPEED))
        try:
            while not ticking.done():
                # A call every ~3 emulated seconds: ring, answer, hang up.
                sid = await ctl.call(**{"from": f"+1650555{len(sids):04d}"})
                sids.append(sid)
                await ctl.act(sid, "answer")
                await asyncio.sleep(0.4)
                await ctl.act(sid, "hangup")
                if not any(s.id == first_id for s in emulator.hub.store.live()):
                    lapses += 1
            await ticking
            last = sids[-1]
            await wait_until(lambda: feed.states(last)[-1:] == ["ended"], what="the last call")
            wrong = await wrong_calls(live.book, ctl, emulator)
            last_id = subscription.id
        finally:
            ticking.cancel()
            await live.stop()
    renew_posts = [
        r
        for r in await ctl.requests()
        if r["method"] == "POST" and r["path"].endswith(f"/subscription/{first_id}/renew")
    ]
    applied = [n["uuid"] for n in feed.notifications]
    figures.record(
        "subscriptionTtlSeconds 5, a minute (pubnub)",
        calls=len(sids),
        renewals=subscription.renewals,
        **{
            "renew requests": len(renew_posts),
            "failed renewals": sum(r["status"] >= 300 for r in renew_posts),
            "re-created": subscription.recreations,
            "moments expired": lapses,
            "events sent": len(handoffs.uuids),
            "applied": len(applied),
            "lost": len(set(handoffs.uuids) - set(applied)),
            "shown wrong": len(wrong),
        },
    )
    assert wrong == []
    assert len(sids) >= 15
    assert last_id == first_id and subscription.recreations == 0
    # 60 s / (75% of 5 s) = 16 renewals; allow scheduling slack, never a failed one.
    assert subscription.renewals >= 12
    assert all(r["status"] == 200 for r in renew_posts)
    assert lapses == 0
    assert set(handoffs.uuids) == set(applied) and applied_twice(feed.notifications) == 0
    assert all(feed.states(sid) == ["ringing", "active", "ended"] for sid in sids)
