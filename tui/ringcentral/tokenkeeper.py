"""The life of one sign-in's access token: when to refresh, one refresh at a time, and
the moment the sign-in ends.

Refresh proactively (60 s before expiry, or at 80% of a short lifetime); concurrent
callers share one refresh through a lock; refresh tokens are single-use, so the new pair
is saved (`persist`) before anything uses it. When the refresh token is revoked or
expired the sign-in ends for good: every later call fails locally, with no retry storm.
An early refresh that fails for a passing reason (5xx, 429, unreachable) is tried again
after a pause, or the server's `Retry-After` if longer, not on every request meanwhile.

Every calldeck process of one person shares one sign-in (`SharedTokens`): a refresh runs
under a cross-process lock and re-reads the store first; when another process already
rotated the pair, that pair is used instead of refreshing again (which would spend a
single-use refresh token twice and end the sign-in for one of them). A refresh refused
with `invalid_grant` after the stored pair changed is tried once more with the new pair.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tui.ringcentral.auth import jwt_grant_form, refresh_grant_form
from tui.ringcentral.errors import (
    SIGN_IN_ENDED,
    ApiError,
    RateLimited,
    ServerError,
    SignInFailed,
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


@dataclass(frozen=True)
class SharedTokens:
    """Where other processes leave the sign-in they refreshed: `load()` re-reads the saved
    pair (None if the store holds another sign-in or none); `lock()` is the lock every
    process refreshes under."""

    load: Callable[[], TokenSet | None]
    lock: Callable[[], contextlib.AbstractAsyncContextManager[bool]]


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
        shared: SharedTokens | None = None,
    ) -> None:
        self.tokens = tokens
        self._shared = shared
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
        infinity when there is nothing to refresh (not signed in, or the sign-in ended).

        The lead is at most a fifth of the token's lifetime, so a token shorter-lived than
        the lead (the emulator's `--access-ttl 5`) is refreshed at 80% of its life, not in a
        loop."""
        if self.tokens is None or self.ended:
            return float("inf")
        lead = min(lead_s, 0.2 * self.tokens.expires_in)
        return max(0.0, self.tokens.expires_at - lead - self._now())

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

    async def refresh(self, stale: TokenSet) -> bool:
        """Replace `stale` with a new pair; callers waiting meanwhile reuse that one, and so
        do other processes (through the shared store). True when this call refreshed it;
        False when it took a pair refreshed by another caller or process."""
        async with self._lock:
            if self.tokens is not stale and self.tokens is not None:
                return False  # another caller refreshed while we waited
            if self.ended:
                raise SignInRequired(SIGN_IN_ENDED)
            shared_lock = self._shared.lock() if self._shared else contextlib.nullcontext()
            async with shared_lock:
                newer = self._rotated_elsewhere(stale)
                if newer is not None and not newer.refresh_due(self._now()):
                    self.tokens = newer
                    log.info("using the token pair another calldeck process refreshed")
                    return False
                tokens, made_here = await self._refresh_from(newer or stale)
                self.tokens = tokens
                return made_here

    def _rotated_elsewhere(self, mine: TokenSet) -> TokenSet | None:
        """The stored pair when another process replaced `mine`, else None."""
        if self._shared is None:
            return None
        stored = self._shared.load()
        if stored is None or stored.access_token == mine.access_token:
            return None
        return stored

    async def _refresh_from(self, base: TokenSet) -> tuple[TokenSet, bool]:
        """(a new pair from `base`, else from the JWT, True); the sign-in ends when neither
        works. When the server refuses `base` while the stored pair changed (a process
        outside the lock), the stored pair is tried once instead ((it, False) if fresh)."""
        refused = await self._refreshed(base)
        if not isinstance(refused, SignInFailed):
            return refused, True
        newer = self._rotated_elsewhere(base)
        if newer is not None:
            if not newer.refresh_due(self._now()):
                return newer, False
            retried = await self._refreshed(newer)
            if not isinstance(retried, SignInFailed):
                return retried, True
        return await self._jwt_or_end(), True

    async def _refreshed(self, stale: TokenSet) -> TokenSet | SignInFailed:
        """The refresh grant's new pair, or the refusal (a spent or revoked refresh token)."""
        if not stale.refresh_usable(self._now()):
            return SignInFailed("The refresh token has expired.", status=400)
        assert stale.refresh_token is not None
        try:
            # Shielded: once sent, the server has spent the old refresh token, so the new
            # pair must be saved even if this caller is cancelled (a feed stopping).
            return await asyncio.shield(
                self._saved(self._grant(refresh_grant_form(stale.refresh_token), "the refresh"))
            )
        except SignInFailed as refusal:
            return refusal
        except ApiError as exc:
            if _transient(exc):
                raise
            return SignInFailed(exc.message, status=exc.status)

    async def _saved(self, grant: Awaitable[TokenSet]) -> TokenSet:
        """The new pair of `grant`, persisted before anything uses it (refresh tokens are
        single-use: a pair not saved is a sign-in lost for every process)."""
        tokens = await grant
        self._persist(tokens)
        log.info("access token refreshed")
        return tokens

    async def _jwt_or_end(self) -> TokenSet:
        """A new session from the JWT credential (from the environment), else the end."""
        if self._jwt:
            try:
                return await self._saved(self._grant(jwt_grant_form(self._jwt), "the JWT"))
            except ApiError as exc:
                if _transient(exc):
                    raise
        raise self.end()
