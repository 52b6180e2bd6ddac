"""PushHub: the emulator's push side behind one object the emulator core wires in.

It owns the subscriptions (REST and WebSocket), the PubNub subscribe endpoint and the WebSocket
gateway, and fans every published event out to each live subscription whose filters match:
one envelope per subscription, built for it (event path, subscriptionId, ownerId), handed to
its transport without waiting (PubNub backlog or the session's send queue).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from aiohttp import web

from tui.emulator.clock import Clock, iso
from tui.emulator.identity import TokenOwner
from tui.emulator.push.crypto import encrypt_envelope
from tui.emulator.push.filters import EventFilter
from tui.emulator.push.pubnub import PubNubEndpoint
from tui.emulator.push.subscription_api import SubscriptionApi
from tui.emulator.push.subscriptions import Subscription, SubscriptionStore
from tui.emulator.push.websocket import WebSocketGateway

log = logging.getLogger(__name__)

Matcher = Callable[[EventFilter], bool]


def best_filter(subscription: Subscription, matches: Matcher) -> EventFilter | None:
    """The subscription's matching filter that delivers the most detail (first on a tie)."""
    best: EventFilter | None = None
    for event_filter in subscription.filters:
        if matches(event_filter) and (best is None or event_filter.detail > best.detail):
            best = event_filter
    return best


class PushHub:
    """Subscriptions REST, the PubNub endpoint and the WebSocket gateway, with fan-out."""

    def __init__(
        self,
        *,
        clock: Clock,
        allow_pubnub: bool,
        subscription_ttl: float,
        pubnub_hold_seconds: float,
        base_url: Callable[[], str],
    ) -> None:
        self.clock = clock
        self.subscriber_key = f"sub-c-{uuid.uuid4()}"
        self.store = SubscriptionStore(
            clock=clock,
            ttl=subscription_ttl,
            allow_pubnub=allow_pubnub,
            subscriber_key=self.subscriber_key,
        )
        self.store.on_removed = self._removed
        self.api = SubscriptionApi(self.store, base_url)
        self.pubnub = PubNubEndpoint(
            clock=clock,
            subscriber_key=self.subscriber_key,
            hold_seconds=pubnub_hold_seconds,
            refusing=self._in_outage,
        )
        self.websocket = WebSocketGateway(
            clock=clock, api=self.api, base_url=base_url, refusing=self._in_outage
        )
        self._outage_until = float("-inf")
        # Optional hook: (envelope, monotonic time) as each envelope is handed to a transport.
        self.on_handoff: Callable[[dict, float], None] | None = None

    @property
    def recovery_timeout(self) -> float:
        """Seconds a dropped WebSocket session stays recoverable (RingCentral: 180)."""
        return self.websocket.recovery_timeout

    @recovery_timeout.setter
    def recovery_timeout(self, seconds: float) -> None:
        self.websocket.recovery_timeout = seconds

    def add_routes(self, app: web.Application) -> None:
        """Subscription REST routes, PubNub subscribe/time/presence, and `GET /ws`."""
        self.api.add_routes(app)
        self.pubnub.add_routes(app)
        self.websocket.add_routes(app)

    def issue_ws_token(self, owner: TokenOwner) -> dict:
        """`{uri, ws_access_token, expires_in}` for `POST /restapi/oauth/wstoken`."""
        return self.websocket.issue_token(owner)

    # -- events -------------------------------------------------------------------------------

    def publish_telephony(self, account_id: str, extension_id: str | None, body: dict) -> None:
        """Fan out a telephony-session event of a party owned by `extension_id` (None: unowned)."""
        self._fan_out(
            lambda f: f.matches_telephony(account_id, extension_id, body),
            account_id,
            extension_id,
            body,
        )

    def publish_presence(self, account_id: str, extension_id: str, body: dict) -> None:
        """Fan out a detailed presence event of one extension."""
        self._fan_out(
            lambda f: f.matches_presence(account_id, extension_id), account_id, extension_id, body
        )

    def _fan_out(
        self, matches: Matcher, account_id: str, extension_id: str | None, body: dict
    ) -> None:
        self.websocket.sweep()  # sessions past recovery take their subscriptions with them
        timestamp = iso(self.clock.now())
        for subscription in self.store.live():
            chosen = best_filter(subscription, matches)
            if chosen is None:
                continue
            envelope = {
                "uuid": str(uuid.uuid4()),
                "event": chosen.event_path(account_id, extension_id),
                "timestamp": timestamp,
                "subscriptionId": subscription.id,
                "ownerId": subscription.owner.extension_id,
                "body": chosen.shape_body(body),
            }
            self._hand_off(subscription, envelope)

    def _hand_off(self, subscription: Subscription, envelope: dict) -> None:
        if subscription.pubnub is not None:
            payload = encrypt_envelope(subscription.pubnub.encryption_key, envelope)
            self.pubnub.publish(subscription.pubnub.address, payload)
        else:
            self.websocket.deliver(subscription.id, envelope)
        if self.on_handoff is not None:
            try:
                self.on_handoff(envelope, self.clock.monotonic())
            except Exception:  # a broken measuring hook must not stop delivery
                log.exception("on_handoff hook failed")

    # -- faults and lifecycle -----------------------------------------------------------------

    def drop_push(self) -> None:
        """Close every WebSocket and abort every PubNub long-poll now."""
        self.pubnub.drop()
        self.websocket.drop()

    def push_outage(self, seconds: float) -> None:
        """Cut push connections now and refuse new ones (ws upgrade, subscribe) for `seconds`."""
        self._outage_until = self.clock.monotonic() + seconds
        self.drop_push()

    def _in_outage(self) -> bool:
        return self.clock.monotonic() < self._outage_until

    def set_subscription_ttl(self, seconds: float) -> None:
        """Lifetime (s) of new and renewed PubNub subscriptions (still capped at 900)."""
        self.store.ttl = seconds

    async def close(self) -> None:
        """Abort long-polls, close sockets, forget subscriptions; leaves no tasks behind."""
        await self.pubnub.close()
        await self.websocket.close()
        self.store.clear()

    def _removed(self, subscription: Subscription) -> None:
        if subscription.pubnub is not None:
            self.pubnub.forget_channel(subscription.pubnub.address)
        self.websocket.unlink(subscription.id)
