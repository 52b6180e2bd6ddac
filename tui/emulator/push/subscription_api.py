"""The subscription REST operations, usable from aiohttp routes and from WebSocket ClientRequests.

Both front doors go through `SubscriptionApi.handle`, so HTTP and the WebSocket tunnel answer
the same request the same way (apart from the WebSocket-only rules in SubscriptionStore).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from tui.emulator.errors import error_body
from tui.emulator.identity import OWNER_KEY, TokenOwner
from tui.emulator.push.subscriptions import Subscription, SubscriptionError, SubscriptionStore

COLLECTION = "/restapi/v1.0/subscription"
_PATH = re.compile(r"^/restapi/v1\.0/subscription(?:/(?P<id>[^/]+)(?P<renew>/renew)?)?/?$")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a subscription request answers: status, JSON body (None for 204), the record."""

    status: int
    body: dict | None
    subscription: Subscription | None = None
    created: bool = False


def parse_json_body(raw: bytes) -> object:
    """A request body as JSON (None when empty); raises SubscriptionError 400 CMN-103."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise SubscriptionError(400, "CMN-103", "JSON body cannot be parsed") from None


class SubscriptionApi:
    """Dispatch `method path body` to the store and shape the answer."""

    def __init__(self, store: SubscriptionStore, base_url: Callable[[], str]) -> None:
        self.store = store
        self._base_url = base_url

    def uri(self, subscription_id: str | None, *, over_websocket: bool) -> str:
        """Resource URI: absolute over HTTP, relative over WebSocket (as RingCentral answers)."""
        path = COLLECTION + (f"/{subscription_id}" if subscription_id else "")
        return path if over_websocket else self._base_url() + path

    def info(self, subscription: Subscription, *, over_websocket: bool) -> dict:
        """SubscriptionInfo for a record."""
        uri = self.uri(subscription.id, over_websocket=over_websocket)
        return subscription.info(uri, self.store.clock.now())

    def handle(
        self,
        owner: TokenOwner,
        method: str,
        path: str,
        body: object,
        *,
        over_websocket: bool,
        replacing: str | None = None,
    ) -> Outcome:
        """Answer one subscription request; never raises for a client mistake."""
        match = _PATH.match(path.split("?", 1)[0])
        if match is None:
            return _failure(404, "CMN-102", f"Resource for path {path} is not found")
        try:
            return self._dispatch(
                owner,
                method.upper(),
                match["id"],
                bool(match["renew"]),
                body,
                over_websocket,
                replacing,
            )
        except SubscriptionError as error:
            return Outcome(error.status, error.body())

    def _dispatch(
        self,
        owner: TokenOwner,
        method: str,
        subscription_id: str | None,
        renew: bool,
        body: object,
        over_websocket: bool,
        replacing: str | None,
    ) -> Outcome:
        store = self.store
        if subscription_id is None and method == "GET":
            records = [self.info(s, over_websocket=over_websocket) for s in store.records(owner)]
            listing = {"uri": self.uri(None, over_websocket=over_websocket), "records": records}
            return Outcome(200, listing)
        if subscription_id is None and method == "POST":
            found = store.create(owner, body, over_websocket=over_websocket, replacing=replacing)
            return Outcome(200, self.info(found, over_websocket=over_websocket), found, True)
        if subscription_id is not None and renew and method == "POST":
            found = store.renew(owner, subscription_id, over_websocket=over_websocket)
        elif subscription_id is not None and not renew and method == "GET":
            found = store.get(owner, subscription_id)
        elif subscription_id is not None and not renew and method == "PUT":
            found = store.update(owner, subscription_id, body, over_websocket=over_websocket)
        elif subscription_id is not None and not renew and method == "DELETE":
            return Outcome(204, None, store.delete(owner, subscription_id))
        else:
            return _failure(405, "CMN-101", f"Method {method} is not allowed here")
        return Outcome(200, self.info(found, over_websocket=over_websocket), found)

    def add_routes(self, app: web.Application) -> None:
        """The REST routes (bearer auth is the core's middleware: the caller is OWNER_KEY)."""
        for collection in (COLLECTION, COLLECTION + "/"):
            app.router.add_route("GET", collection, self._rest)
            app.router.add_route("POST", collection, self._rest)
        for method in ("GET", "PUT", "DELETE"):
            app.router.add_route(method, COLLECTION + "/{subscriptionId}", self._rest)
        app.router.add_route("POST", COLLECTION + "/{subscriptionId}/renew", self._rest)

    async def _rest(self, request: web.Request) -> web.Response:
        owner: TokenOwner = request[OWNER_KEY]
        try:
            body = parse_json_body(await request.read())
        except SubscriptionError as error:
            return web.json_response(error.body(), status=error.status)
        outcome = self.handle(owner, request.method, request.path, body, over_websocket=False)
        if outcome.body is None:
            return web.Response(status=outcome.status)
        return web.json_response(outcome.body, status=outcome.status)


def _failure(status: int, code: str, message: str) -> Outcome:
    return Outcome(status, error_body(code, message))
