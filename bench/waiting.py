"""Waiting for a condition with a bounded deadline (never a bare sleep for a fixed time)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

POLL_S = 0.02


async def poll(condition: Callable[[], object], limit: float) -> bool:
    """Let the app run until `condition()` holds or `limit` seconds pass; True if it held.

    A plain sleep, not `pilot.pause`: under overload the app's queues can be far behind,
    and `pause` gives up (WaitForScreenTimeout) where a measurement must keep waiting.
    """
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(POLL_S)
    return True


async def wait_until(condition: Callable[[], object], what: str, limit: float) -> None:
    """Like `poll`, but RuntimeError naming `what` if it never holds."""
    if not await poll(condition, limit):
        raise RuntimeError(f"timed out waiting for {what}")
