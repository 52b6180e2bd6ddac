"""Tokens and where a sign-in is kept between runs.

`TokenStore` uses the OS keyring when a usable backend exists, otherwise a JSON file
(`tui.paths.token_file()`) created 0600 and checked (and repaired) whenever the store is
opened. Writes are atomic (temp file + `os.replace`) because refresh tokens are
single-use: a half-written file would lose the only valid one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui.ringcentral.redact import register_secret

log = logging.getLogger("calldeck.ringcentral")

KEYRING_SERVICE = "calldeck"
KEYRING_USER = "sign-in"
FILE_MODE = 0o600
# Environment switch: "file" forces the 0600 JSON file even when a keyring exists.
STORE_ENV = "CALLDECK_TOKEN_STORE"


@dataclass(frozen=True)
class TokenSet:
    """One OAuth token pair with absolute (epoch seconds) expiry times. Its repr hides tokens."""

    access_token: str = field(repr=False)
    expires_at: float
    refresh_token: str | None = field(default=None, repr=False)
    refresh_expires_at: float | None = None
    owner_id: str | None = None
    scope: str | None = None
    session_id: str | None = None
    # Lifetime the server granted, so "refresh at 80% of a short TTL" can be computed.
    expires_in: float = 3600.0

    @classmethod
    def from_token_response(cls, body: dict[str, Any], now: float) -> TokenSet:
        """Build from a `TokenInfo` body received at `now` (epoch seconds)."""
        expires_in = float(body.get("expires_in") or 3600)
        refresh_in = body.get("refresh_token_expires_in")
        tokens = cls(
            access_token=str(body["access_token"]),
            expires_at=now + expires_in,
            refresh_token=body.get("refresh_token"),
            refresh_expires_at=now + float(refresh_in) if refresh_in is not None else None,
            owner_id=str(body["owner_id"]) if body.get("owner_id") is not None else None,
            scope=body.get("scope"),
            session_id=body.get("session_id"),
            expires_in=expires_in,
        )
        tokens.register()
        return tokens

    def register(self) -> None:
        """Tell the log redactor about both tokens."""
        register_secret(self.access_token)
        register_secret(self.refresh_token)

    def refresh_due(self, now: float) -> bool:
        """True when the access token should be refreshed: 60 s before expiry, or at 80%
        of a short lifetime (so a 60 s token is not refreshed on every request)."""
        margin = min(60.0, 0.2 * self.expires_in)
        return now >= self.expires_at - margin

    def refresh_usable(self, now: float) -> bool:
        """True when there is a refresh token that has not yet expired."""
        if not self.refresh_token:
            return False
        return self.refresh_expires_at is None or now < self.refresh_expires_at

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the token store only)."""
        return {
            "access_token": self.access_token,
            "expires_at": self.expires_at,
            "refresh_token": self.refresh_token,
            "refresh_expires_at": self.refresh_expires_at,
            "owner_id": self.owner_id,
            "scope": self.scope,
            "session_id": self.session_id,
            "expires_in": self.expires_in,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenSet:
        """Inverse of `to_json`."""
        tokens = cls(
            access_token=str(data["access_token"]),
            expires_at=float(data["expires_at"]),
            refresh_token=data.get("refresh_token"),
            refresh_expires_at=data.get("refresh_expires_at"),
            owner_id=data.get("owner_id"),
            scope=data.get("scope"),
            session_id=data.get("session_id"),
            expires_in=float(data.get("expires_in") or 3600),
        )
        tokens.register()
        return tokens


@dataclass(frozen=True)
class SavedSignIn:
    """Everything needed to resume a sign-in: server, app and tokens. Repr hides secrets."""

    server: str
    client_id: str
    tokens: TokenSet
    client_secret: str | None = field(default=None, repr=False)
    account_id: str | None = None
    extension_id: str | None = None
    saved_at: float = field(default_factory=time.time)

    def with_tokens(self, tokens: TokenSet) -> SavedSignIn:
        """The same sign-in with a new token pair."""
        return replace(self, tokens=tokens, saved_at=time.time())

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the token store only)."""
        return {
            "version": 1,
            "server": self.server,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "account_id": self.account_id,
            "extension_id": self.extension_id,
            "saved_at": self.saved_at,
            "tokens": self.tokens.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SavedSignIn:
        """Inverse of `to_json`; raises KeyError/ValueError/TypeError on a damaged record."""
        register_secret(data.get("client_secret"))
        return cls(
            server=str(data["server"]),
            client_id=str(data["client_id"]),
            client_secret=data.get("client_secret"),
            account_id=data.get("account_id"),
            extension_id=data.get("extension_id"),
            saved_at=float(data.get("saved_at") or 0.0),
            tokens=TokenSet.from_json(data["tokens"]),
        )


def usable_keyring() -> Any | None:
    """The active keyring backend if it can really store secrets, else None.

    `CALLDECK_HOME` (tests, the demo) and `CALLDECK_TOKEN_STORE=file` force the file so a
    test never touches a person's real keyring.
    """
    if os.environ.get(STORE_ENV, "").lower() == "file" or os.environ.get("CALLDECK_HOME"):
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring install must not stop calldeck
        log.info("keyring unavailable: %s", type(exc).__name__)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


class TokenStore:
    """Saves one sign-in: in the OS keyring when usable, else in a 0600 JSON file."""

    def __init__(self, path: Path | None = None, *, keyring_backend: Any | None = None) -> None:
        if path is None:
            from tui.paths import token_file

            path = token_file()
        self.path = path
        self._keyring = keyring_backend if keyring_backend is not None else usable_keyring()
        if self._keyring is None:
            self.repair_permissions()

    @property
    def backend(self) -> str:
        """`keyring` or `file`: where sign-ins go."""
        return "keyring" if self._keyring is not None else "file"

    def repair_permissions(self) -> bool:
        """Make an existing token file 0600 again if anyone loosened it; True if repaired."""
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except FileNotFoundError:
            return False
        if mode == FILE_MODE:
            return False
        os.chmod(self.path, FILE_MODE)
        log.warning("token file permissions were %o; reset to 600", mode)
        return True

    def load(self) -> SavedSignIn | None:
        """The saved sign-in, or None when there is none (or it is unreadable)."""
        raw = self._read()
        if raw is None:
            return None
        try:
            return SavedSignIn.from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            log.warning("the saved sign-in is damaged; ignoring it")
            return None

    def save(self, signin: SavedSignIn) -> None:
        """Store `signin`, replacing any previous one atomically."""
        text = json.dumps(signin.to_json())
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, KEYRING_USER, text)
                return
            except Exception as exc:
                # A refreshed pair must never be lost (the old refresh token is spent):
                # fall back to the private file for the rest of this run.
                log.warning("keyring refused the sign-in (%s); using the file", type(exc).__name__)
                self._keyring = None
        write_private_file(self.path, text)

    def delete(self) -> bool:
        """Forget the saved sign-in; True if there was one."""
        if self._keyring is not None:
            try:
                self._keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
            except Exception:  # keyring raises PasswordDeleteError when nothing is stored
                return False
            return True
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True

    def _read(self) -> str | None:
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
            except Exception as exc:
                log.warning("keyring unreadable (%s); trying the file", type(exc).__name__)
                value = None
            if value is not None:
                return value
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None


def write_private_file(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by the owner only (0600; folder 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(prefix=".tokens-", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
