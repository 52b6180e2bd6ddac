"""Refuse requests a web page in the person's browser could make to the emulator.

The emulator listens on loopback, but any page open in a browser on the same computer can
send it requests: directly (a form or `fetch` with a "simple" content type) or through DNS
rebinding (a foreign name that resolves to 127.0.0.1, so the browser sends that name as
`Host`). Three checks close this, on every route (REST, push, control API, web pages):

- `Host` must name the emulator's own loopback address and port (DNS rebinding);
- an `Origin`, when the client sends one, must be the emulator's own origin (cross-site
  pages; browsers send `Origin` on every cross-site POST and WebSocket handshake);
- a control API (`/_emulator/...`) request that carries a body or a `Content-Type` must be
  `application/json`: a type no page can send cross-site without a CORS preflight, which
  the emulator never answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from tui.emulator.errors import api_error

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_BODYLESS_METHODS = ("GET", "HEAD", "OPTIONS")


def allowed_authorities(base_url: str) -> frozenset[str]:
    """The `Host` values that name this emulator: its own host:port and loopback aliases."""
    parts = urlsplit(base_url)
    port = parts.port
    authorities = {parts.netloc.lower()}
    if parts.hostname in ("127.0.0.1", "::1", "localhost"):
        authorities.update(f"{name}:{port}" for name in _LOOPBACK_NAMES)
    return frozenset(authorities)


def refusal(request: web.Request, base_url: str) -> web.Response | None:
    """The error response for a request a foreign page could have made; None when fine."""
    authorities = allowed_authorities(base_url)
    host = request.headers.get("Host", "").strip().lower()
    if host not in authorities:
        return api_error(
            403, "CMN-408", "The Host header does not name this emulator (loopback only)"
        )
    origin = request.headers.get("Origin")
    if origin is not None and not _same_origin(origin, authorities):
        return api_error(403, "CMN-408", "Requests from other web sites are refused")
    if request.path.startswith("/_emulator") and _needs_json(request):
        return api_error(415, "CMN-415", "The control API takes Content-Type: application/json")
    return None


def _same_origin(origin: str, authorities: frozenset[str]) -> bool:
    parts = urlsplit(origin.strip().lower())
    return parts.scheme == "http" and parts.netloc in authorities and parts.path in ("", "/")


def _needs_json(request: web.Request) -> bool:
    """True when a control API request carries a body (or a type) other than JSON."""
    if request.method in _BODYLESS_METHODS:
        return False
    declared = "Content-Type" in request.headers
    if not declared and not request.body_exists:
        return False
    return request.content_type != "application/json"


def build_origin_guard(base_url: Callable[[], str]) -> Callable:
    """The aiohttp middleware; `base_url()` is the emulator's `http://host:port`."""

    @web.middleware
    async def origin_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        refused = refusal(request, base_url())
        if refused is not None:
            return refused
        return await handler(request)

    return origin_guard
