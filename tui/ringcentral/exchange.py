"""One HTTP exchange with RingCentral, below sign-in and retries.

`build_http` makes the long-lived httpx client (TLS always verified, proxies from the
environment for servers that are not this computer); `send` makes one request while
respecting and recording rate-limit penalties; `refusal` turns an error answer into the
typed error a person reads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx

from tui import __version__
from tui.ringcentral.errors import ApiError, Unreachable, error_from_response, rate_limited
from tui.ringcentral.proxy import check_proxy_environment
from tui.ringcentral.ratelimit import (
    LONGEST_PENALTY,
    RateLimits,
    group_for,
    parse_retry_after,
    retry_after_seconds,
)
from tui.ringcentral.server_clock import ServerClock
from tui.ringcentral.servers import is_loopback
from tui.ringcentral.wire import REQUEST_WRITTEN

log = logging.getLogger("calldeck.ringcentral")

USER_AGENT = f"calldeck/{__version__} (+python-httpx/{httpx.__version__})"
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def build_http(server: str, timeout: float) -> httpx.AsyncClient:
    """The httpx client for `server`. Raises BadProxy for a proxy setting it cannot use."""
    # Loopback (the emulator) is plain http and must not go through a proxy.
    use_proxies = not is_loopback(server)
    if use_proxies:
        check_proxy_environment()
    return httpx.AsyncClient(
        base_url=server,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        verify=True,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=False,
        trust_env=use_proxies,
    )


def _tell_when_written(callback: Callable[[], None]) -> Any:
    """An httpcore `trace` callback calling `callback` once the request body is written."""

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_body.complete"):
            callback()

    return trace


def json_or_none(response: httpx.Response) -> Any:
    """The answer's JSON, or None when it has none."""
    try:
        return response.json()
    except ValueError:
        return None


def server_retry_after(response: httpx.Response) -> float | None:
    """The `Retry-After` of a 5xx answer (RingCentral sends one during maintenance), if any."""
    if response.status_code < 500:
        return None
    return retry_after_seconds(response.headers.get("Retry-After"))


def refusal(
    response: httpx.Response,
    *,
    action: str | None = None,
    retried: bool = False,
    repeatable: bool = False,
) -> ApiError:
    """The typed error for an error answer that is not a 401 or 429."""
    return error_from_response(
        response.status_code,
        json_or_none(response),
        action=action,
        retried=retried,
        repeatable=repeatable,
        retry_after=server_retry_after(response),
    )


async def send(
    http: httpx.AsyncClient,
    limits: RateLimits,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    server_clock: ServerClock | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """One HTTP exchange, respecting and recording rate limits (and the server's clock,
    from `Date`). Raises RateLimited (without sending, during a penalty) and Unreachable."""
    group = group_for(method, path)
    wait = limits.wait(group)
    if wait is not None:
        raise rate_limited(wait, group=group)
    server = str(http.base_url).rstrip("/")
    written = REQUEST_WRITTEN.get()
    if written is not None:
        kwargs["extensions"] = {
            **kwargs.get("extensions", {}),
            "trace": _tell_when_written(written),
        }
    try:
        response = await http.request(method, path, headers=headers, **kwargs)
    except httpx.TimeoutException as exc:
        message = f"RingCentral at {server} did not answer in time; check your connection."
        if method not in IDEMPOTENT and not isinstance(
            exc, httpx.ConnectTimeout | httpx.PoolTimeout
        ):
            message += " It was not sent again, in case it went through."
        raise Unreachable(message) from None
    except httpx.TransportError as exc:
        raise Unreachable(
            f"Could not reach RingCentral at {server} ({type(exc).__name__})."
        ) from None
    log.debug("%s %s -> %s", method, path, response.status_code)
    if server_clock is not None:
        server_clock.observe(response.headers.get("Date"))
    named = limits.observe(group, response.headers)
    if response.status_code == 429:
        asked = parse_retry_after(response.headers.get("Retry-After"))
        # A huge Retry-After (a day) must not silence calldeck after the limit is lifted:
        # wait at most LONGEST_PENALTY, then try again (a 429 then starts a new penalty).
        seconds = min(asked, LONGEST_PENALTY)
        limits.block(group, seconds)
        if named != group:
            limits.block(named, seconds)
        log.info("rate limited (%s group) for %.0f s (asked %.0f s)", named, seconds, asked)
        raise rate_limited(seconds, group=named, body=json_or_none(response), asked=asked)
    return response
