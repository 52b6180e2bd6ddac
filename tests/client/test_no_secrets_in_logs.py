"""A full run with logging at DEBUG never records a token or secret, and the CLI's log file
(written through the redacting filter) holds none either."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import approve_quietly, registered_redirect_uri
from tests.client.conftest import Phone, set_fault
from tests.client.test_commands import _jwt_env, calldeck
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.browser_login import browser_sign_in
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.client import ME_PATH, RingCentralClient
from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.tokens import TokenStore


def _open_in_browser(url: str) -> None:
    assert "close this tab" in approve_quietly(url)


def _secrets_seen(emulator: Emulator) -> set[str]:
    """Every token, code, verifier and secret that crossed the wire in this run."""
    found = {emulator.credentials["jwt"], emulator.credentials["clientSecret"]}
    for exchange in emulator.exchanges:
        if exchange.path.startswith("/restapi/oauth/"):
            form = parse_qs(exchange.request_body.decode(errors="replace"))
            for key in ("code", "code_verifier", "refresh_token", "token", "assertion"):
                found.update(form.get(key, []))
            try:
                body = json.loads(exchange.response_body or b"{}")
            except ValueError:
                body = {}
            if isinstance(body, dict):
                for key in ("access_token", "refresh_token", "ws_access_token", "id_token"):
                    if body.get(key):
                        found.add(body[key])
            location = exchange.response_headers.get("Location", "")
            found.update(parse_qs(urlsplit(location).query).get("code", []))
    return {value for value in found if len(value) >= 8}


async def _full_run(emulator: Emulator, credentials: Credentials, phone: Phone) -> None:
    store = TokenStore()
    async with await RingCentralClient.sign_in_jwt(credentials, store=store) as client:
        control = await CallControl.for_account(client)
        sid, pid = await phone.answered()
        await control.hold(sid, pid)
        await control.mute(sid, pid)
        await client.ws_token()
        await set_fault(emulator, expireAccessTokens=True)
        await asyncio.gather(*(client.get_json(ME_PATH) for _ in range(3)))
        await set_fault(emulator, http5xx=1)
        with pytest.raises(CalldeckError):
            await control.unhold(sid, pid)
        with pytest.raises(CalldeckError):
            await control.park("s-none", "p-none-1")
    async with RingCentralClient.from_saved(store) as saved:
        await set_fault(emulator, expireAccessTokens=True, revokeRefreshTokens=True)
        with pytest.raises(CalldeckError):
            await saved.get_json(ME_PATH)

    announced: list[str] = []
    task = asyncio.create_task(
        browser_sign_in(
            emulator.url,
            emulator.public_client_id,
            announce=announced.append,
            timeout=10,
            redirect_uri=registered_redirect_uri(emulator),
        )
    )
    for _ in range(100):  # bounded wait for the URL
        if announced:
            break
        await asyncio.sleep(0.02)
    # The "browser" is urllib in a thread: a real browser does not log into our process.
    await asyncio.to_thread(_open_in_browser, announced[0])
    async with await asyncio.wait_for(task, 10) as pkce_client:
        await pkce_client.get_json(ME_PATH)
        await pkce_client.revoke()


async def test_debug_log_of_a_full_run_has_no_secret(
    emulator: Emulator,
    jwt_credentials: Credentials,
    phone: Phone,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await _full_run(emulator, jwt_credentials, phone)
    secrets = _secrets_seen(emulator)
    assert len(secrets) >= 8  # tokens, refreshes, code, verifier, ws token, jwt, secret
    records = caplog.records
    assert len(records) > 20  # httpx/httpcore/calldeck all logged at DEBUG
    for record in records:
        text = record.getMessage() + (record.exc_text or "") + repr(record.args)
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{record.name}: {text[:200]}"


async def test_cli_log_file_has_no_secret(emulator: Emulator, isolated_home: Path) -> None:
    env = _jwt_env(emulator)
    assert (await calldeck("login", "--jwt", env=env)).code == 0
    assert (await calldeck("status", env=env)).code == 0
    assert (await calldeck("logout")).code == 0
    log_text = (isolated_home / "log" / "calldeck.log").read_text()
    assert log_text  # something was logged
    for secret in _secrets_seen(emulator):
        assert secret not in log_text
