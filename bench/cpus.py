"""Keep the measured app and the emulator on different cores.

On Linux, a process that writes to a loopback socket usually has the reader woken on its
own core (the scheduler's wake-affine choice, good for cache locality). When the writer
then keeps the core busy, the reader waits: calldeck writing a hold request and going on to
redraw its keys (~4 ms) left the emulator's read waiting on that same core, so one press in
five measured 4 ms slower, a delay no remote server would add. A bare app that sleeps right
after writing never shows it. So, given two cores or more, each bench worker runs on all the
cores but the last and puts its emulator on the last one, as a real server is on another
machine. With one core, or no affinity API, nothing is pinned and the JSON says so.
"""

from __future__ import annotations

import os

_split: tuple[list[int], list[int]] | None = None


def pin_worker() -> dict[str, list[int]] | None:
    """Pin this worker to all cores but the last, keeping the last for its emulator."""
    global _split
    if os.environ.get("CALLDECK_BENCH_PIN") == "0":  # to compare with the scheduler's choice
        return None
    getter = getattr(os, "sched_getaffinity", None)
    cpus = sorted(getter(0)) if getter is not None else []
    if len(cpus) < 2:
        return None
    _split = (cpus[:-1], cpus[-1:])
    os.sched_setaffinity(0, _split[0])  # type: ignore[attr-defined]
    return {"measured": _split[0], "emulator": _split[1]}


def pin_emulator(pid: int) -> None:
    """Put the emulator's process on the core `pin_worker` kept free (if it pinned)."""
    if _split is not None:
        os.sched_setaffinity(pid, _split[1])  # type: ignore[attr-defined]
