"""Tokens and where a sign-in is kept between runs.

`TokenStore` uses the OS keyring when a usable backend exists, otherwise a JSON file
(`tui.paths.token_file()`) created 0600 and checked (and repaired) whenever the store is
opened. Writes are atomic (temp file + `os.replace`) because refresh tokens are
single-use: a half-written file would lose the only valid one.
"""

from __future__ import annotations

import contextlib
import hashlib
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
# JWT sign-in slots: keyring user / file name prefix, and the list of them (no secrets).
JWT_PREFIX = "jwt-"
JWT_INDEX = "jwt-sessions.txt"


def jwt_fingerprint(server: str, client_id: str, jwt: str) -> str:
    """Names a JWT sign-in without revealing the JWT (SHA-256 of server, app and JWT)."""
    digest = hashlib.sha256("\n".join((server, client_id, jwt)).encode()).hexdigest()
    return digest[:32]


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
        """Inverse of `to_json`; ValueError/TypeError when a field has the wrong type (a
        damaged file must read as "not signed in", never fail later in a comparison)."""
        refresh_expires_at = data.get("refresh_expires_at")
        tokens = cls(
            access_token=_text(data["access_token"]),
            expires_at=float(data["expires_at"]),
            refresh_token=_optional_text(data.get("refresh_token")),
            refresh_expires_at=None if refresh_expires_at is None else float(refresh_expires_at),
            owner_id=_optional_text(data.get("owner_id")),
            scope=_optional_text(data.get("scope")),
            session_id=_optional_text(data.get("session_id")),
            expires_in=float(data.get("expires_in") or 3600),
        )
        tokens.register()
        return tokens


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a non-empty string")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


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
            server=_text(data["server"]),
            client_id=_text(data["client_id"]),
            client_secret=_optional_text(data.get("client_secret")),
            account_id=_optional_text(data.get("account_id")),
            extension_id=_optional_text(data.get("extension_id")),
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
    """Saves one sign-in: in the OS keyring when usable, else in a 0600 JSON file.

    The sign-in `calldeck login` saves lives in the default slot. A JWT sign-in from the
    environment (RINGCENTRAL_JWT) gets a slot of its own, named by a fingerprint of server,
    client id and JWT (never the JWT itself), so every process started with the same
    variables shares one server session instead of opening one each (`for_jwt`).
    Every process of one person refreshes a slot's tokens under `lock()`.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        keyring_backend: Any | None = None,
        slot: str = KEYRING_USER,
    ) -> None:
        if path is None:
            from tui.paths import token_file

            path = token_file()
        self.path = path
        self.slot = slot
        self._keyring = keyring_backend if keyring_backend is not None else usable_keyring()
        if self._keyring is None:
            self.repair_permissions()

    @classmethod
    def for_jwt(cls, server: str, client_id: str, jwt: str, **options: Any) -> TokenStore:
        """The slot of the JWT sign-in of (server, client id, JWT)."""
        fingerprint = jwt_fingerprint(server, client_id, jwt)
        main = cls(**options)
        return cls(
            main.path.with_name(f"{JWT_PREFIX}{fingerprint}.json"),
            keyring_backend=main._keyring,
            slot=f"{JWT_PREFIX}{fingerprint}",
        )

    def jwt_stores(self) -> list[TokenStore]:
        """Every JWT sign-in slot saved beside this store (for `calldeck logout`)."""
        return [
            TokenStore(
                self.path.with_name(f"{slot}.json"), keyring_backend=self._keyring, slot=slot
            )
            for slot in self._jwt_index()
        ]

    def lock(self) -> contextlib.AbstractAsyncContextManager[bool]:
        """The cross-process lock under which this slot's tokens are refreshed."""
        from tui.ringcentral.filelock import cross_process_lock

        return cross_process_lock(self.path.with_name(self.path.name + ".lock"))

    def load_tokens(self, server: str, client_id: str) -> TokenSet | None:
        """The saved tokens if they are for this server and app (else None)."""
        saved = self.load()
        if saved is None or (saved.server, saved.client_id) != (server, client_id):
            return None
        return saved.tokens

    def _index_path(self) -> Path:
        return self.path.with_name(JWT_INDEX)

    def _jwt_index(self) -> list[str]:
        try:
            lines = self._index_path().read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            return []
        return [line for line in dict.fromkeys(lines) if line.startswith(JWT_PREFIX)]

    def _remember_slot(self) -> None:
        if self.slot.startswith(JWT_PREFIX) and self.slot not in self._jwt_index():
            write_private_file(
                self._index_path(), "\n".join([*self._jwt_index(), self.slot]) + "\n"
            )

    def forget_jwt_index(self) -> None:
        """Drop the list of JWT slots (after logout deleted them)."""
        with contextlib.suppress(FileNotFoundError):
            self._index_path().unlink()

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
        """The saved sign-in, or None when there is none (or it is damaged: not UTF-8, not
        JSON, a field of the wrong type), which reads as "not signed in"."""
        try:
            raw = self._read()
            if raw is None:
                return None
            return SavedSignIn.from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("the saved sign-in is damaged; ignoring it")
            return None

    def save(self, signin: SavedSignIn) -> None:
        """Store `signin`, replacing any previous one atomically."""
        text = json.dumps(signin.to_json())
        self._remember_slot()
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, self.slot, text)
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
                self._keyring.delete_password(KEYRING_SERVICE, self.slot)
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
                value = self._keyring.get_password(KEYRING_SERVICE, self.slot)
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
