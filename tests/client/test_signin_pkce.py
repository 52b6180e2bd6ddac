"""Browser sign-in (PKCE S256) driven end to end through the emulator's authorize page."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.client.conftest import set_fault
from tui.emulator import Emulator
from tui.ringcentral.browser_login import BrowserSignInFailed, browser_sign_in
from tui.ringcentral.tokens import TokenStore


class Announced:
    """Captures the sign-in URL the command would print."""

    def __init__(self) -> None:
        self.url = ""
        self.ready = asyncio.Event()

    def __call__(self, url: str) -> None:
        self.url = url
        self.ready.set()


async def _start(emulator: Emulator, store: TokenStore | None, timeout: float = 10.0):
    announced = Announced()
    task = asyncio.create_task(
        browser_sign_in(
            emulator.url,
            emulator.public_client_id,
            announce=announced,
            timeout=timeout,
            store=store,
        )
    )
    await asyncio.wait_for(announced.ready.wait(), 5)
    return task, announced.url


async def test_pkce_sign_in_follows_the_redirect(emulator: Emulator, store: TokenStore) -> None:
    task, url = await _start(emulator, store)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43 and query["state"][0]
    redirect = urlsplit(query["redirect_uri"][0])
    assert redirect.hostname == "127.0.0.1" and redirect.port

    async with httpx.AsyncClient(follow_redirects=True, timeout=10) as browser:
        # A browser asking for a favicon first does not end the sign-in.
        stray = await browser.get(f"{redirect.scheme}://{redirect.netloc}/favicon.ico")
        assert stray.status_code == 404 and not task.done()
        page = await browser.get(url)
    assert page.status_code == 200 and "close this tab" in page.text
    client = await asyncio.wait_for(task, 10)
    async with client:
        assert client.extension_id == emulator.credentials["extensionId"]
        # A public app refreshes with client_id in the body and no secret.
        await set_fault(emulator, expireAccessTokens=True)
        assert (await client.extension_info(refresh=True))["id"]
    refresh = [ex for ex in emulator.exchanges if b"grant_type=refresh_token" in ex.request_body]
    assert len(refresh) == 1 and refresh[0].status == 200
    assert b"client_id=" in refresh[0].request_body
    saved = store.load()
    assert saved is not None and saved.client_secret is None
    assert saved.client_id == emulator.public_client_id

    # The listener answered once and is gone.
    async with httpx.AsyncClient() as browser:
        with pytest.raises(httpx.ConnectError):
            await browser.get(query["redirect_uri"][0])

    # The code grant carried the verifier and no secret (no Basic header).
    token_requests = [ex for ex in emulator.exchanges if ex.path == "/restapi/oauth/token"]
    assert b"code_verifier=" in token_requests[0].request_body
    assert not any(k.lower() == "authorization" for k in token_requests[0].request_headers)


async def test_wrong_state_is_refused(emulator: Emulator) -> None:
    task, url = await _start(emulator, None)
    redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
    async with httpx.AsyncClient() as browser:
        page = await browser.get(redirect_uri, params={"code": "x", "state": "forged"})
    assert page.status_code == 400
    with pytest.raises(BrowserSignInFailed) as caught:
        await asyncio.wait_for(task, 5)
    assert "wrong sign-in state" in caught.value.message


async def test_no_redirect_times_out_clearly(emulator: Emulator) -> None:
    task, _ = await _start(emulator, None, timeout=0.2)
    with pytest.raises(BrowserSignInFailed) as caught:
        await asyncio.wait_for(task, 5)
    assert "No sign-in arrived from the browser" in caught.value.message
