"""The token store: 0600 file (repaired if loosened), atomic saves, redacted reprs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui.ringcentral.tokens import SavedSignIn, TokenSet, TokenStore, usable_keyring

ACCESS = "ACCESS-TOKEN-VALUE-123"
REFRESH = "REFRESH-TOKEN-VALUE-456"
SECRET = "CLIENT-SECRET-VALUE-789"


def _signin() -> SavedSignIn:
    tokens = TokenSet.from_token_response(
        {
            "access_token": ACCESS,
            "expires_in": 3600,
            "refresh_token": REFRESH,
            "refresh_token_expires_in": 604800,
            "owner_id": "101",
            "scope": "CallControl",
            "session_id": "sess",
            "token_type": "bearer",
        },
        now=1000.0,
    )
    return SavedSignIn(
        server="http://127.0.0.1:1", client_id="app", client_secret=SECRET, tokens=tokens
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_is_0600_and_round_trips(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "data" / "tokens.json", keyring_backend=None)
    assert store.backend == "file"
    store.save(_signin())
    assert _mode(store.path) == 0o600
    loaded = store.load()
    assert loaded is not None
    assert loaded.tokens.access_token == ACCESS and loaded.client_secret == SECRET
    assert loaded.tokens.expires_at == 4600.0
    assert not [p for p in store.path.parent.iterdir() if p.name.startswith(".tokens-")]


def test_loosened_file_is_repaired_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    TokenStore(path).save(_signin())
    os.chmod(path, 0o644)
    TokenStore(path)
    assert _mode(path) == 0o600


def test_delete_and_damaged_file(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    assert store.load() is None and store.delete() is False
    store.path.write_text("{not json")
    assert store.load() is None
    assert store.delete() is True and not store.path.exists()


def test_reprs_never_show_secrets() -> None:
    signin = _signin()
    text = repr(signin) + str(signin) + repr(signin.tokens)
    for secret in (ACCESS, REFRESH, SECRET):
        assert secret not in text


def test_refresh_is_due_60s_early_or_at_80_percent_of_short_ttl() -> None:
    long = TokenSet("a" * 10, expires_at=4600.0, expires_in=3600)
    assert not long.refresh_due(4539.0) and long.refresh_due(4540.0)
    short = TokenSet("a" * 10, expires_at=1060.0, expires_in=60)
    assert not short.refresh_due(1047.0) and short.refresh_due(1048.0)


def test_tests_never_use_a_real_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLDECK_HOME", "/nonexistent")
    assert usable_keyring() is None


def test_keyring_backend_is_used_when_usable(tmp_path: Path) -> None:
    class MemoryKeyring:
        def __init__(self) -> None:
            self.values: dict[tuple[str, str], str] = {}

        def set_password(self, service: str, user: str, value: str) -> None:
            self.values[service, user] = value

        def get_password(self, service: str, user: str) -> str | None:
            return self.values.get((service, user))

        def delete_password(self, service: str, user: str) -> None:
            del self.values[service, user]

    ring = MemoryKeyring()
    store = TokenStore(tmp_path / "tokens.json", keyring_backend=ring)
    store.save(_signin())
    assert store.backend == "keyring" and not store.path.exists()
    loaded = store.load()
    assert loaded is not None and loaded.tokens.refresh_token == REFRESH
    assert store.delete() and store.load() is None


def test_a_failing_keyring_falls_back_to_the_file(tmp_path: Path) -> None:
    class BrokenKeyring:
        def set_password(self, *args: str) -> None:
            raise RuntimeError("locked")

        def get_password(self, *args: str) -> str | None:
            raise RuntimeError("locked")

    store = TokenStore(tmp_path / "tokens.json", keyring_backend=BrokenKeyring())
    store.save(_signin())  # a refreshed pair is never lost
    assert store.backend == "file" and _mode(store.path) == 0o600
    loaded = store.load()
    assert loaded is not None and loaded.tokens.access_token == ACCESS
