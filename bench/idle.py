"""Idle cost: CPU of the UI with 5 live calls and nothing happening, against a bare app.

calldeck, signed in to the emulator, shows 5 answered calls whose durations tick every
second; nothing else happens for `duration_s`. The baseline (`IdleBaselineApp`) is a bare
Textual app with a DataTable of 5 rows whose time column a 1 s clock updates, the least a
Textual call list with running durations does. Each runs headless in this worker, in turn
(`ROUNDS` times, pooled); the CPU this process used (`time.process_time`, all threads) over
the wall time is its share of one core. The emulator runs in another process, so its work
is not counted.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from textual.widgets import DataTable

from bench.baseline_app import BaselineApp
from bench.emulator_client import EmulatorProcess
from bench.event_latency import split
from bench.screen_probe import running_probed_app
from bench.stats import ratio
from bench.waiting import wait_until
from tui.calls import CallState

CALLS = 5
SETTLE_S = 15.0
ROUNDS = 2


class IdleBaselineApp(BaselineApp):
    """The start-up baseline with 5 calls in its table and a 1 s clock updating their times."""

    def on_mount(self) -> None:
        super().on_mount()
        self.started = datetime.now(UTC)
        table = self.query_one(DataTable)
        for index in range(CALLS):
            table.add_row("Active", "In", f"+1415555010{index}", "0:00", key=str(index))
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        seconds = int((datetime.now(UTC) - self.started).total_seconds())
        table = self.query_one(DataTable)
        columns = list(table.columns)
        for index in range(CALLS):
            table.update_cell(str(index), columns[-1], f"{seconds // 60}:{seconds % 60:02d}")


async def cpu_share(seconds: float) -> float:
    """The share of one core this process used while the event loop idled `seconds`."""
    cpu, wall = time.process_time(), time.monotonic()
    await asyncio.sleep(seconds)
    return (time.process_time() - cpu) / (time.monotonic() - wall)


async def calldeck_idle(emu: EmulatorProcess, seconds: float) -> float:
    """calldeck's CPU share with `CALLS` answered calls on screen and nothing happening."""
    async with running_probed_app(emu.credentials, transport="pubnub") as (_, screen, _):
        sids = [str((await emu.call("ring"))["sid"]) for _ in range(CALLS)]
        for sid in sids:
            await emu.call("answer", sid=sid)

        def all_active() -> bool:
            calls = [screen.table.call(sid) for sid in sids]
            return all(call is not None and call.state is CallState.ACTIVE for call in calls)

        await wait_until(all_active, f"{CALLS} answered calls on screen", SETTLE_S)
        share = await cpu_share(seconds)
    await emu.call("hang_up_all")
    return share


async def baseline_idle(seconds: float) -> float:
    """The bare app's CPU share over `seconds`."""
    app = IdleBaselineApp()
    async with app.run_test(size=(140, 40)):
        return await cpu_share(seconds)


async def measure(duration_s: float, rounds: int = ROUNDS) -> dict:
    """The `idle` result: CPU % of calldeck and of the bare app, each over `duration_s`."""
    ours: list[float] = []
    theirs: list[float] = []
    async with EmulatorProcess() as emu:
        for part in split(int(duration_s * 10), rounds):  # tenths of a second per round
            theirs.append(await baseline_idle(part / 10))
            ours.append(await calldeck_idle(emu, part / 10))
    cpu = sum(ours) / len(ours) * 100
    baseline = sum(theirs) / len(theirs) * 100
    return {
        "duration_s": duration_s,
        "calls": CALLS,
        "cpu_percent": round(cpu, 2),
        "baseline_cpu_percent": round(baseline, 2),
        "ratio": ratio(cpu, baseline),
        "rounds": rounds,
    }
