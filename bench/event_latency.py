"""Event-to-screen latency: emulator handoff → calldeck's refreshed calls table.

Calls to the user ring, are answered and end, `rate_per_s` changes a second (ten calls in
flight). The same schedule runs against one emulator process for the transport's bare
client (the baseline: the PubNub SDK, or a bare WebSocket client) and for calldeck, never
both at once so they never share the CPU, in `ROUNDS` alternating rounds: a noisy spell on
the shared machine then lands on both sides instead of on whichever happened to be running.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench.emulator_client import EmulatorProcess
from bench.matching import Drained, match
from bench.screen_probe import running_probed_app
from bench.sdk_subscriber import SdkSubscriber
from bench.stats import ms, percentile, ratio, turns
from bench.waiting import poll
from bench.ws_subscriber import WsSubscriber

# How long after the last change the screen may take to show everything.
DRAIN_S = 10.0
# Calls run through each side, unmeasured, before its measured schedule: the first calls
# of a fresh app pay one-time costs (first layout of the details pane, first renders of each
# style, caches) that a desk app open for days pays once. Three rounds of a 1000-event
# quick run made those ~15 events exactly its p99. Thirty: each of the schedule's ten
# slots rings, answers and ends one call, so none is left up when the measuring starts.
WARMUP_EVENTS = 30
# Baseline and calldeck take turns this many times, in alternating order; the latencies of
# all rounds are pooled. With three rounds a noisy spell of the shared machine could cover
# one side's whole turn (PubNub ratios 1.2-2.5 over seven full runs of the same code).
ROUNDS = 6
# The emulator's reply to a measured schedule (every action and its handoff times, ~100 KB
# of JSON) comes this long after the last event: read as the last events arrived, it
# delayed them by its parsing (1-2 ms), several of each round's slowest events.
QUIET_S = 0.5


# The bare client each transport is compared with.
BASELINES: dict[str, Callable[[dict[str, Any]], SdkSubscriber | WsSubscriber]] = {
    "pubnub": SdkSubscriber,
    "websocket": WsSubscriber,
}


async def baseline_latencies(
    emu: EmulatorProcess, transport: str, rate: float, events: int
) -> list[float]:
    """Handoff → parsed-envelope latencies (s) of the transport's bare client."""
    async with BASELINES[transport](emu.credentials) as subscriber:
        warmup = await emu.call("lifecycle", rate=rate, count=WARMUP_EVENTS)
        await poll(Drained(warmup["actions"], subscriber.received), DRAIN_S)
        run = await emu.call("lifecycle", rate=rate, count=events, quiet_s=QUIET_S)
        await poll(Drained(run["actions"], subscriber.received), DRAIN_S)
    await emu.call("hang_up_all")
    return match(run["actions"], subscriber.received).latencies


async def calldeck_latencies(
    emu: EmulatorProcess, transport: str, rate: float, events: int
) -> tuple[list[float], int]:
    """Handoff → refreshed-screen latencies (s) of calldeck, and the count never shown."""
    async with running_probed_app(emu.credentials, transport=transport) as (_, screen, _):
        warmup = await emu.call("lifecycle", rate=rate, count=WARMUP_EVENTS)
        await poll(Drained(warmup["actions"], screen.painted), DRAIN_S)
        run = await emu.call("lifecycle", rate=rate, count=events, quiet_s=QUIET_S)
        await poll(Drained(run["actions"], screen.painted), DRAIN_S)
        matched = match(run["actions"], screen.painted)
    await emu.call("hang_up_all")
    return matched.latencies, matched.missing


def summary(latencies: list[float]) -> dict[str, float | None]:
    """p50 and p99 in ms."""
    return {"p50_ms": ms(percentile(latencies, 0.5)), "p99_ms": ms(percentile(latencies, 0.99))}


def split(total: int, parts: int) -> list[int]:
    """`total` as `parts` near-equal counts (the first ones larger), none empty."""
    parts = max(1, min(parts, total))
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


async def measure(rate: float, events: int, websocket: bool = False, rounds: int = ROUNDS) -> dict:
    """The `event_latency` result (PubNub), with a `websocket` part when asked.

    Each transport is compared with its own bare client: the PubNub SDK, a bare WebSocket
    client. In each round every side runs once, the bare client first in even rounds and
    last in odd ones (`turns`).
    """
    transports = ["pubnub", "websocket"] if websocket else ["pubnub"]
    baseline: dict[str, list[float]] = {name: [] for name in transports}
    shown: dict[str, list[float]] = {name: [] for name in transports}
    missing = dict.fromkeys(transports, 0)
    # Each round's p99 per transport and side: how much the machine moved during the run.
    round_p99: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    async with EmulatorProcess() as emu:
        for index, count in enumerate(split(events, rounds)):
            for name in transports:
                for side in turns(("baseline", "calldeck"), index):
                    if side == "baseline":
                        latencies = await baseline_latencies(emu, name, rate, count)
                        baseline[name] += latencies
                    else:
                        latencies, never = await calldeck_latencies(emu, name, rate, count)
                        shown[name] += latencies
                        missing[name] += never
                    round_p99[name, side].append(ms(percentile(latencies, 0.99)))
    parts = {}
    for name in transports:
        part: dict[str, Any] = {"events": len(shown[name]), **summary(shown[name])}
        part["baseline_p99_ms"] = ms(percentile(baseline[name], 0.99))
        part["baseline_p50_ms"] = ms(percentile(baseline[name], 0.5))
        part["ratio_p99"] = ratio(part["p99_ms"], part["baseline_p99_ms"])
        part["missing"] = missing[name]
        part["round_p99_ms"] = round_p99[name, "calldeck"]
        part["round_baseline_p99_ms"] = round_p99[name, "baseline"]
        parts[name] = part
    result = {"transport": "pubnub", "rate_per_s": rate, **parts["pubnub"], "rounds": rounds}
    if websocket:
        result["websocket"] = parts["websocket"]
    return result
