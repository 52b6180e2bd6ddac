"""A program in place of the person's browser: follows RingCentral's (the emulator's)
authorize page as a browser would, the form post included.

`approve(url)` GETs the sign-in page, posts its form back (the person pressing "Allow")
and follows the redirect to wherever it points (calldeck's redirect listener), returning
the last response. A refused request answers with an error page and no form; then that
page is returned as it is.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import httpx

if TYPE_CHECKING:
    from tui.emulator import Emulator


class _FormReader(HTMLParser):
    """Collects the first form's action and its inputs' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and self.action is None:
            self.action = attributes.get("action", "")
            self._in_form = True
        elif tag == "input" and self._in_form and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


async def approve(url: str, *, timeout: float = 10.0) -> httpx.Response:
    """Open the authorize `url`, press "Allow", follow the redirect; the final response."""
    async with httpx.AsyncClient(follow_redirects=True, timeout=timeout) as browser:
        page = await browser.get(url)
        reader = _FormReader()
        reader.feed(page.text)
        if page.status_code != 200 or reader.action is None:
            return page
        return await browser.post(urljoin(str(page.url), reader.action), data=reader.fields)


def approve_quietly(url: str, *, timeout: float = 10.0) -> str:
    """`approve` with urllib, which logs nothing (for tests that read every log record);
    blocking, so run it in a thread. Returns the final page's text."""
    import urllib.request
    from urllib.parse import urlencode

    with urllib.request.urlopen(url, timeout=timeout) as page:  # follows the 302 to the form
        reader = _FormReader()
        reader.feed(page.read().decode())
        form_url = page.geturl()
    assert reader.action is not None, "the sign-in page has no form"
    data = urlencode(reader.fields).encode()
    with urllib.request.urlopen(urljoin(form_url, reader.action), data, timeout=timeout) as done:
        return done.read().decode()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_redirect_uri(path: str = "/callback") -> str:
    """A loopback redirect URI on a free port (tests never bind calldeck's fixed 53135)."""
    return f"http://127.0.0.1:{free_port()}{path}"


def registered_redirect_uri(emulator: Emulator) -> str:
    """A free-port redirect URI, registered for the in-process emulator's apps (as a person
    would add it in the Developer Console)."""
    uri = free_redirect_uri()
    emulator.apps.redirect_uris.append(uri)
    return uri
