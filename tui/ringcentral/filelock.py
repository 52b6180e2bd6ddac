"""A lock shared by every calldeck process of one person: `flock` on a small file.

Refresh tokens are single-use, so two processes refreshing the same sign-in at once end
it for one of them. Whoever refreshes holds this lock, and re-reads the store inside it.
The lock is advisory and released by the kernel when its holder exits, so a crashed
process never leaves it stuck. Waiting is asynchronous (short polls) and bounded: after
`timeout` the caller goes on without it, which is no worse than before the lock existed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; every process refreshes on its own, as before
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("calldeck.ringcentral")

LOCK_TIMEOUT_S = 30.0
_POLL_S = 0.02


def _try_lock(fd: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.asynccontextmanager
async def cross_process_lock(path: Path, timeout: float = LOCK_TIMEOUT_S) -> AsyncIterator[bool]:
    """Hold the lock file `path` (created 0600) for the block; yields True when held."""
    if fcntl is None:
        yield False
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    held = False
    try:
        deadline = time.monotonic() + timeout
        while not (held := _try_lock(fd)) and time.monotonic() < deadline:
            await asyncio.sleep(_POLL_S)
        if not held:
            log.warning("sign-in lock still busy after %.0f s; going on without it", timeout)
        yield held
    finally:
        if held:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
