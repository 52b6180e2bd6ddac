"""Reducer: `CallBook.apply` cost vs `json.loads` cost of the same envelopes.

The stream is recorded live: calls to the user ring, are answered and end on the emulator
while the bare SDK subscriber keeps every decrypted envelope (telephony and presence, as
calldeck's subscription receives them).

Each pass goes through the stream as the app does: `json.loads` of an envelope, then
`CallBook.apply` of the result, each timed, into a fresh book. The fastest pass counts (the
least disturbed by other processes). Until 2026-12 every envelope was parsed up front and
the passes applied those copies: tens of MB of dicts parsed long before, cold in the CPU's
caches, a cost the app never pays (it applies what it has just parsed) and one that varies
with the machine's caches far more than parsing a string does.
"""

from __future__ import annotations

import json
import time

from bench.emulator_client import EmulatorProcess
from bench.matching import Drained
from bench.sdk_subscriber import SdkSubscriber
from bench.waiting import poll
from tui.calls import CallBook

RECORD_RATE = 400.0
DRAIN_S = 10.0


async def record_stream(actions: int) -> tuple[list[str], dict]:
    """Envelopes (JSON text) of `actions` call changes, and the emulator's credentials."""
    async with EmulatorProcess() as emu, SdkSubscriber(emu.credentials, keep=True) as sub:
        run = await emu.call("lifecycle", rate=RECORD_RATE, count=actions)
        await poll(Drained(run["actions"], sub.received), DRAIN_S)
        assert sub.kept is not None
        return list(sub.kept), emu.credentials


def one_pass(stream: list[str], book: CallBook) -> tuple[float, float]:
    """Seconds spent in `json.loads` and in `book.apply` over the stream, envelope by envelope."""
    clock, loads, apply = time.perf_counter, json.loads, book.apply
    parsing = applying = 0.0
    for text in stream:
        started = clock()
        envelope = loads(text)
        parsed = clock()
        apply(envelope)
        applied = clock()
        parsing += parsed - started
        applying += applied - parsed
    return parsing, applying


def fastest_pass(stream: list[str], credentials: dict, passes: int) -> tuple[float, float]:
    """The shortest loads and apply totals (s) over `passes` passes, each with a fresh book."""
    best_loads = best_apply = float("inf")
    for _ in range(passes):
        book = CallBook(credentials["extensionId"], account_id=credentials["accountId"])
        loads_s, apply_s = one_pass(stream, book)
        best_loads, best_apply = min(best_loads, loads_s), min(best_apply, apply_s)
    return best_loads, best_apply


async def measure(actions: int, passes: int) -> dict:
    """The `reducer` result on a stream recorded from `actions` call changes."""
    stream, credentials = await record_stream(actions)
    if not stream:
        raise RuntimeError("no envelopes were recorded")
    loads_s, apply_s = fastest_pass(stream, credentials, passes)
    return {
        "events_per_s": round(len(stream) / apply_s),
        "json_loads_per_s": round(len(stream) / loads_s),
        "ratio": round(apply_s / loads_s, 2),
        "envelopes": len(stream),
        "passes": passes,
    }
