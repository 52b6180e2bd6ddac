"""Opening the account link at start, retried like the live feed retries.

One 503 or a refused connection at start used to leave the UI on "✖ down" for good, while
`calldeck watch` kept trying. Now a failure that may pass (unreachable, 5xx, 429, a refused
upgrade) is tried again with a growing, jittered pause (at least what the server's
`Retry-After` asks); the person is told why and when the next try is, and `r` tries at once.
Permanent refusals (sign-in needed, no permission, bad credentials) still end the start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.ringcentral.errors import CalldeckError, SignInRequired, server_wait
from tui.ringcentral.push.live import is_transient
from tui.ringcentral.push.timing import Backoff

if TYPE_CHECKING:
    from tui.app.link import AccountLink, Identity, LinkCallbacks

log = logging.getLogger(__name__)

# First pause after a failed start and the longest one.
FIRST_PAUSE_S = 1.0
LONGEST_PAUSE_S = 60.0


def failure_text(error: BaseException) -> str:
    """One line saying why connecting failed."""
    if isinstance(error, CalldeckError):
        return error.message
    return f"Could not reach RingCentral ({type(error).__name__})."


class LinkStarter:
    """Opens `link`, waiting and trying again while the failure may pass."""

    def __init__(
        self,
        link: AccountLink,
        callbacks: LinkCallbacks,
        *,
        on_wait: Callable[[str, float], None],
        first_pause: float = FIRST_PAUSE_S,
        longest_pause: float = LONGEST_PAUSE_S,
    ) -> None:
        self.link = link
        self.callbacks = callbacks
        self.on_wait = on_wait
        self.attempts = 0
        self._backoff = Backoff(first_pause, longest_pause)
        self._wake = asyncio.Event()
        self.waiting = False

    def retry_now(self) -> bool:
        """Cut the pause short (the `r` key); False when no try is waiting."""
        if not self.waiting:
            return False
        self._wake.set()
        return True

    async def open(self) -> Identity:
        """The signed-in identity once the link is up; raises on a permanent failure."""
        while True:
            self.attempts += 1
            try:
                return await self.link.open(self.callbacks)
            except SignInRequired:
                raise
            except Exception as exc:
                if not is_transient(exc):
                    raise
                await self._close_partial()
                pause = max(self._backoff.next_delay(), server_wait(exc))
                log.warning("could not connect (%r); trying again in %.1f s", exc, pause)
                self.on_wait(failure_text(exc), pause)
                await self._pause(pause)

    async def _pause(self, seconds: float) -> None:
        self._wake.clear()
        self.waiting = True
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except TimeoutError:
            pass
        finally:
            self.waiting = False

    async def _close_partial(self) -> None:
        """Release what the failed attempt opened (a client, the demo's emulator)."""
        try:
            await self.link.close()
        except Exception:  # the next attempt starts from nothing either way
            log.exception("closing a failed start")
