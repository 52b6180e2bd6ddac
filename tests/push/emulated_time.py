"""Time that both sides share: the client's clocks follow the emulator's, so a test can move
days forward in seconds and every lifetime (tokens, ws tokens, subscriptions, the gateway's
timeouts) and every client timer (refresh, checks, reconnects) meet as they would for real."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tui.emulator import Emulator
from tui.ringcentral.push.timing import PushClock

# Real seconds between looks at the clock while waiting for it to move.
_POLL = 0.005


class EmulatedTime(PushClock):
    """Real time plus an offset moved together with the emulator's clock (`advance`)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def now(self) -> float:
        """Wall time for the client (token expiry), on the same offset."""
        return time.time() + self.offset

    async def sleep(self, seconds: float) -> None:
        deadline = self.monotonic() + max(0.0, seconds)
        while (left := deadline - self.monotonic()) > 0:
            await asyncio.sleep(min(_POLL, left))

    async def wait_task(self, task: asyncio.Task[Any], seconds: float) -> None:
        deadline = self.monotonic() + max(0.0, seconds)
        while not task.done() and (left := deadline - self.monotonic()) > 0:
            await asyncio.wait({task}, timeout=min(_POLL, left))

    def advance(self, emulator: Emulator, seconds: float) -> None:
        """Move the emulator's clock and ours by `seconds`."""
        self.offset += seconds
        emulator.clock.advance(seconds)

    def join(self, emulator: Emulator) -> None:
        """Bring a freshly started emulator (a restart) to the time already passed."""
        emulator.clock.advance(self.offset - emulator.clock.offset)
