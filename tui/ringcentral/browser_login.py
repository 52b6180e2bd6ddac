"""Browser sign-in: authorization code with PKCE S256 and a loopback redirect listener.

RingCentral redirects only to a URI registered for the app, exactly, so the listener binds
the port of a fixed redirect URI (default `http://127.0.0.1:53135/callback`; `redirect_uri`
in config.toml or `calldeck login --redirect-uri`), on 127.0.0.1 only. A port already in
use stops the sign-in with one line naming it. The listener waits for THE redirect of this
sign-in: its path, a `Host` of this listener, and this sign-in's `state`. Anything else (a
favicon, a forged or stale `state`, no code, a page from another site) gets a small page and
is ignored; the sign-in keeps waiting until its timeout. An `error` from RingCentral with
the right `state` (the person refused) ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import logging
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tui.ringcentral.auth import (
    DEFAULT_REDIRECT_URI,
    REDIRECT_HOSTS,
    Credentials,
    Pkce,
    RedirectUri,
    authorize_url,
    new_state,
)
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.tokens import TokenStore

log = logging.getLogger("calldeck.ringcentral")

# Kept for callers that name the path; the real path comes from the redirect URI.
CALLBACK_PATH = "/callback"
_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>calldeck</title></head>"
    "<body style='font-family:sans-serif'><h1>{title}</h1><p>{text}</p></body></html>"
)
# Requests a misbehaving page could send are cut short; a real redirect is a few lines.
_MAX_HEADER_LINES = 100


class BrowserSignInFailed(CalldeckError):
    """The browser sign-in did not complete (timeout, refused, port taken)."""

    title = "Sign-in failed"


def _response(status: str, title: str, text: str) -> bytes:
    body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def port_taken_message(redirect: RedirectUri) -> str:
    """The one line for a redirect port some other program holds."""
    return (
        f"Port {redirect.port} on 127.0.0.1 is in use, so calldeck cannot receive the sign-in "
        f"at {redirect.uri}. Close what uses it, or pick another port: register "
        f"http://127.0.0.1:<port>/callback for your app and pass it with "
        f"`calldeck login --redirect-uri URI` (or redirect_uri in the config file)."
    )


class RedirectListener:
    """Waits on 127.0.0.1:<port of the redirect URI> for the OAuth redirect of this sign-in."""

    def __init__(self, state: str, redirect_uri: str = DEFAULT_REDIRECT_URI) -> None:
        self.state = state
        self.redirect = RedirectUri.parse(redirect_uri)
        self.redirect_uri = self.redirect.uri
        self._server: asyncio.base_events.Server | None = None
        self._result: asyncio.Future[str] | None = None
        self.ignored = 0  # stray requests answered and ignored

    async def start(self) -> str:
        """Start listening; returns the redirect URI. BrowserSignInFailed if the port is taken."""
        self._result = asyncio.get_running_loop().create_future()
        try:
            # SO_REUSEADDR (asyncio's default) lets a second `calldeck login` bind while the
            # first one's closed connections linger in TIME_WAIT; a live listener still refuses.
            self._server = await asyncio.start_server(
                self._handle, host="127.0.0.1", port=self.redirect.port, reuse_address=True
            )
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise BrowserSignInFailed(port_taken_message(self.redirect)) from None
            raise BrowserSignInFailed(
                f"calldeck cannot listen on port {self.redirect.port} for the sign-in "
                f"({exc.strerror or exc})."
            ) from None
        return self.redirect_uri

    async def wait_for_code(self, timeout: float) -> str:
        """The authorization code, once the browser comes back; raises BrowserSignInFailed."""
        assert self._result is not None, "start() first"
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except TimeoutError:
            raise BrowserSignInFailed(
                f"No sign-in arrived from the browser within {timeout:g} s; "
                "run `calldeck login` again."
            ) from None
        finally:
            await self.close()

    async def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), 10)
            headers: dict[str, str] = {}
            for _ in range(_MAX_HEADER_LINES):
                line = await asyncio.wait_for(reader.readline(), 10)
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip().lower()
            writer.write(self._answer(request_line.decode("latin-1"), headers))
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _ignore(self, status: str, title: str, text: str, why: str) -> bytes:
        self.ignored += 1
        log.info("sign-in listener ignored a request: %s", why)
        return _response(status, title, text)

    def _answer(self, request_line: str, headers: dict[str, str]) -> bytes:
        """Decide what one request means for the sign-in and the page to show."""
        parts = request_line.split()
        target = urlsplit(parts[1]) if len(parts) >= 2 else urlsplit("/")
        host_ok = headers.get("host", "") in {
            f"{host}:{self.redirect.port}" for host in REDIRECT_HOSTS
        }
        if not host_ok:
            # DNS rebinding: a page from another site reaching this port by a name of its own.
            return self._ignore("421 Misdirected Request", "Not here", "Wrong host.", "host")
        if target.path != self.redirect.path:
            return self._ignore(
                "404 Not Found", "Not here", "This is calldeck's sign-in listener.", "path"
            )
        assert self._result is not None
        if self._result.done():
            return _response("409 Conflict", "Already used", "This sign-in link was already used.")
        query = {key: values[0] for key, values in parse_qs(target.query).items()}
        if not secrets.compare_digest(query.get("state", ""), self.state):
            return self._ignore(
                "400 Bad Request",
                "Not this sign-in",
                "This link is not from the sign-in calldeck is waiting for; it was ignored.",
                "wrong state",
            )
        if "error" in query:
            reason = query.get("error_description") or query["error"]
            self._result.set_exception(
                BrowserSignInFailed(f"RingCentral did not complete the sign-in ({reason}).")
            )
            return _response("400 Bad Request", "Sign-in failed", "You can close this tab.")
        if not query.get("code"):
            return self._ignore(
                "400 Bad Request",
                "No sign-in code",
                "This link carries no sign-in code.",
                "no code",
            )
        self._result.set_result(query["code"])
        return _response(
            "200 OK", "Signed in to calldeck", "You can close this tab and go back to the terminal."
        )


# RingCentral's codes for a redirect URI the app has not registered.
_REDIRECT_REFUSALS = {
    "OAU-109": "Redirect URIs do not match",
    "OAU-113": "no redirect URI is registered for the app",
}


def redirect_refused_message(code: str, redirect_uri: str) -> str:
    """The one line for an authorize request RingCentral refused over the redirect URI."""
    return (
        f"RingCentral refused the redirect URI {redirect_uri} ({code}: "
        f"{_REDIRECT_REFUSALS[code]}). Register exactly {redirect_uri} for your app in the "
        "Developer Console, or pass one that is registered with `--redirect-uri`."
    )


async def check_redirect_registered(url: str, redirect_uri: str) -> None:
    """Ask the authorize page once, as the browser will: if RingCentral refuses the redirect
    URI (it shows an error page and never redirects), say so now rather than wait for the
    timeout. Anything else (a sign-in page, a network problem) is left to the browser."""
    import httpx

    from tui.ringcentral.servers import is_loopback

    try:
        async with httpx.AsyncClient(
            timeout=10, follow_redirects=False, trust_env=not is_loopback(url)
        ) as http:
            page = await http.get(url)
    except httpx.HTTPError as exc:
        log.info("authorize page not checked: %s", type(exc).__name__)
        return
    if page.status_code == 400:
        for code in _REDIRECT_REFUSALS:
            if code in page.text:
                raise BrowserSignInFailed(redirect_refused_message(code, redirect_uri))


async def browser_sign_in(
    server: str,
    client_id: str,
    *,
    announce: Callable[[str], None],
    open_browser: Callable[[str], Any] | None = None,
    timeout: float = 300.0,
    store: TokenStore | None = None,
    redirect_uri: str = DEFAULT_REDIRECT_URI,
    **options: Any,
) -> RingCentralClient:
    """Run the whole PKCE sign-in: listen, show/open the URL, wait, exchange, save.

    `announce(url)` tells the person where to sign in (always called); `open_browser(url)`
    tries to open it (e.g. `webbrowser.open`), None means print only.
    """
    pkce = Pkce.new()
    listener = RedirectListener(new_state(), redirect_uri)
    await listener.start()
    try:
        url = authorize_url(server, client_id, listener.redirect_uri, listener.state, pkce)
        await check_redirect_registered(url, listener.redirect_uri)
        announce(url)
        if open_browser is not None:
            with contextlib.suppress(Exception):  # no browser is fine: the URL was printed
                open_browser(url)
        code = await listener.wait_for_code(timeout)
    finally:
        await listener.close()
    credentials = Credentials(server=server, client_id=client_id)
    return await RingCentralClient.sign_in_code(
        credentials,
        code=code,
        redirect_uri=listener.redirect_uri,
        code_verifier=pkce.verifier,
        store=store,
        **options,
    )
