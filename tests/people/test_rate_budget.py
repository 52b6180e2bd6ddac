"""The call log's rate budget: an hour of busy calls (emulator clock) stays inside Heavy's 10/min.

call-log-sync is in RingCentral's Heavy group (10 requests per 60 s, then a 60 s penalty that
every further request restarts). The emulator enforces exactly that here. An hour of calls is
played on the emulator's clock, compressed: bursts of up to 12 calls a minute, quiet minutes
too; calldeck's sync runs on the same clock. Every call must reach the book, with no 429 and
never more than 10 Heavy requests in any 60 s.
"""

from __future__ import annotations

import asyncio
import random
from datetime import datetime
from pathlib import Path

from tests.conftest import contract_checked_emulator
from tui.app.link import credentials_from_emulator
from tui.emulator import EmulatorConfig
from tui.emulator.clock import Clock
from tui.emulator.ratelimit import RateLimitRule, throttling_group
from tui.people.sync import SYNC_AFTER_CALL_S, CallLogSync
from tui.ringcentral.client import RingCentralClient

HEAVY_LIMIT = 10
WINDOW_S = 60.0


class EmulatorTime:
    """Sleeps that end when the emulator's clock (moved by the test) reaches them."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._waiting: list[tuple[float, asyncio.Future[None]]] = []

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((self.clock.monotonic() + seconds, future))
        await future

    def advance(self, seconds: float) -> bool:
        """Move the clock; True when a sleep ended."""
        self.clock.advance(seconds)
        now = self.clock.monotonic()
        due = [(t, f) for t, f in self._waiting if t <= now]
        self._waiting = [(t, f) for t, f in self._waiting if t > now]
        for _, future in due:
            future.set_result(None)
        return bool(due)


def _heavy_times(entries: list[dict]) -> list[datetime]:
    return [
        datetime.fromisoformat(e["time"].replace("Z", "+00:00"))
        for e in entries
        if throttling_group(e["method"], e["path"]) == "Heavy"
    ]


def _busiest_minute(times: list[datetime]) -> int:
    return max(
        (sum(1 for t in times if 0 <= (t - start).total_seconds() < WINDOW_S) for start in times),
        default=0,
    )


async def test_an_hour_of_calls_stays_within_the_heavy_limit(tmp_path: Path) -> None:
    async with contract_checked_emulator(EmulatorConfig(scenario="quiet")) as emu:
        emu.limiter.set_rule(RateLimitRule("Heavy", HEAVY_LIMIT, WINDOW_S, 60.0))
        time = EmulatorTime(emu.clock)
        # The client lives on the same compressed clock (its tokens are refreshed in time).
        client = await RingCentralClient.sign_in_jwt(
            credentials_from_emulator(emu.credentials), now=lambda: emu.clock.now().timestamp()
        )
        sync = CallLogSync(client, tmp_path / "call-log.json", sleep=time.sleep)
        await sync.sync()
        rng = random.Random(16)
        calls = 0
        try:
            for _minute in range(60):
                offsets = sorted(rng.uniform(0, 60) for _ in range(rng.choice((0, 2, 5, 12))))
                elapsed = 0.0
                for offset in offsets:
                    await _run_for(time, sync, offset - elapsed)
                    elapsed = offset
                    session, _ = emu.calls.inbound("+14155550142", "Ada Lovelace")
                    if rng.random() < 0.6:
                        emu.calls.desk_answer(session)
                    emu.calls.remote_hangup(session)
                    calls += 1
                    sync.call_ended()
                await _run_for(time, sync, 60 - elapsed)
            await _run_for(time, sync, SYNC_AFTER_CALL_S + 1)
        finally:
            await sync.close()
            await client.aclose()
        heavy = _heavy_times(emu.log.entries)
        refused = [e for e in emu.log.entries if e["status"] == 429]
    assert refused == []
    assert _busiest_minute(heavy) <= 2 < HEAVY_LIMIT  # one sync per 30 s at most
    assert len(heavy) == sync.syncs <= 121
    assert calls > 200 and len(sync.book.entries) == calls  # nothing lost by syncing less


async def _run_for(time: EmulatorTime, sync: CallLogSync, seconds: float) -> None:
    """Let `seconds` pass on the emulator clock, second by second, finishing due syncs."""
    left = seconds
    while left > 0:
        step = min(1.0, left)
        left -= step
        await asyncio.sleep(0)  # a sync just scheduled starts its wait
        if time.advance(step):
            await sync.wait_pending()
