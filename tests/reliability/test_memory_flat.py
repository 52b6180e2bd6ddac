"""Issue 14 #1: `calldeck watch` and the UI stay flat over 50,000 calls.

Time is compressed by feeding the live feed directly: the real app runs signed in to the
emulator, and 50,000 calls (each ringing, then ended: the notifications RingCentral sends)
go into its LiveCalls exactly as a transport delivers them. Every report the feed makes
goes to the screen and to a `calldeck watch` printer at once. Memory is counted as live
Python objects (`gc`), sampled every 2,500 calls once the CallBook is full: what every
part keeps must stop growing, not merely grow slowly.
"""

from __future__ import annotations

import gc
import resource
import sys
from collections.abc import Callable
from pathlib import Path

from tests.app.harness import running_app, wait_for
from tests.calls.events import event, party
from tests.reliability.figures import Figures
from tui.calls import Call
from tui.calls.book import MAX_ENDED_SESSIONS
from tui.commands.watch import WatchPrinter
from tui.emulator import Emulator

CALLS = 50_000
BATCH = 500  # calls fed before the app catches up (the UI coalesces what queued meanwhile)
SAMPLE_EVERY = 2_500
WARM = 10_000  # by then the CallBook has pruned its ended calls more than once


class CountingSink:
    """Where the watch printer writes: counts lines, keeps none."""

    def __init__(self) -> None:
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)

    def flush(self) -> None:
        pass


def also(first: Callable[[list[Call]], None], then: Callable[[list[Call]], None]):
    """One `on_calls` callback feeding both the screen and the printer."""

    def both(calls: list[Call]) -> None:
        first(calls)
        then(calls)

    return both


def rss_mb() -> float:
    """The process's resident set size now (Linux), else its peak so far, in MB."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize() / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


async def test_watch_and_ui_stay_flat_over_50000_calls(
    emulator: Emulator, figures: Figures
) -> None:
    sink = CountingSink()
    printer = WatchPrinter(sink)  # type: ignore[arg-type]
    async with running_app(emulator) as (app, pilot):
        live = app.link.live
        assert live is not None
        me = live.book.me
        printer.release(live.book.calls(), None, None)
        live.on_calls = also(live.on_calls, printer.calls)
        samples: list[tuple[int, int]] = []
        rss: dict[int, float] = {0: rss_mb()}
        for first in range(0, CALLS, BATCH):
            for number in range(first, first + BATCH):
                sid, pid = f"soak-{number}", f"soak-{number}-1"
                live.notification(
                    event(sid, 1, party(pid, "Proceeding", extension_id=me), owner=me)
                )
                live.notification(
                    event(sid, 2, party(pid, "Disconnected", extension_id=me), owner=me)
                )
            last = f"soak-{first + BATCH - 1}"
            await wait_for(
                pilot,
                lambda last=last: (c := live.book.get(last)) is not None and not c.is_live,
                "the feed to catch up",
            )
            await pilot.pause()
            done = first + BATCH
            if done % SAMPLE_EVERY == 0 and done >= WARM:
                gc.collect()
                samples.append((done, len(gc.get_objects())))
                rss[done] = rss_mb()
        table_rows = len(app.main.table.calls)
        remembered = printer.remembered
    warm = max(count for done, count in samples if done <= 2 * WARM)
    late = max(count for done, count in samples if done > CALLS - 2 * WARM)
    figures.record(
        "50,000 calls through the feed (watch printer + UI)",
        **{
            "watch lines": sink.lines,
            "printer views kept": remembered,
            "CallBook calls kept": len(live.book.calls(include_ended=True)),
            "Python objects at 10-20k calls": warm,
            "at 30-50k calls": late,
            "RSS MB at 0, 10k, 30k, 50k calls": ", ".join(
                f"{rss[done]:.0f}" for done in (0, WARM, 30_000, CALLS)
            ),
        },
    )
    assert sink.lines >= CALLS  # every call was printed (ringing and ended coalesce at most)
    assert remembered <= MAX_ENDED_SESSIONS + 1, remembered
    assert table_rows <= 1  # ended calls leave the table (one may linger under the cursor)
    # Flat: the last 20,000 calls add nothing the first 20,000 did not already hold. The
    # bounded caches (status lines and drawn cells kept, asyncio's cancelled timers not yet
    # swept) move the count by a few hundred objects with when they fill and empty: highs
    # 1% apart locally, and 2.2% once on CI (24,608 vs 24,076), with no code change on
    # their path. 4% is ~960 objects: a list leaked every 20 calls still fails (checked).
    assert late <= warm * 1.04, samples
