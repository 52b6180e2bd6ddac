"""The request pipeline every emulator request goes through, outermost first.

1. loopback guard for the control API (`/_emulator/**` answers only loopback peers);
   then the origin guard (`tui.emulator.origin_guard`: Host, Origin, JSON on the control API);
2. the request log and the `exchanges` capture used by the contract tests;
3. injected 503s (`http5xx` fault);
4. rate limits per throttling group (429 CMN-301 with `Retry-After`);
5. bearer auth for /restapi/v1.0/**, /restapi/v2/** and wstoken (401 OAU-128/OAU-213),
   then the app permission the spec names for the operation (`x-app-permission`): a
   session whose `scope` lacks it gets 403 InsufficientPermissions / CMN-401.

`stamp_request_id` (a response-prepare hook, so it also reaches WebSocket upgrades and
errors raised by aiohttp itself) gives every RingCentral response an `RCRequestId`.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from tui.emulator.clock import Clock, iso
from tui.emulator.errors import api_error, insufficient_permissions
from tui.emulator.identity import OWNER_KEY
from tui.emulator.operations import find_operation
from tui.emulator.origin_guard import build_origin_guard
from tui.emulator.ratelimit import RateLimiter, throttling_group
from tui.emulator.tokens import TokenBook, TokenLookup

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_AUTHED_PREFIXES = ("/restapi/v1.0/", "/restapi/v2/")
_AUTHED_PATHS = ("/restapi/oauth/wstoken",)


@dataclass(frozen=True, slots=True)
class Exchange:
    """One REST request and the response the emulator gave (for contract validation)."""

    method: str
    path: str
    query: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    response_headers: dict[str, str]
    response_body: bytes

    @property
    def user_agent(self) -> str:
        """The client's User-Agent header ('' when absent)."""
        return next((v for k, v in self.request_headers.items() if k.lower() == "user-agent"), "")


@dataclass
class Faults:
    """Fault switches the control API sets and the pipeline obeys."""

    http5xx: int = 0
    # `Retry-After` seconds on those 503s (as during RingCentral maintenance); None: no header.
    http5xx_retry_after: int | None = None


@dataclass
class RequestLog:
    """Every REST request received (`GET /_emulator/requests`) and full exchanges."""

    entries: list[dict] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)


def is_rest(path: str) -> bool:
    """True for RingCentral REST paths (not push, not the control API)."""
    return path.startswith("/restapi/")


def is_loopback_peer(peer: str | None) -> bool:
    """True for a loopback IP address (the only peers the control API answers)."""
    if not peer:
        return False
    try:
        return ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False


REQUEST_ID = "RCRequestId"
# PubNub's own endpoints answer like PubNub, not like RingCentral.
_PUBNUB_PREFIXES = ("/v2/", "/time/")


async def stamp_request_id(request: web.Request, response: web.StreamResponse) -> None:
    """Give a RingCentral response its `RCRequestId` (unless a handler set one already)."""
    if REQUEST_ID not in response.headers and not request.path.startswith(_PUBNUB_PREFIXES):
        response.headers[REQUEST_ID] = str(uuid.uuid4())


def _bearer(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.query.get("access_token", "")


def build_middlewares(
    *,
    clock: Clock,
    log: RequestLog,
    faults: Faults,
    limiter: RateLimiter,
    tokens: TokenBook,
    base_url: Callable[[], str],
) -> list:
    """The aiohttp middleware list, in the order described in the module docstring."""

    @web.middleware
    async def control_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/_emulator") and not is_loopback_peer(request.remote):
            return api_error(403, "CMN-408", "The control API answers loopback peers only")
        return await handler(request)

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not is_rest(request.path):
            return await handler(request)
        body = await request.read() if request.can_read_body else b""
        response = await handler(request)
        log.entries.append(
            {
                "method": request.method,
                "path": request.path,
                "status": response.status,
                "time": iso(clock.now()),
            }
        )
        payload = response.body if isinstance(response, web.Response) else b""
        log.exchanges.append(
            Exchange(
                method=request.method,
                path=request.path,
                query=request.query_string,
                request_headers=dict(request.headers),
                request_body=body,
                status=response.status,
                response_headers=dict(response.headers),
                response_body=payload if isinstance(payload, bytes) else b"",
            )
        )
        return response

    @web.middleware
    async def inject_5xx(request: web.Request, handler: Handler) -> web.StreamResponse:
        if is_rest(request.path) and faults.http5xx > 0:
            faults.http5xx -= 1
            wait = faults.http5xx_retry_after
            headers = {"Retry-After": str(wait)} if wait is not None else None
            return api_error(503, "CMN-201", "Service Temporarily Unavailable", headers=headers)
        return await handler(request)

    @web.middleware
    async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not is_rest(request.path):
            return await handler(request)
        decision = limiter.check(throttling_group(request.method, request.path))
        if decision is None:
            return await handler(request)
        if not decision.allowed:
            headers = {**decision.headers, "Retry-After": str(int(decision.retry_after))}
            return api_error(429, "CMN-301", "Request rate exceeded", headers=headers)
        response = await handler(request)
        response.headers.update(decision.headers)
        return response

    @web.middleware
    async def bearer_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if not (path.startswith(_AUTHED_PREFIXES) or path in _AUTHED_PATHS):
            return await handler(request)
        token = _bearer(request)
        if not token:
            return api_error(401, "AGW-401", "Authorization header is not specified")
        result = tokens.check_access(token)
        if result == TokenLookup.EXPIRED:
            return api_error(401, "OAU-128", "Access token expired")
        if isinstance(result, str):
            return api_error(401, "OAU-213", "Token not found")
        operation = find_operation(request.method, path)
        needed = operation.permission if operation is not None else None
        if needed and needed not in result.scope.split():
            return insufficient_permissions(needed)
        request[OWNER_KEY] = result.owner
        return await handler(request)

    return [
        control_guard,
        build_origin_guard(base_url),
        record,
        inject_5xx,
        rate_limit,
        bearer_auth,
    ]
