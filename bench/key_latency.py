"""Key-to-request latency: Pilot presses `h` → the emulator receives the hold/unhold request.

One call to the user rings and is answered; `h` then toggles hold, each press waiting until
the screen shows the new state (and nothing is pending) and has settled (`pilot.pause()`:
every widget's messages handled, the keys relabelled) before the next, like a person: no
one presses again within the millisecond the row changed, while the key bar still redraws.
The press time is taken just before `pilot.press`; the arrival time is stamped by the
emulator process's first middleware on the same monotonic clock.

The baseline (`bench.key_baseline`) is a bare Textual app whose `h` posts the same request
through httpx; each of its presses waits for the response. calldeck and the baseline take
turns in `ROUNDS` rounds (in alternating order) against one emulator and their latencies
are pooled, as for the event latency, so a noisy spell on a shared machine lands on both.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from bench.emulator_client import EmulatorProcess
from bench.event_latency import split
from bench.key_baseline import running_key_baseline
from bench.screen_probe import running_probed_app
from bench.stats import ms, percentile, ratio, turns
from bench.waiting import wait_until
from tui.calls import CallState

SETTLE_S = 10.0
# Presses each side makes, unmeasured, before its measured ones (even: hold, then resume).
# A fresh app's first presses pay one-time costs; three rounds made those the p99.
WARMUP_PRESSES = 10
KEY_TRANSPORT = "websocket"
# Turns each side takes, in alternating order (`turns`); see `bench.event_latency.ROUNDS`.
ROUNDS = 8


async def timed_presses(
    emu: EmulatorProcess, presses: int, press: Callable[[int], Awaitable[None]]
) -> list[float]:
    """Latencies (s) of `presses` calls of `press(index)`, each paired with its request."""
    for index in range(WARMUP_PRESSES):  # unmeasured: first uses of the whole path
        await press(index)
    before = len((await emu.call("requests"))["arrivals"])
    pressed: list[float] = []
    for index in range(WARMUP_PRESSES, WARMUP_PRESSES + presses):
        pressed.append(time.monotonic())
        await press(index)
    arrivals = [a["t"] for a in (await emu.call("requests"))["arrivals"][before:]]
    return pair(pressed, arrivals)


async def answered_call(emu: EmulatorProcess) -> str:
    """A call to the user, rung and answered at the desk phone; its telephonySessionId."""
    sid = str((await emu.call("ring"))["sid"])
    await emu.call("answer", sid=sid)
    return sid


async def calldeck_latencies(emu: EmulatorProcess, presses: int) -> list[float]:
    """calldeck's key → request latencies (s), each press waiting for the screen."""
    async with running_probed_app(emu.credentials, transport=KEY_TRANSPORT) as (_, screen, pilot):
        table = screen.table

        def state_of(sid: str) -> CallState | None:
            call = table.call(sid)
            return call.state if call is not None else None

        sid = await answered_call(emu)
        await wait_until(lambda: state_of(sid) is CallState.ACTIVE, "answer", SETTLE_S)
        table.select(sid)
        await pilot.pause()

        async def press(index: int) -> None:
            goal = CallState.HELD if index % 2 == 0 else CallState.ACTIVE
            await pilot.press("h")
            await wait_until(
                lambda: state_of(sid) is goal and table.pending_label(sid) is None,
                f"the call to be {goal}",
                SETTLE_S,
            )
            await pilot.pause()  # and the rest of the screen (the keys' labels) has caught up

        latencies = await timed_presses(emu, presses, press)
    await emu.call("hang_up_all")
    return latencies


async def baseline_latencies(emu: EmulatorProcess, presses: int) -> list[float]:
    """The bare Textual + httpx app's key → request latencies (s), each press answered."""
    sid = await answered_call(emu)
    async with running_key_baseline(emu.credentials, sid) as (app, pilot):

        async def press(index: int) -> None:
            await pilot.press("h")
            await wait_until(lambda: app.answered > index, "the hold request", SETTLE_S)
            await pilot.pause()  # as calldeck's presses do

        latencies = await timed_presses(emu, presses, press)
    await emu.call("hang_up_all")
    return latencies


async def measure(presses: int, rounds: int = ROUNDS) -> dict:
    """The `key_latency` result over `presses` presses of `h` (and as many of the baseline)."""
    shown: list[float] = []
    baseline: list[float] = []
    round_p99: dict[str, list[float | None]] = {"baseline": [], "calldeck": []}
    async with EmulatorProcess() as emu:
        for index, count in enumerate(split(presses, rounds)):
            for side in turns(("baseline", "calldeck"), index):
                if side == "baseline":
                    latencies = await baseline_latencies(emu, count)
                    baseline += latencies
                else:
                    latencies = await calldeck_latencies(emu, count)
                    shown += latencies
                round_p99[side].append(ms(percentile(latencies, 0.99)))
    result = {
        "p50_ms": ms(percentile(shown, 0.5)),
        "p99_ms": ms(percentile(shown, 0.99)),
        "presses": len(shown),
        "baseline_p50_ms": ms(percentile(baseline, 0.5)),
        "baseline_p99_ms": ms(percentile(baseline, 0.99)),
        "baseline_presses": len(baseline),
        "rounds": rounds,
        "round_p99_ms": round_p99["calldeck"],
        "round_baseline_p99_ms": round_p99["baseline"],
    }
    result["ratio_p99"] = ratio(result["p99_ms"], result["baseline_p99_ms"])
    return result


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
