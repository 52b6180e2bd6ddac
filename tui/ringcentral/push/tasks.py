"""Stopping the push layer's background tasks cleanly (no task may outlive `stop()`)."""

from __future__ import annotations

import asyncio
import contextlib


async def cancel_task(task: asyncio.Task | None) -> None:
    """Cancel `task` and wait until it has finished; whatever it raised is already logged."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
