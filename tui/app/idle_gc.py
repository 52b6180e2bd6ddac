"""Young garbage collected while calldeck is idle, not while it shows an event.

Every event's frame allocates strips, segments and texts; CPython's collector then runs a
young collection every ~15 events, inside whichever one crosses the threshold (0.2-0.6 ms
on 2 cores), and a middle one every thousand of those (~1.4 ms). Those collections were
most of the slowest 5% of events. Events come in bursts with quiet between (a call
rings, is answered, is held), so the collector is run in the quiet instead: once nothing
has happened for `IDLE_AFTER_S`, if the young generation holds enough to be worth it.
The automatic collector stays on (`tui.app.app.GC_THRESHOLDS`) for a stream that never
pauses.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

GC_THRESHOLDS = (700, 1000, 100)
"""Collector thresholds (young, middle, full) while the app runs; CPython's: 700, 10, 10."""

IDLE_AFTER_S = 0.003
"""Quiet needed before collecting: well over the gap between one change's envelopes."""
YOUNG_ENOUGH = 200
"""Objects in the young generation that make an idle collection worth its fixed cost."""
MIDDLE_SHARE = 0.8
"""Collect the middle generation at idle once its count is this share of its threshold."""


class IdleCollector:
    """`busy()` after each piece of work; collections run once the app has been idle."""

    def __init__(
        self,
        now: Callable[[], float],
        call_later: Callable[[float, Callable[[], None]], Any],
        *,
        collect: Callable[[int], object] = gc.collect,
        counts: Callable[[], tuple[int, int, int]] = gc.get_count,
        thresholds: Callable[[], tuple[int, int, int]] = gc.get_threshold,
    ) -> None:
        self._now = now
        self._call_later = call_later
        self._collect = collect
        self._counts = counts
        self._thresholds = thresholds
        self._last_busy = 0.0
        self._waiting = False
        self.collections = 0  # idle collections run (for tests and the bench)

    def busy(self) -> None:
        """Something just ran: collect once nothing else has for `IDLE_AFTER_S`."""
        self._last_busy = self._now()
        if not self._waiting:
            self._waiting = True
            self._call_later(IDLE_AFTER_S, self._check)

    def _check(self) -> None:
        wait = IDLE_AFTER_S - (self._now() - self._last_busy)
        if wait > IDLE_AFTER_S / 10:  # busy again meanwhile: wait for the quiet after it
            self._call_later(wait, self._check)
            return
        self._waiting = False
        young, middle, _ = self._counts()
        _, middle_threshold, _ = self._thresholds()
        if middle >= middle_threshold * MIDDLE_SHARE:
            self._collect(1)
        elif young >= YOUNG_ENOUGH:
            self._collect(0)
        else:
            return
        self.collections += 1


def settle_garbage_collection() -> IdleCollector:
    """Set the collector up for a long-running app, once it is live; its idle collector."""
    # Everything built so far (Textual, the client, the first calls) lives as long as the
    # app: keep it out of the collector's generations so full collections stay short
    # while events stream in.
    gc.freeze()
    # Every frame makes Strips, each with seven small caches, and many live for a while
    # in Textual's line caches: at 100 events/s CPython's default ran a middle collection
    # (~1.1 ms, mid-frame) five times a second. Young collections stay as frequent and
    # cheap as the default (~0.2 ms); middle ones run 100x less often, full ones 10x.
    gc.set_threshold(*GC_THRESHOLDS)
    loop = asyncio.get_running_loop()
    return IdleCollector(loop.time, loop.call_later)
