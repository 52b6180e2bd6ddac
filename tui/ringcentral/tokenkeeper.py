"""The life of one sign-in's access token: when to refresh, one refresh at a time, and
the moment the sign-in ends.

Refresh proactively (60 s before expiry, or at 80% of a short lifetime); concurrent
callers share one refresh through a lock; refresh tokens are single-use, so the new pair
is saved (`persist`) before anything uses it. When the refresh token is revoked or
expired the sign-in ends for good: every later call fails locally, with no retry storm.
An early refresh that fails for a passing reason (5xx, 429, unreachable) is tried again
after a pause, or the server's `Retry-After` if longer, not on every request meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from tui.ringcentral.auth import jwt_grant_form, refresh_grant_form
from tui.ringcentral.errors import (
    SIGN_IN_ENDED,
    ApiError,
    RateLimited,
    ServerError,
    SignInRequired,
    Unreachable,
    server_wait,
)
from tui.ringcentral.tokens import TokenSet

log = logging.getLogger("calldeck.ringcentral")

NOT_SIGNED_IN = "You are not signed in to RingCentral; run `calldeck login` first."
# After an early refresh fails for a passing reason, keep using the still-valid token for
# at least this long before trying again.
EARLY_REFRESH_PAUSE_S = 5.0

Grant = Callable[[dict[str, str], str], Awaitable[TokenSet]]


def _transient(error: ApiError) -> bool:
    """Errors worth trying again later rather than ending the sign-in."""
    return error.status >= 500 or error.status == 429


class TokenKeeper:
    """Holds the current TokenSet and replaces it when due."""

    def __init__(
        self,
        tokens: TokenSet | None,
        *,
        grant: Grant,
        persist: Callable[[TokenSet], None],
        now: Callable[[], float],
        jwt: str | None = None,
    ) -> None:
        self.tokens = tokens
        self.ended = False
        self._grant = grant
        self._persist = persist
        self._now = now
        self._jwt = jwt
        self._lock = asyncio.Lock()
        self._early_refresh_after = float("-inf")  # when an early refresh may be tried again

    def end(self) -> SignInRequired:
        """Mark the sign-in as over; returns the error to raise."""
        self.ended = True
        log.warning("the RingCentral sign-in has ended")
        return SignInRequired(SIGN_IN_ENDED)

    async def current(self) -> TokenSet:
        """A usable token set, refreshed first when due. Raises SignInRequired."""
        tokens = self.tokens
        if tokens is None:
            raise SignInRequired(NOT_SIGNED_IN)
        if self.ended:
            raise SignInRequired(SIGN_IN_ENDED)
        now = self._now()
        expired = now >= tokens.expires_at
        if tokens.refresh_due(now) and (expired or now >= self._early_refresh_after):
            if tokens.refresh_usable(now) or self._jwt:
                try:
                    await self.refresh(tokens)
                except (Unreachable, ServerError, RateLimited) as exc:
                    if expired:
                        raise
                    # Refreshing early failed for a passing reason; the token still works.
                    pause = max(EARLY_REFRESH_PAUSE_S, server_wait(exc))
                    self._early_refresh_after = now + pause
                    log.info("early token refresh postponed for %.0f s", pause)
            elif expired:
                raise self.end()
        assert self.tokens is not None
        return self.tokens

    def refresh_due(self, lead_s: float) -> float:
        """Seconds until the access token is within `lead_s` of expiring (0: due now);
        infinity when there is nothing to refresh (not signed in, or the sign-in ended)."""
        if self.tokens is None or self.ended:
            return float("inf")
        return max(0.0, self.tokens.expires_at - lead_s - self._now())

    async def ensure_fresh(self, min_valid_s: float) -> None:
        """Refresh now when the access token expires within `min_valid_s` (a timer's
        proactive refresh, whatever the traffic); otherwise do nothing.

        Raises SignInRequired when the sign-in has ended, and Unreachable, ServerError or
        RateLimited when the refresh could not be made now (the caller tries later)."""
        tokens = self.tokens
        if tokens is None:
            raise SignInRequired(NOT_SIGNED_IN)
        if self.ended:
            raise SignInRequired(SIGN_IN_ENDED)
        if self.refresh_due(min_valid_s) > 0:
            return
        if not (tokens.refresh_usable(self._now()) or self._jwt):
            if self._now() >= tokens.expires_at:
                raise self.end()
            return  # nothing to refresh with; the token works until it expires
        await self.refresh(tokens)

    async def refresh(self, stale: TokenSet) -> None:
        """Replace `stale` with a new pair; callers waiting meanwhile reuse that one."""
        async with self._lock:
            if self.tokens is not stale and self.tokens is not None:
                return  # another caller refreshed while we waited
            if self.ended:
                raise SignInRequired(SIGN_IN_ENDED)
            tokens = await self._new_tokens(stale)
            # Refresh tokens are single-use: persist the new pair before anything uses it.
            self._persist(tokens)
            self.tokens = tokens
            log.info("access token refreshed")

    async def _new_tokens(self, stale: TokenSet) -> TokenSet:
        if stale.refresh_usable(self._now()):
            assert stale.refresh_token is not None
            try:
                return await self._grant(refresh_grant_form(stale.refresh_token), "the refresh")
            except ApiError as exc:
                if _transient(exc):
                    raise
        if self._jwt:
            # A JWT credential (from the environment) can start a new session by itself.
            try:
                return await self._grant(jwt_grant_form(self._jwt), "the JWT")
            except ApiError as exc:
                if _transient(exc):
                    raise
        raise self.end()
