"""Keeping the call log current without polling it (call-log-sync is in the Heavy group).

At start: the cached book opens at once, then one sync: ISync with the cached token, or FSync
of the last 7 days without one (or when RingCentral refuses the token). After that, one sync
~30 s after a call ends (what RingCentral's own widgets do); calls ending meanwhile share it.
So the Heavy requests are at most one per 30 s, two a minute, whatever the call volume:
RingCentral allows ten.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.people.calllog import CallLogBook, LogEntry
from tui.people.rest import full_sync, incremental_sync

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

log = logging.getLogger(__name__)

SYNC_AFTER_CALL_S = 30.0
FIRST_SYNC_DAYS = 7

Sleep = Callable[[float], Awaitable[None]]


def cache_path(data_dir: Path) -> Path:
    """Where the call log cache lives in the data dir."""
    return data_dir / "call-log.json"


class CallLogSync:
    """Owns the book's syncs and its cache file; tells `on_change` about new entries."""

    def __init__(
        self,
        client: RingCentralClient,
        path: Path,
        *,
        on_change: Callable[[list[LogEntry]], None] = lambda entries: None,
        sleep: Sleep = asyncio.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        delay: float = SYNC_AFTER_CALL_S,
    ) -> None:
        self.client = client
        self.path = path
        owner = f"{client.server} {client.extension_id}"
        self.book = CallLogBook.load(path, owner)
        self.on_change = on_change
        self._sleep = sleep
        self._now = now
        self.delay = delay
        self.syncs = 0
        self._pending: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def sync(self) -> list[LogEntry]:
        """One sync now; the new or changed entries. Raises the client's errors."""
        from tui.ringcentral.errors import BadRequest

        async with self._lock:
            self.syncs += 1
            token = self.book.sync_token
            body = None
            if token:
                try:
                    body = await incremental_sync(self.client, token)
                except BadRequest:  # the token expired or the log was reset
                    log.info("call log sync token refused; syncing in full")
            if body is None:
                body = await full_sync(self.client, self._now(), FIRST_SYNC_DAYS)
            records = body.get("records")
            changed = self.book.merge(records if isinstance(records, list) else [])
            info = body.get("syncInfo") or {}
            if isinstance(info.get("syncToken"), str):
                self.book.sync_token = info["syncToken"]
            self.save()
        if changed:
            self.on_change(changed)
        return changed

    def save(self) -> None:
        """Write the cache; a full disk only costs the next start a full sync."""
        try:
            self.book.save(self.path)
        except OSError as error:
            log.warning("could not save the call log cache: %s", error)

    def call_ended(self) -> None:
        """A call ended: sync once in `delay` seconds (unless a sync is already due)."""
        if self._pending is None or self._pending.done():
            self._pending = asyncio.get_running_loop().create_task(self._sync_later())

    async def _sync_later(self) -> None:
        await self._sleep(self.delay)
        await self.sync_quietly()

    async def sync_quietly(self) -> bool:
        """Sync, logging (not raising) a failure; True when it worked.

        Rate-limited: the client holds the Heavy group back for its penalty, so try once more
        after it; other failures wait for the next call's sync.
        """
        from tui.ringcentral.errors import CalldeckError, RateLimited, server_wait

        for _ in range(2):
            try:
                await self.sync()
                return True
            except RateLimited as error:
                log.info("call log sync rate limited; again in %.0f s", server_wait(error))
                await self._sleep(max(server_wait(error), self.delay))
            except CalldeckError as error:
                log.warning("call log sync failed: %s", error.message)
                return False
        return False

    async def wait_pending(self) -> None:
        """Wait for the sync due after a call (if one is scheduled) to finish."""
        pending = self._pending
        if pending is not None and not pending.done():
            await asyncio.shield(pending)

    async def close(self) -> None:
        """Cancel a pending sync."""
        from tui.ringcentral.push.tasks import cancel_task

        pending, self._pending = self._pending, None
        await cancel_task(pending)
