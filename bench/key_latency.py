"""Key-to-request latency: Pilot presses `h` → the emulator receives the hold/unhold request.

One call to the user rings and is answered; `h` then toggles hold, each press waiting until
the screen shows the new state (and nothing is pending) before the next, like a person.
The press time is taken just before `pilot.press`; the arrival time is stamped by the
emulator process's first middleware on the same monotonic clock.
"""

from __future__ import annotations

import time

from bench.emulator_client import EmulatorProcess
from bench.screen_probe import running_probed_app
from bench.stats import ms, percentile
from bench.waiting import wait_until
from tui.calls import CallState

SETTLE_S = 10.0


async def measure(presses: int) -> dict:
    """The `key_latency` result over `presses` presses of `h`."""
    async with EmulatorProcess() as emu:
        async with running_probed_app(emu.credentials, transport="websocket") as (_, screen, pilot):
            table = screen.table

            def state_of(sid: str) -> CallState | None:
                call = table.call(sid)
                return call.state if call is not None else None

            sid = (await emu.call("ring"))["sid"]
            await wait_until(lambda: state_of(sid) is CallState.RINGING, "ringing", SETTLE_S)
            await emu.call("answer", sid=sid)
            await wait_until(lambda: state_of(sid) is CallState.ACTIVE, "answer", SETTLE_S)
            table.select(sid)
            await pilot.pause()
            pressed: list[float] = []
            for index in range(presses):
                goal = CallState.HELD if index % 2 == 0 else CallState.ACTIVE
                pressed.append(time.monotonic())
                await pilot.press("h")
                await wait_until(
                    lambda g=goal: state_of(sid) is g and table.pending_label(sid) is None,
                    f"the call to be {goal}",
                    SETTLE_S,
                )
        arrivals = [a["t"] for a in (await emu.call("requests"))["arrivals"]]
    latencies = pair(pressed, arrivals)
    return {
        "p50_ms": ms(percentile(latencies, 0.5)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "presses": len(latencies),
    }


def pair(pressed: list[float], arrivals: list[float]) -> list[float]:
    """Latency of each press to the first request that arrived after it (in order)."""
    latencies: list[float] = []
    remaining = iter(sorted(arrivals))
    for moment in pressed:
        for arrival in remaining:
            if arrival >= moment:
                latencies.append(arrival - moment)
                break
    return latencies
