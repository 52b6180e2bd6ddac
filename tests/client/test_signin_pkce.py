"""Browser sign-in (PKCE S256) driven end to end through the emulator's authorize page."""

from __future__ import annotations

import asyncio
import socket
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.browser import approve, free_redirect_uri, registered_redirect_uri
from tests.client.conftest import set_fault
from tui.emulator import Emulator
from tui.ringcentral.auth import DEFAULT_REDIRECT_URI
from tui.ringcentral.browser_login import (
    BrowserSignInFailed,
    RedirectListener,
    browser_sign_in,
)
from tui.ringcentral.tokens import TokenStore


class Announced:
    """Captures the sign-in URL the command would print."""

    def __init__(self) -> None:
        self.url = ""
        self.ready = asyncio.Event()

    def __call__(self, url: str) -> None:
        self.url = url
        self.ready.set()


async def _start(
    emulator: Emulator,
    store: TokenStore | None,
    timeout: float = 10.0,
    redirect_uri: str | None = None,
):
    announced = Announced()
    task = asyncio.create_task(
        browser_sign_in(
            emulator.url,
            emulator.public_client_id,
            announce=announced,
            timeout=timeout,
            store=store,
            redirect_uri=redirect_uri or registered_redirect_uri(emulator),
        )
    )
    ready = asyncio.create_task(announced.ready.wait())
    await asyncio.wait({task, ready}, timeout=5, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        ready.cancel()
        task.result()  # raises what ended the sign-in before the URL was shown
    return task, announced.url


async def test_pkce_sign_in_follows_the_redirect(emulator: Emulator, store: TokenStore) -> None:
    task, url = await _start(emulator, store)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43 and query["state"][0]
    redirect = urlsplit(query["redirect_uri"][0])
    assert redirect.hostname == "127.0.0.1" and redirect.port

    async with httpx.AsyncClient(timeout=10) as browser:
        # A browser asking for a favicon first does not end the sign-in.
        stray = await browser.get(f"{redirect.scheme}://{redirect.netloc}/favicon.ico")
        assert stray.status_code == 404 and not task.done()
    page = await approve(url)
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


async def test_stray_requests_are_answered_and_ignored(emulator: Emulator) -> None:
    task, url = await _start(emulator, None)
    redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
    netloc = urlsplit(redirect_uri).netloc
    async with httpx.AsyncClient(timeout=5) as browser:
        forged = await browser.get(redirect_uri, params={"code": "x", "state": "forged"})
        no_code = await browser.get(redirect_uri, params={"state": "x"})
        elsewhere = await browser.get(f"http://{netloc}/other")
        rebound = await browser.get(redirect_uri, headers={"Host": f"evil.example:{netloc}"})
    assert [forged.status_code, no_code.status_code, elsewhere.status_code] == [400, 400, 404]
    assert rebound.status_code == 421
    assert "ignored" in forged.text
    await asyncio.sleep(0)
    assert not task.done()  # still waiting for the real redirect
    assert (await approve(url)).status_code == 200
    async with await asyncio.wait_for(task, 10) as client:
        assert client.signed_in
    codes = [ex for ex in emulator.exchanges if b"grant_type=authorization_code" in ex.request_body]
    assert len(codes) == 1  # the forged code was never sent


async def test_no_redirect_times_out_clearly(emulator: Emulator) -> None:
    task, _ = await _start(emulator, None, timeout=0.2)
    with pytest.raises(BrowserSignInFailed) as caught:
        await asyncio.wait_for(task, 5)
    assert "No sign-in arrived from the browser" in caught.value.message


async def test_an_unregistered_redirect_uri_fails_at_once_naming_oau_109(
    emulator: Emulator,
) -> None:
    unregistered = free_redirect_uri()
    with pytest.raises(BrowserSignInFailed) as caught:
        await _start(emulator, None, redirect_uri=unregistered)
    message = caught.value.message
    assert "OAU-109" in message and f"Register exactly {unregistered}" in message


async def test_a_taken_port_is_one_line_naming_it() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        listener = RedirectListener("state", f"http://127.0.0.1:{port}/callback")
        with pytest.raises(BrowserSignInFailed) as caught:
            await listener.start()
    message = caught.value.message
    assert f"Port {port} on 127.0.0.1 is in use" in message and "--redirect-uri" in message
    assert "\n" not in message


def test_the_default_redirect_uri_is_fixed() -> None:
    # RingCentral needs the exact URI registered; calldeck's must never change by itself.
    assert DEFAULT_REDIRECT_URI == "http://127.0.0.1:53135/callback"
    assert RedirectListener("s").redirect.port == 53135


async def test_signing_in_twice_on_the_same_port_works(emulator: Emulator) -> None:
    redirect = registered_redirect_uri(emulator)
    for _ in range(2):  # the first sign-in's connections linger in TIME_WAIT meanwhile
        task, url = await _start(emulator, None, redirect_uri=redirect)
        assert (await approve(url)).status_code == 200
        await (await asyncio.wait_for(task, 10)).aclose()
