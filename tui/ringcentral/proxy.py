"""Proxies from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`).

Every transport to a server that is not this computer goes through the proxy the
environment names, SOCKS included:
- REST and PubNub (both httpx): http://, https://, socks5://, socks5h:// (`httpx[socks]`);
- the WebSocket gateway (websockets): the same, through `python-socks` for SOCKS.
A setting none of them can use is refused with one line before anything is sent.
"""

from __future__ import annotations

import importlib.util
import urllib.request
from urllib.parse import urlsplit

from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.servers import is_loopback

USABLE_SCHEMES = ("http", "https", "socks5", "socks5h")


class BadProxy(CalldeckError):
    """A proxy setting in the environment that calldeck cannot use."""

    title = "Proxy setting not usable"


def _environment_proxies() -> dict[str, str]:
    """Scheme (`http`, `https`, `all`) → proxy URL, from the upper- and lower-case variables."""
    found = urllib.request.getproxies_environment()
    return {key: url for key, url in found.items() if key != "no" and url}


def _scheme(url: str) -> str:
    return urlsplit(url).scheme.lower() if "://" in url else "http"


def check_proxy_environment() -> None:
    """Raise BadProxy, naming the variable, for a proxy the transports cannot use."""
    for key, url in _environment_proxies().items():
        scheme = _scheme(url)
        variable = f"{key.upper()}_PROXY"
        if scheme not in USABLE_SCHEMES:
            raise BadProxy(
                f"{variable}={url} uses {scheme}://, which calldeck cannot use; "
                "use http://, https://, socks5:// or socks5h://."
            )
        if scheme.startswith("socks") and importlib.util.find_spec("socksio") is None:
            raise BadProxy(
                f"{variable} names a SOCKS proxy, but SOCKS support is not installed; "
                "reinstall calldeck (it needs httpx[socks])."
            )


def websocket_proxy(url: str) -> str | None:
    """The proxy the WebSocket connection to `url` goes through, or None (direct)."""
    if is_loopback(url):
        return None
    parts = urlsplit(url)
    if urllib.request.proxy_bypass_environment(parts.hostname or ""):
        return None
    proxies = _environment_proxies()
    first = ("https", "all") if parts.scheme in ("wss", "https") else ("http", "all")
    chosen = next((proxies[key] for key in first if key in proxies), None)
    if chosen is not None and "://" not in chosen:
        chosen = f"http://{chosen}"
    return chosen
