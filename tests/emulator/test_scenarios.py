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


async def test_demo_opens_with_a_call_to_answer_and_a_queue_call_and_picks_up_calls_out() -> None:
    clock = Clock()
    center = CallCenter(Notifier(RecordingHub(), clock), clock)
    pace = Pace(first_call=0.01, between_calls=(60.0, 60.0), pick_up=0.05)
    task = asyncio.create_task(DemoScenario(center, pace=pace, seed=3).run())
    try:
        await wait_for(lambda: len(center.sessions) == 2, timeout=5)
        first, second = center.sessions.values()
        assert not first.user_party.queue_call and second.user_party.queue_call
        assert first.user_party.status == "Proceeding"  # rings on until the person acts
        session, mine = center.outbound("103", None)
        await wait_for(lambda: mine.status == "Answered", timeout=5)
        assert session.live
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
