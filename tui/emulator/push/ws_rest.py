"""REST over the WebSocket gateway: a ClientRequest for any REST path, answered with the
REST response's status, headers and body (ringcentral-api.md §4c.5: any REST call can be
tunnelled; `/restapi/oauth/*` cannot).

The request is made to the emulator's own REST front door on loopback, as the user of the
socket's OAuth session (its current access token), so it meets exactly the rules, limits,
faults and logging a plain HTTP request meets. When that OAuth session has ended, the
gateway answers 401, as RingCentral stops serving a socket whose session expired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from tui.emulator.errors import error_body
from tui.emulator.identity import TokenOwner

# Response headers worth passing back in the reply's meta.
_KEPT_HEADERS = ("RCRequestId", "Content-Type", "Retry-After")
_RATE_PREFIX = "X-Rate-Limit-"


@dataclass(frozen=True, slots=True)
class RestReply:
    """What a tunnelled request answered."""

    status: int
    headers: dict[str, str]
    body: Any = None


def _kept(headers: Any) -> dict[str, str]:
    return {
        name: value
        for name, value in headers.items()
        if name in _KEPT_HEADERS or name.startswith(_RATE_PREFIX)
    }


class RestOverWebSocket:
    """Makes a tunnelled request over loopback HTTP as the socket's user."""

    def __init__(
        self, base_url: Callable[[], str], access_token: Callable[[TokenOwner], str | None]
    ) -> None:
        self._base_url = base_url
        self._access_token = access_token
        self._http: aiohttp.ClientSession | None = None

    async def answer(
        self, owner: TokenOwner, method: str, path: str, query: object, body: object
    ) -> RestReply:
        """Send one request; never raises for a client mistake."""
        if not path.startswith("/restapi/") or path.startswith("/restapi/oauth/"):
            return RestReply(
                404, {}, error_body("CMN-102", f"Resource for path {path} is not found")
            )
        token = self._access_token(owner)
        if token is None:
            return RestReply(401, {}, error_body("OAU-213", "Token not found"))
        if self._http is None:
            self._http = aiohttp.ClientSession()
        params = {str(k): str(v) for k, v in query.items()} if isinstance(query, dict) else None
        async with self._http.request(
            method,
            self._base_url() + path,
            params=params,
            json=body,
            headers={"Authorization": f"Bearer {token}", "User-Agent": "calldeck-emulator-wsg"},
        ) as response:
            raw = await response.read()
            headers = _kept(response.headers)
            try:
                payload = await response.json(content_type=None) if raw.strip() else None
            except ValueError:
                payload = raw.decode("utf-8", "replace")
        return RestReply(response.status, headers, payload)

    async def close(self) -> None:
        """Close the loopback HTTP session."""
        http, self._http = self._http, None
        if http is not None:
            await http.close()
