"""What every push transport shares: its inputs and the start/stop contract LiveCalls uses."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tui.ringcentral.push.connection import PushSink
from tui.ringcentral.push.timing import PushClock, PushTiming

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient


class PushTransport:
    """A way to receive RingCentral notifications; reports to `sink` (a LiveCalls)."""

    name = "transport"

    def __init__(
        self,
        client: RingCentralClient,
        filters: list[str],
        sink: PushSink,
        *,
        timing: PushTiming | None = None,
        clock: PushClock | None = None,
    ) -> None:
        self.client = client
        self.filters = list(filters)
        self.sink = sink
        self.timing = timing or PushTiming()
        self.clock = clock or PushClock()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Subscribe; errors of this first attempt propagate. Then stay connected."""
        raise NotImplementedError

    async def stop(self) -> None:
        """Unsubscribe and stop every task; nothing may be left running."""
        raise NotImplementedError
