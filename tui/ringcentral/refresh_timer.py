"""Refresh the access token on a timer, whatever the traffic.

A healthy WebSocket makes no REST calls, so a token refreshed only on use would lapse during
a long quiet spell, and then the refresh token too: the person would have to sign in again.
RingCentral also stops a WebSocket subscription when its OAuth session expires
(real-ringcentral.md). So a feed keeps its sign-in warm: the token is refreshed `lead`
seconds before it expires, failures that may pass are tried again with backoff, and an ended
sign-in is reported at once (not at the next key press).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tui.ringcentral.errors import (
    RateLimited,
    ServerError,
    SignInRequired,
    Unreachable,
    server_wait,
)
from tui.ringcentral.push.timing import Backoff, PushClock
from tui.ringcentral.tokenkeeper import TokenKeeper

log = logging.getLogger(__name__)

# Refresh this long before the access token expires (RingCentral's shortest token lives 600 s).
REFRESH_LEAD_S = 120.0
# Look again at least this often: a laptop that slept, or a clock that jumped, is noticed.
LONGEST_NAP_S = 300.0


class RefreshTimer:
    """Keeps one sign-in's access token fresh until stopped or the sign-in ends."""

    def __init__(
        self,
        keeper: TokenKeeper,
        *,
        clock: PushClock | None = None,
        lead_s: float = REFRESH_LEAD_S,
        on_ended: Callable[[], None] | None = None,
    ) -> None:
        self.keeper = keeper
        self.clock = clock or PushClock()
        self.lead_s = lead_s
        self.on_ended = on_ended
        self.refreshes = 0
        self._backoff = Backoff(1.0, 60.0)

    async def run(self) -> None:
        """Refresh before each expiry; returns when the sign-in has ended."""
        while True:
            due = self.keeper.refresh_due(self.lead_s)
            if due == float("inf"):
                return
            if due > 0:
                await self.clock.sleep(min(due, LONGEST_NAP_S))
                continue
            try:
                before = self.keeper.tokens
                await self.keeper.ensure_fresh(self.lead_s)
            except SignInRequired:
                log.warning("the sign-in has ended; the live feed cannot go on")
                if self.on_ended is not None:
                    self.on_ended()
                return
            except (Unreachable, ServerError, RateLimited, OSError) as exc:
                delay = max(self._backoff.next_delay(), server_wait(exc))
                log.info("proactive token refresh failed (%r); trying again in %.0f s", exc, delay)
                await self.clock.sleep(delay)
                continue
            self._backoff.reset()
            if self.keeper.tokens is not before:
                self.refreshes += 1
            elif self.keeper.refresh_due(self.lead_s) <= 0:
                # Nothing to refresh with (no refresh token, no JWT): it works until it expires.
                await self.clock.sleep(LONGEST_NAP_S)
