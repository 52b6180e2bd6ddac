"""One sign-in shared by every calldeck process: refreshes under a cross-process lock,
a pair rotated elsewhere is reused, and JWT sessions from the environment are kept in the
token store and reused instead of opening one per process."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.client.conftest import set_fault, token_grants
from tests.client.test_commands import _jwt_env, _one_clean_line, calldeck
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import ME_PATH, RingCentralClient
from tui.ringcentral.signin import sign_in
from tui.ringcentral.tokens import TokenStore


def _live_sessions(emulator: Emulator) -> int:
    return len(emulator.tokens._sessions)


async def test_two_processes_on_one_saved_sign_in_refresh_once(
    rc: RingCentralClient, emulator: Emulator
) -> None:
    # Two processes (the UI and `calldeck watch`): each its own store and keeper.
    async with (
        RingCentralClient.from_saved(TokenStore()) as ui,
        RingCentralClient.from_saved(TokenStore()) as watch,
    ):
        await set_fault(emulator, expireAccessTokens=True)
        results = await asyncio.gather(ui.get_json(ME_PATH), watch.get_json(ME_PATH))
        assert all(r["id"] for r in results)
        assert token_grants(emulator, "refresh_token") == 1
        # The UI refreshes again; the watch's access token dies with that rotation, and it
        # takes the stored pair instead of spending the (already spent) refresh token.
        await set_fault(emulator, expireAccessTokens=True)
        assert (await ui.get_json(ME_PATH))["id"]
        assert (await watch.get_json(ME_PATH))["id"]
        assert token_grants(emulator, "refresh_token") == 2
        assert ui.signed_in and watch.signed_in
        assert ui.keeper.tokens == watch.keeper.tokens


async def test_a_pair_taken_from_another_process_is_refreshed_when_refused(
    rc: RingCentralClient, emulator: Emulator
) -> None:
    async with RingCentralClient.from_saved(TokenStore()) as other:
        await rc.keeper.refresh(rc.keeper.tokens)  # the stored pair moves on
        await set_fault(emulator, expireAccessTokens=True)  # ...and then expires too
        assert (await other.get_json(ME_PATH))["id"]  # takes it, is refused, refreshes it
        assert other.signed_in
    assert token_grants(emulator, "refresh_token") == 2


async def test_a_refresh_refused_after_the_store_changed_uses_the_new_pair(
    rc: RingCentralClient, emulator: Emulator
) -> None:
    async with RingCentralClient.from_saved(TokenStore()) as slow:
        # A process outside the lock (an older calldeck) wins the race: it refreshes and
        # saves just as `slow` sends the same, now spent, refresh token.
        grant = slow._grant
        raced: list[bool] = []

        async def racing_grant(form: dict[str, str], what: str):
            if form.get("grant_type") == "refresh_token" and not raced:
                raced.append(True)
                rc.keeper._shared = None  # the racer does not take the lock
                await rc.keeper.refresh(rc.keeper.tokens)
            return await grant(form, what)

        slow._keeper._grant = racing_grant
        await set_fault(emulator, expireAccessTokens=True)
        assert (await slow.get_json(ME_PATH))["id"]
        assert slow.signed_in and raced
        statuses = [ex.status for ex in emulator.exchanges if b"refresh_token" in ex.request_body]
        assert statuses == [200, 400]  # the racer's; slow's spent one, then it took the new pair
        assert slow.keeper.tokens == rc.keeper.tokens


async def test_jwt_from_the_environment_opens_one_shared_session(
    emulator: Emulator, isolated_home: Path
) -> None:
    env = _jwt_env(emulator)
    clients = [await sign_in(environ=env) for _ in range(8)]
    try:
        for client in clients:
            assert (await client.get_json(ME_PATH))["id"]
    finally:
        for client in clients:
            await client.aclose()
    assert token_grants(emulator, "urn") == 1 and _live_sessions(emulator) == 1
    stored = (isolated_home / "data").glob("jwt-*.json")
    text = "".join(path.read_text() for path in stored)
    assert text and env["RINGCENTRAL_JWT"] not in text  # a fingerprint names it, not the JWT


async def test_status_runs_reuse_the_session_and_logout_revokes_it(
    emulator: Emulator, isolated_home: Path
) -> None:
    env = _jwt_env(emulator)
    runs = await asyncio.gather(*(calldeck("status", env=env) for _ in range(6)))
    assert [run.code for run in runs] == [0] * 6, [run.err for run in runs]
    assert token_grants(emulator, "urn") == 1 and _live_sessions(emulator) == 1
    assert (await calldeck("logout")).code == 0
    assert _live_sessions(emulator) == 0
    assert not list((isolated_home / "data").glob("jwt-*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        {"refresh_expires_at": [1]},
        {"expires_at": "soon"},
        {"access_token": None},
        {"refresh_token": {"a": 1}},
    ],
)
async def test_a_damaged_token_file_reads_as_not_signed_in(
    emulator: Emulator, isolated_home: Path, damage: dict
) -> None:
    assert (await calldeck("login", "--jwt", env=_jwt_env(emulator))).code == 0
    token_file = isolated_home / "data" / "tokens.json"
    saved = json.loads(token_file.read_text())
    saved["tokens"].update(damage)
    token_file.write_text(json.dumps(saved))
    line = _one_clean_line(await calldeck("status"))
    assert "not signed in" in line and "calldeck login" in line
    assert "unexpected error" not in line


def test_tokens_from_another_app_are_not_taken(store: TokenStore, jwt_credentials: Credentials):
    assert store.load_tokens(jwt_credentials.server, jwt_credentials.client_id) is None
