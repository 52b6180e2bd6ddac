"""The demo scenario produces a bounded, believable stream of calls; quiet produces none."""

from __future__ import annotations

import asyncio

from tests.emulator.helpers import RecordingHub, wait_for
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.calls import CallCenter
from tui.emulator.clock import Clock
from tui.emulator.notify import Notifier
from tui.emulator.scenarios import CALLERS, MAX_LIVE, DemoScenario, Pace


async def test_demo_stream_is_named_bounded_and_varied() -> None:
    clock = Clock()
    hub = RecordingHub()
    center = CallCenter(Notifier(hub, clock), clock)
    scenario = DemoScenario(center, pace=Pace().scaled(400), seed=7)
    task = asyncio.create_task(scenario.run())
    peak = 0

    def enough() -> bool:
        nonlocal peak
        peak = max(peak, len(center.live_sessions()))
        ended = [s for s in center.sessions.values() if not s.live]
        return len(ended) >= 12

    try:
        await wait_for(enough, timeout=20)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert 0 < peak <= MAX_LIVE
    names = {s.parties[0].from_.get("name") for s in center.sessions.values()}
    assert names <= {name for _, name in CALLERS} and len(names) >= 3
    histories = [tuple(s.history) for s in center.sessions.values() if not s.live]
    assert ("Proceeding", "Disconnected") in histories  # hung up while ringing
    assert ("Proceeding", "Answered", "Disconnected") in histories  # answered on the desk phone
    assert hub.telephony and hub.presence


async def test_quiet_emulator_places_no_calls() -> None:
    emulator = Emulator(EmulatorConfig(scenario="quiet"))
    await emulator.start()
    try:
        assert emulator.background_tasks == 0
        assert emulator.calls.sessions == {}
    finally:
        await emulator.stop()


async def test_demo_emulator_rings_soon_and_stops_cleanly() -> None:
    emulator = Emulator(EmulatorConfig(scenario="demo"))
    await emulator.start()
    try:
        await wait_for(lambda: bool(emulator.calls.sessions), timeout=5)
    finally:
        await emulator.stop()
    assert emulator.background_tasks == 0
