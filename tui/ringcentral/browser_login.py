"""Browser sign-in: authorization code with PKCE S256 and a one-shot loopback listener.

The listener binds 127.0.0.1 only, on a free port, and accepts exactly ONE redirect to
`/callback`: it checks `state`, answers the browser with a small page, closes, and the
code is exchanged for tokens. Anything else (wrong state, an `error` parameter, no
redirect in time) ends the sign-in with a clear message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tui.ringcentral.auth import Credentials, Pkce, authorize_url, new_state
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.tokens import TokenStore

log = logging.getLogger("calldeck.ringcentral")

CALLBACK_PATH = "/callback"
_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>calldeck</title></head>"
    "<body style='font-family:sans-serif'><h1>{title}</h1><p>{text}</p></body></html>"
)


class BrowserSignInFailed(CalldeckError):
    """The browser sign-in did not complete (timeout, refused, wrong state)."""

    title = "Sign-in failed"


def _response(status: str, title: str, text: str) -> bytes:
    body = _PAGE.format(title=title, text=text).encode()
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


class RedirectListener:
    """Waits on 127.0.0.1:<free port> for the one OAuth redirect of this sign-in."""

    def __init__(self, state: str) -> None:
        self.state = state
        self._server: asyncio.base_events.Server | None = None
        self._result: asyncio.Future[str] | None = None
        self.redirect_uri = ""

    async def start(self) -> str:
        """Start listening; returns the redirect URI to register in the authorize URL."""
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._handle, host="127.0.0.1", port=0)
        port = self._server.sockets[0].getsockname()[1]
        self.redirect_uri = f"http://127.0.0.1:{port}{CALLBACK_PATH}"
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
            # Read the headers (the request has no body we need); keep only Host.
            host = ""
            while (line := await asyncio.wait_for(reader.readline(), 10)) not in (
                b"\r\n",
                b"\n",
                b"",
            ):
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "host":
                    host = value.strip().lower()
            if host not in self._own_hosts():
                # DNS rebinding: a foreign name resolving to 127.0.0.1 is not our redirect.
                writer.write(_response("421 Misdirected Request", "Not here", "Wrong host."))
            else:
                writer.write(self._answer(request_line.decode("latin-1")))
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _own_hosts(self) -> tuple[str, ...]:
        """The `Host` values a browser sends when it follows our redirect URI."""
        port = urlsplit(self.redirect_uri).port
        return (f"127.0.0.1:{port}", f"localhost:{port}")

    def _answer(self, request_line: str) -> bytes:
        """Decide what one request means for the sign-in and the page to show."""
        parts = request_line.split()
        target = urlsplit(parts[1]) if len(parts) >= 2 else urlsplit("/")
        if target.path != CALLBACK_PATH:
            return _response("404 Not Found", "Not here", "This is calldeck's sign-in listener.")
        assert self._result is not None
        if self._result.done():
            return _response("409 Conflict", "Already used", "This sign-in link was already used.")
        query = {key: values[0] for key, values in parse_qs(target.query).items()}
        if not secrets.compare_digest(query.get("state", ""), self.state):
            self._result.set_exception(
                BrowserSignInFailed(
                    "The browser came back with the wrong sign-in state; refused for safety. "
                    "Run `calldeck login` again."
                )
            )
            return _response(
                "400 Bad Request", "Sign-in refused", "The sign-in state did not match."
            )
        if "error" in query or not query.get("code"):
            reason = query.get("error_description") or query.get("error") or "no code"
            self._result.set_exception(
                BrowserSignInFailed(f"RingCentral did not complete the sign-in ({reason}).")
            )
            return _response("400 Bad Request", "Sign-in failed", "You can close this tab.")
        self._result.set_result(query["code"])
        return _response(
            "200 OK", "Signed in to calldeck", "You can close this tab and go back to the terminal."
        )


async def browser_sign_in(
    server: str,
    client_id: str,
    *,
    announce: Callable[[str], None],
    open_browser: Callable[[str], Any] | None = None,
    timeout: float = 300.0,
    store: TokenStore | None = None,
    **options: Any,
) -> RingCentralClient:
    """Run the whole PKCE sign-in: listen, show/open the URL, wait, exchange, save.

    `announce(url)` tells the person where to sign in (always called); `open_browser(url)`
    tries to open it (e.g. `webbrowser.open`), None means print only.
    """
    pkce = Pkce.new()
    listener = RedirectListener(new_state())
    redirect_uri = await listener.start()
    try:
        url = authorize_url(server, client_id, redirect_uri, listener.state, pkce)
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
        redirect_uri=redirect_uri,
        code_verifier=pkce.verifier,
        store=store,
        **options,
    )
