"""Reducer: `CallBook.apply` throughput vs `json.loads` of the same envelopes.

The stream is recorded live: calls to the user ring, are answered and end on the emulator
while the bare SDK subscriber keeps every decrypted envelope (telephony and presence, as
calldeck's subscription receives them). Each side is timed over the whole stream several
times and the fastest pass counts (the least disturbed by other processes).
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


def fastest(passes: int, one_pass: object) -> float:
    """The shortest wall time (s) of `passes` calls of `one_pass()`."""
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        one_pass()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


async def measure(actions: int, passes: int) -> dict:
    """The `reducer` result on a stream recorded from `actions` call changes."""
    stream, credentials = await record_stream(actions)
    if not stream:
        raise RuntimeError("no envelopes were recorded")
    parsed = [[json.loads(text) for text in stream] for _ in range(passes)]

    def loads_all() -> None:
        for text in stream:
            json.loads(text)

    copies = iter(parsed)

    def apply_all() -> None:  # a fresh book and fresh dicts every pass
        book = CallBook(credentials["extensionId"], account_id=credentials["accountId"])
        for envelope in next(copies):
            book.apply(envelope)

    loads_s = fastest(passes, loads_all)
    apply_s = fastest(passes, apply_all)
    return {
        "events_per_s": round(len(stream) / apply_s),
        "json_loads_per_s": round(len(stream) / loads_s),
        "ratio": round(apply_s / loads_s, 2),
        "envelopes": len(stream),
    }
