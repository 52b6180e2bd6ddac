"""Rate limits (issue 7): a tight Light limit and a burst of key presses.

After the 429 the client must send nothing to the group until `Retry-After` has passed
(every request during a penalty restarts it), tell the person how long to wait, and work
again afterwards.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from datetime import datetime

import httpx

from tests.app.harness import EmulatorControl, answered_call, running_app, toasts, wait_for
from tests.push.helpers import Control, Feed, signed_in, wait_until
from tests.reliability.figures import Figures
from tui.emulator import Emulator
from tui.emulator.ratelimit import throttling_group

PENALTY = 2  # seconds: Retry-After the emulator sends
RULE = {"group": "Light", "limit": 2, "windowSeconds": PENALTY, "penaltySeconds": PENALTY}
KEYS = ("h", "m")  # hold/unhold and mute/unmute: call-control requests, Light group


def light_requests(records: list[dict]) -> list[dict]:
    """The REST requests that count against the Light group."""
    return [r for r in records if throttling_group(r["method"], r["path"]) == "Light"]


def when(record: dict) -> datetime:
    """When the emulator received a request."""
    return datetime.fromisoformat(record["time"].replace("Z", "+00:00"))


async def test_burst_of_keys_under_a_tight_light_limit(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, figures: Figures
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        (await control.post("/faults", json={"rateLimit": RULE})).raise_for_status()
        presses = 0
        # Press until the limit bites (bounded), then keep pressing through the penalty.
        for _ in range(20):
            await pilot.press(KEYS[presses % 2])
            presses += 1
            await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "settled")
            if app.main.last_error is not None:
                break
        assert app.main.last_error is not None, "the limit never answered 429"
        message = app.main.last_error.message
        # Keep pressing inside the penalty only: on a loaded machine ten presses can outlast
        # it, and a press after Retry-After is allowed to reach the server (and may meet a
        # window that is still full), which is not what this test is about.
        penalty_ends = time.monotonic() + PENALTY - 0.5
        for _ in range(10):
            if time.monotonic() >= penalty_ends:
                break
            await pilot.press(KEYS[presses % 2])
            presses += 1
            await pilot.pause(0.05)
        records = (await control.get("/requests")).json()["records"]
        limited = next(r for r in records if r["status"] == 429)
        during = [
            r
            for r in light_requests(records)
            if r is not limited and 0 <= (when(r) - when(limited)).total_seconds() < PENALTY
        ]
        told = toasts(app)
        # After Retry-After the next key press goes through.
        await pilot.pause(PENALTY + 0.3)
        sent_before = len(records)
        await pilot.press(KEYS[presses % 2])
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "settled")
        after = (await control.get("/requests")).json()["records"][sent_before:]
    figures.record(
        "rateLimit Light 2/2 s, burst of keys",
        **{
            "key presses": presses + 1,
            "429s": sum(r["status"] == 429 for r in records),
            "sent during penalty": len(during),
            "told": message,
            "after Retry-After": [r["status"] for r in light_requests(after)],
        },
    )
    assert re.search(rf"try again in {PENALTY} s", message)
    assert any("slow down" in t for t in told)
    assert sum(r["status"] == 429 for r in records) == 1
    assert during == []
    assert [r["status"] for r in light_requests(after)] == [200]


def resynced_after_the_penalty(records: list[dict]) -> bool:
    """True once a Light request succeeded after the first 429."""
    statuses = [r["status"] for r in light_requests(records)]
    return 429 in statuses and 200 in statuses[statuses.index(429) :]


async def requests_when(
    control: httpx.AsyncClient, condition: Callable[[list[dict]], bool], timeout: float = 10
) -> list[dict]:
    """The emulator's request log once `condition` holds for it (polled, bounded)."""
    for _ in range(int(timeout / 0.1)):
        records = (await control.get("/requests")).json()["records"]
        if condition(records):
            return records
        await asyncio.sleep(0.1)
    raise AssertionError(f"the request log never satisfied {condition.__name__}")


async def test_resyncs_wait_out_the_penalty(
    emulator: Emulator, ctl: Control, control: httpx.AsyncClient, figures: Figures
) -> None:
    # A re-sync reads presence, then each session (Light, for one extension).
    rule = RULE
    feed = Feed()
    async with signed_in(emulator) as client:
        live = feed.live(client, transport="websocket")
        await live.start()
        try:
            (await control.post("/faults", json={"rateLimit": rule})).raise_for_status()
            assert await live.resync() is True
            sid = await ctl.call(**{"from": "+14155550150"})
            assert await live.resync() is False  # 429: the client retries later by itself
            await wait_until(lambda: feed.states(sid) == ["ringing"], what="the call")
            records = await requests_when(control, resynced_after_the_penalty)
        finally:
            await live.stop()
    light = light_requests(records)
    limited = next(r for r in light if r["status"] == 429)
    after = [r for r in light if when(r) > when(limited)]
    gap = (when(after[0]) - when(limited)).total_seconds() if after else None
    figures.record(
        "rateLimit Light 2/2 s during re-syncs",
        **{
            "re-sync attempts": live.resyncs,
            "429s": sum(r["status"] == 429 for r in light),
            "s until the next request": round(gap or -1, 2),
        },
    )
    assert sum(r["status"] == 429 for r in light) == 1
    assert after and all(r["status"] == 200 for r in after)
    assert gap is not None and gap >= PENALTY - 0.05
