"""OAuth token bookkeeping: sessions, access and refresh tokens, authorization codes.

One OAuth *session* holds exactly one live access token and one live refresh token.
Refreshing rotates both (the old access token dies at once, as RingCentral documents);
revoking any token of a session ends the whole session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from tui.emulator.clock import Clock
from tui.emulator.identity import TokenOwner


@dataclass
class OAuthSession:
    """One sign-in: who it is for and its current token pair."""

    session_id: str
    owner: TokenOwner
    access_token: str = ""
    access_expires_at: float = 0.0
    refresh_token: str = ""
    refresh_expires_at: float = 0.0
    access_ttl: float = 3600.0
    # 0: the session has no refresh token (`refresh_token_ttl=0` in the token request).
    refresh_ttl: float = 604800.0
    scope: str = ""


@dataclass
class AuthorizationCode:
    """A single-use code handed out by /restapi/oauth/authorize."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    code_challenge_method: str
    expires_at: float
    scope: str = ""  # the permissions the authorize request asked for ("": all granted)


# RingCentral keeps about five parallel sessions per user per app; a sixth revokes the oldest.
MAX_SESSIONS_PER_APP = 5


class TokenLookup:
    """Why a token was rejected, or the session it belongs to."""

    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass
class TokenBook:
    """Every OAuth session and code the emulator has issued."""

    clock: Clock
    access_ttl: float = 3600.0
    refresh_ttl: float = 604800.0
    _sessions: dict[str, OAuthSession] = field(default_factory=dict)
    _by_access: dict[str, OAuthSession] = field(default_factory=dict)
    _by_refresh: dict[str, OAuthSession] = field(default_factory=dict)
    # Tokens that were valid once; lets a 401 say "expired" rather than "not found".
    _dead_access: set[str] = field(default_factory=set)
    _codes: dict[str, AuthorizationCode] = field(default_factory=dict)

    def open_session(
        self,
        owner_fields: dict[str, str],
        access_ttl: float | None = None,
        refresh_ttl: float | None = None,
        scope: str = "",
    ) -> OAuthSession:
        """Start a new OAuth session and issue its first token pair; beyond five sessions
        of the same user and app the oldest is revoked, as on RingCentral.

        `access_ttl`/`refresh_ttl` are the token request's lifetimes (None: the server's
        defaults; a `refresh_ttl` of 0 issues no refresh token)."""
        session_id = secrets.token_hex(8)
        owner = TokenOwner(session_id=session_id, **owner_fields)
        session = OAuthSession(
            session_id=session_id,
            owner=owner,
            access_ttl=access_ttl or self.access_ttl,
            refresh_ttl=self.refresh_ttl if refresh_ttl is None else refresh_ttl,
            scope=scope,
        )
        same_app = [
            s
            for s in self._sessions.values()
            if (s.owner.client_id, s.owner.extension_id) == (owner.client_id, owner.extension_id)
        ]
        for oldest in same_app[: max(0, len(same_app) - MAX_SESSIONS_PER_APP + 1)]:
            self._end(oldest)
        self._sessions[session_id] = session
        self._issue(session)
        return session

    def _issue(self, session: OAuthSession) -> None:
        if session.access_token:
            self._retire_access(session.access_token)
            self._by_refresh.pop(session.refresh_token, None)
        now = self.clock.monotonic()
        session.access_token = "EMU-AT-" + secrets.token_urlsafe(32)
        session.access_expires_at = now + session.access_ttl
        self._by_access[session.access_token] = session
        if session.refresh_ttl > 0:
            session.refresh_token = "EMU-RT-" + secrets.token_urlsafe(32)
            session.refresh_expires_at = now + session.refresh_ttl
            self._by_refresh[session.refresh_token] = session
        else:
            session.refresh_token = ""
            session.refresh_expires_at = 0.0

    def _retire_access(self, token: str) -> None:
        self._by_access.pop(token, None)
        self._dead_access.add(token)

    def check_access(self, token: str) -> OAuthSession | str:
        """The session behind a live access token, else TokenLookup.EXPIRED/UNKNOWN."""
        session = self._by_access.get(token)
        if session is None:
            return TokenLookup.EXPIRED if token in self._dead_access else TokenLookup.UNKNOWN
        if self.clock.monotonic() >= session.access_expires_at:
            return TokenLookup.EXPIRED
        return session

    def refresh(
        self,
        refresh_token: str,
        access_ttl: float | None = None,
        refresh_ttl: float | None = None,
    ) -> OAuthSession | str:
        """Rotate a session's tokens (single-use refresh), else EXPIRED/UNKNOWN. Lifetimes
        given with the refresh apply from now on; without them the session keeps its own."""
        session = self._by_refresh.get(refresh_token)
        if session is None:
            return TokenLookup.UNKNOWN
        if self.clock.monotonic() >= session.refresh_expires_at:
            # An expired refresh token is dead for good, like the session it belonged to.
            self._end(session)
            return TokenLookup.EXPIRED
        if access_ttl is not None:
            session.access_ttl = access_ttl
        if refresh_ttl is not None:
            session.refresh_ttl = refresh_ttl
        self._issue(session)
        return session

    def session_of(self, token: str) -> OAuthSession | None:
        """The live session an access or refresh token belongs to, if any."""
        return self._by_access.get(token) or self._by_refresh.get(token)

    def revoke(self, token: str) -> bool:
        """End the whole session that `token` (access or refresh) belongs to."""
        session = self.session_of(token)
        if session is None:
            return False
        self._end(session)
        return True

    def _end(self, session: OAuthSession) -> None:
        self._retire_access(session.access_token)
        self._by_refresh.pop(session.refresh_token, None)
        self._sessions.pop(session.session_id, None)

    def expire_access_tokens(self) -> None:
        """Fault: every live access token is expired from now on (refresh still works)."""
        now = self.clock.monotonic()
        for session in self._sessions.values():
            session.access_expires_at = min(session.access_expires_at, now - 1)

    def revoke_refresh_tokens(self) -> None:
        """Fault: every refresh token stops working (sessions must sign in again)."""
        for session in list(self._sessions.values()):
            self._by_refresh.pop(session.refresh_token, None)
            session.refresh_token = ""

    def new_code(self, code: AuthorizationCode) -> str:
        """Store an authorization code and return its value."""
        value = "EMU-AC-" + secrets.token_urlsafe(24)
        self._codes[value] = code
        return value

    def take_code(self, value: str) -> AuthorizationCode | None:
        """Use up an authorization code (single use); None if unknown or expired."""
        code = self._codes.pop(value, None)
        if code is None or self.clock.monotonic() >= code.expires_at:
            return None
        return code

    def access_token_of(self, session_id: str) -> str | None:
        """The current access token of a live OAuth session (REST over the WebSocket acts
        with it), or None once the session has ended."""
        session = self._sessions.get(session_id)
        return session.access_token if session is not None else None
