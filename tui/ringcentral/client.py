"""`RingCentralClient`: one long-lived httpx.AsyncClient per account, signed in.

It owns the access token's life (proactive refresh shared by concurrent callers, one
refresh-and-retry on 401, refreshed pairs saved before use), rate-limit penalties (nothing
is sent to a group during its 429 penalty), bounded retries of idempotent requests on
5xx/connection errors, and the mapping of error answers to typed exceptions.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tui.ringcentral.auth import (
    REVOKE_PATH,
    TOKEN_PATH,
    Credentials,
    client_auth,
    code_grant_form,
    jwt_grant_form,
)
from tui.ringcentral.errors import SignInRequired, Unreachable, sign_in_failed
from tui.ringcentral.exchange import (
    IDEMPOTENT,
    build_http,
    json_or_none,
    refusal,
    send,
    server_retry_after,
)
from tui.ringcentral.permissions import granted_permissions
from tui.ringcentral.ratelimit import RateLimits
from tui.ringcentral.redact import register_secret
from tui.ringcentral.server_clock import ServerClock
from tui.ringcentral.tokenkeeper import NOT_SIGNED_IN, SharedTokens, TokenKeeper
from tui.ringcentral.tokens import SavedSignIn, TokenSet, TokenStore

log = logging.getLogger("calldeck.ringcentral")

ME_PATH = "/restapi/v1.0/account/~/extension/~"
# The longest `Retry-After` on a 5xx that a request waits out before its next try. Longer
# would freeze a key press, so the caller gets the error with the wait instead; background
# work (re-sync, subscribing) waits it out itself.
LONGEST_RETRY_AFTER_WAIT = 5.0

# 401s one request may meet before the sign-in counts as ended (each followed by a refresh
# or by taking the pair another process refreshed).
MAX_UNAUTHORIZED = 3

Sleep = Callable[[float], Awaitable[None]]


class RingCentralClient:
    """A signed-in connection to one RingCentral account (or the emulator)."""

    def __init__(
        self,
        credentials: Credentials,
        tokens: TokenSet | None = None,
        *,
        store: TokenStore | None = None,
        account_id: str | None = None,
        extension_id: str | None = None,
        now: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
        timeout: float = 15.0,
        max_attempts: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.credentials = credentials
        self.server = credentials.server
        self.account_id = account_id
        self.extension_id = extension_id or (tokens.owner_id if tokens else None)
        self._store = store
        self._now = now
        self._sleep = sleep
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff
        self._keeper = TokenKeeper(
            tokens,
            grant=self._grant,
            persist=self._persist,
            now=now,
            jwt=credentials.jwt,
            shared=self._shared_through(store),
        )
        self._me: dict[str, Any] | None = None
        self.rate_limits = RateLimits(now)
        self.server_clock = ServerClock(now)
        self._http = build_http(self.server, timeout)

    def _shared_through(self, store: TokenStore | None) -> SharedTokens | None:
        """How this sign-in is shared with other processes: through its slot in `store`."""
        if store is None:
            return None
        client_id = self.credentials.client_id
        return SharedTokens(load=lambda: store.load_tokens(self.server, client_id), lock=store.lock)

    def __repr__(self) -> str:
        return f"RingCentralClient(server={self.server!r}, extension_id={self.extension_id!r})"

    # ----- construction -----------------------------------------------------------------

    @classmethod
    async def sign_in_jwt(
        cls, credentials: Credentials, *, store: TokenStore | None = None, **options: Any
    ) -> RingCentralClient:
        """Sign in with the JWT bearer grant; saves the sign-in to `store` if given."""
        if not (credentials.jwt and credentials.client_secret):
            raise SignInRequired("A JWT sign-in needs a client id, client secret and JWT.")
        form = jwt_grant_form(credentials.jwt)
        what = "the JWT credential or the app's client id and secret"
        return await cls._signed_in(credentials, form, what, store, options)

    @classmethod
    async def sign_in_code(
        cls,
        credentials: Credentials,
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        store: TokenStore | None = None,
        **options: Any,
    ) -> RingCentralClient:
        """Finish a PKCE browser sign-in by exchanging the authorization code."""
        form = code_grant_form(code, redirect_uri, code_verifier)
        return await cls._signed_in(credentials, form, "the sign-in code", store, options)

    @classmethod
    async def _signed_in(
        cls,
        credentials: Credentials,
        form: dict[str, str],
        what: str,
        store: TokenStore | None,
        options: dict[str, Any],
    ) -> RingCentralClient:
        client = cls(credentials, store=store, **options)
        try:
            tokens = await client._grant(form, what)
            client._keeper.tokens = tokens
            client.extension_id = tokens.owner_id
            await client.extension_info()
            if store is not None:
                store.save(client.saved_sign_in())
            log.info("signed in to %s as extension %s", client.server, client.extension_id)
        except BaseException:
            await client.aclose()
            raise
        return client

    @classmethod
    def from_saved(
        cls,
        store: TokenStore,
        *,
        saved: SavedSignIn | None = None,
        credentials: Credentials | None = None,
        **options: Any,
    ) -> RingCentralClient:
        """A client resuming the sign-in saved in `store` (`saved`, if already read; with
        `credentials`, e.g. a JWT to start over with); SignInRequired if there is none."""
        saved = saved if saved is not None else store.load()
        if saved is None:
            raise SignInRequired(NOT_SIGNED_IN)
        if credentials is None:
            credentials = Credentials(saved.server, saved.client_id, saved.client_secret)
        return cls(
            credentials,
            saved.tokens,
            store=store,
            account_id=saved.account_id,
            extension_id=saved.extension_id,
            **options,
        )

    def saved_sign_in(self, tokens: TokenSet | None = None) -> SavedSignIn:
        """This sign-in as the token store keeps it."""
        tokens = tokens or self._keeper.tokens
        if tokens is None:
            raise SignInRequired(NOT_SIGNED_IN)
        return SavedSignIn(
            server=self.server,
            client_id=self.credentials.client_id,
            client_secret=self.credentials.client_secret,
            tokens=tokens,
            account_id=self.account_id,
            extension_id=self.extension_id,
        )

    @property
    def granted_permissions(self) -> frozenset[str] | None:
        """The app permissions the token response's `scope` lists; None when unknown."""
        tokens = self._keeper.tokens
        return granted_permissions(tokens.scope) if tokens is not None else None

    @property
    def keeper(self) -> TokenKeeper:
        """The token keeper (for a proactive refresh timer: `ensure_fresh`, `refresh_due`)."""
        return self._keeper

    @property
    def signed_in(self) -> bool:
        """False once the sign-in has ended (revoked, expired or signed out)."""
        return self._keeper.tokens is not None and not self._keeper.ended

    def _persist(self, tokens: TokenSet) -> None:
        """Save a refreshed pair (before it is used) when this sign-in has a store."""
        if self._store is not None:
            self._store.save(self.saved_sign_in(tokens))

    # ----- sending ----------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One HTTP exchange (`tui.ringcentral.exchange.send`)."""
        return await send(
            self._http,
            self.rate_limits,
            method,
            path,
            headers=headers,
            server_clock=self.server_clock,
            **kwargs,
        )

    async def _grant(self, form: dict[str, str], what: str) -> TokenSet:
        """POST a token request with this app's client auth; the new TokenSet."""
        headers, extra = client_auth(self.credentials.client_id, self.credentials.client_secret)
        response = await self._send("POST", TOKEN_PATH, data=form | extra, headers=headers)
        if response.is_error:
            body = json_or_none(response)
            if response.status_code in (400, 401, 403):
                raise sign_in_failed(response.status_code, body, what)
            raise refusal(response, repeatable=True)
        return TokenSet.from_token_response(response.json(), self._now())

    async def _pause_before_retry(self, attempt: int, at_least: float = 0.0) -> None:
        delay = min(4.0, self._backoff * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
        await self._sleep(max(delay, at_least))

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotent: bool | None = None,
        action: str | None = None,
    ) -> httpx.Response:
        """Send an authorised API request and return its successful response.

        Idempotent requests (GET/PUT/DELETE unless told otherwise) are retried on 5xx and
        connection errors, up to 3 tries with jittered backoff; others are sent once.
        A 401 triggers one token refresh and one retry. `action` names the call-control
        action for error sentences. Raises ApiError subclasses, SignInRequired, Unreachable.
        """
        method = method.upper()
        repeatable = method in IDEMPOTENT if idempotent is None else idempotent
        attempts = self._max_attempts if repeatable else 1
        attempt = 0
        refreshed = False
        unauthorized = 0
        while True:
            tokens = await self._keeper.current()
            headers = {"Authorization": f"Bearer {tokens.access_token}"}
            try:
                response = await self._send(method, path, headers=headers, json=json, params=params)
            except Unreachable:
                attempt += 1
                if attempt < attempts:
                    await self._pause_before_retry(attempt)
                    continue
                raise
            status = response.status_code
            if status == 401:
                unauthorized += 1
                # A pair refreshed here and still refused means the sign-in is over; a pair
                # taken from another process may have been rotated since: refresh it.
                if refreshed or unauthorized > MAX_UNAUTHORIZED:
                    raise self._keeper.end()
                refreshed = await self._keeper.refresh(tokens)
                continue
            if status >= 500:
                attempt += 1
                wait = server_retry_after(response)
                if attempt < attempts and (wait is None or wait <= LONGEST_RETRY_AFTER_WAIT):
                    log.info("%s %s got %s; retrying", method, path, status)
                    await self._pause_before_retry(attempt, at_least=wait or 0.0)
                    continue
            if response.is_error:
                raise refusal(response, action=action, retried=attempt > 1, repeatable=repeatable)
            return response

    async def get_json(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """GET `path` and return its JSON object."""
        response = await self.request("GET", path, params=params)
        return response.json()

    async def post_json(
        self, path: str, json: Any = None, *, action: str | None = None
    ) -> dict[str, Any] | None:
        """POST (sent once, never repeated) and return the JSON body, or None if empty."""
        response = await self.request("POST", path, json=json, action=action)
        return json_or_none(response) if response.content else None

    async def patch_json(
        self, path: str, json: Any, *, action: str | None = None
    ) -> dict[str, Any] | None:
        """PATCH and return the JSON body, or None if empty."""
        response = await self.request("PATCH", path, json=json, action=action)
        return json_or_none(response) if response.content else None

    async def ws_token(self) -> dict[str, Any]:
        """A WebSocket gateway token: `{ws_access_token, uri, expires_in}`."""
        response = await self.request("POST", "/restapi/oauth/wstoken")
        body = response.json()
        register_secret(body.get("ws_access_token"))
        return body

    async def extension_info(self, *, refresh: bool = False) -> dict[str, Any]:
        """The signed-in extension (`GET /account/~/extension/~`), cached after the first call."""
        if self._me is None or refresh:
            self._me = await self.get_json(ME_PATH)
            account = self._me.get("account") or {}
            if account.get("id") is not None:
                self.account_id = str(account["id"])
            if self._me.get("id") is not None:
                self.extension_id = str(self._me["id"])
        return self._me

    def rate_limit_wait(self, group: str) -> float | None:
        """Seconds until `group` (light, medium, heavy, auth) may be used again, or None."""
        return self.rate_limits.wait(group)

    async def revoke(self) -> None:
        """Revoke this sign-in's whole OAuth session on the server (logout)."""
        tokens = self._keeper.tokens
        self._keeper.ended = True
        if tokens is None:
            return
        headers, extra = client_auth(self.credentials.client_id, self.credentials.client_secret)
        token = tokens.refresh_token or tokens.access_token
        response = await self._send(
            "POST", REVOKE_PATH, data={"token": token} | extra, headers=headers
        )
        if response.is_error:
            raise refusal(response, repeatable=True)
        log.info("sign-in revoked on %s", self.server)

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> RingCentralClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
