"""Subscriptions: the records behind `/restapi/v1.0/subscription`, shared by REST and WebSocket.

Rules (ringcentral-api.md §1d, §4a): at most 30 live subscriptions per extension and app
(403 SUB-505); invalid filters 400 SUB-508; an expired subscription silently stops delivering and
answers 404 SUB-507; an unknown (or someone else's) one answers 404 CMN-102. PubNub lifetimes are
capped at 900 s; WebSocket subscriptions report `expiresIn` 86399 and live as long as their
WebSocket session.
"""

from __future__ import annotations

import math
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.emulator.clock import Clock, iso
from tui.emulator.errors import error_body
from tui.emulator.identity import TokenOwner
from tui.emulator.push.crypto import new_encryption_key
from tui.emulator.push.filters import EventFilter, InvalidFilter, parse_filters

MAX_PER_EXTENSION = 30
PUBNUB_MAX_EXPIRES_IN = 900
WEBSOCKET_LIFETIME = 86400  # reported as expiresIn 86399
# Expired records are kept this long so GET/renew can still say SUB-507, then forgotten.
_KEEP_EXPIRED = timedelta(hours=1)
PUBNUB = "PubNub"
WEBSOCKET = "WebSocket"


class SubscriptionError(Exception):
    """A request the subscription rules refuse; carries the RingCentral error response."""

    def __init__(
        self, status: int, code: str, message: str, parameter_name: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter_name = parameter_name

    def body(self) -> dict:
        """The RingCentral error body."""
        return error_body(self.code, self.message, self.parameter_name)


def _not_found(subscription_id: str) -> SubscriptionError:
    return SubscriptionError(
        404, "CMN-102", f"Resource for parameter [subscriptionId] is not found: {subscription_id}"
    )


@dataclass(frozen=True, slots=True)
class PubNubChannel:
    """Where a PubNub subscription's messages go and how they are encrypted."""

    address: str
    subscriber_key: str
    secret_key: str
    encryption_key: str

    def delivery_mode(self) -> dict:
        """The `deliveryMode` object RingCentral returned for encrypted PubNub subscriptions."""
        return {
            "transportType": PUBNUB,
            "encryption": True,
            "address": self.address,
            "subscriberKey": self.subscriber_key,
            "secretKey": self.secret_key,
            "encryptionAlgorithm": "AES",
            "encryptionKey": self.encryption_key,
        }


@dataclass(slots=True)
class Subscription:
    """One subscription: filters, transport and lifetime."""

    id: str
    owner: TokenOwner
    filters: list[EventFilter]
    transport: str
    created: datetime
    expires_at: datetime
    requested_expires_in: int | None = None
    pubnub: PubNubChannel | None = None

    def expired(self, now: datetime) -> bool:
        """True once the expiration time has passed (it then delivers nothing)."""
        return now >= self.expires_at

    def info(self, uri: str, now: datetime) -> dict:
        """The `SubscriptionInfo` JSON."""
        # RingCentral reports one second less than the lifetime (900 -> 899, 86400 -> 86399).
        remaining = math.ceil((self.expires_at - now).total_seconds()) - 1
        delivery = (
            self.pubnub.delivery_mode()
            if self.pubnub is not None
            else {"transportType": WEBSOCKET, "encryption": False}
        )
        return {
            "uri": uri,
            "id": self.id,
            "creationTime": iso(self.created),
            "status": "Active",
            "eventFilters": [f.text for f in self.filters],
            "expirationTime": iso(self.expires_at),
            "expiresIn": max(1, remaining),
            "deliveryMode": delivery,
        }


def same_app(a: TokenOwner, b: TokenOwner) -> bool:
    """Same account, extension and client app (whose subscriptions and sessions are shared)."""
    return (a.account_id, a.extension_id, a.client_id) == (
        b.account_id,
        b.extension_id,
        b.client_id,
    )


def _requested_expires_in(body: dict) -> int | None:
    value = body.get("expiresIn")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SubscriptionError(
            400, "CMN-101", "Parameter [expiresIn] value is invalid", "expiresIn"
        )
    return value


def _filters(body: dict, owner: TokenOwner) -> list[EventFilter]:
    try:
        return parse_filters(body.get("eventFilters"), owner)
    except InvalidFilter as error:
        raise SubscriptionError(400, "SUB-508", str(error), "eventFilters") from None


class SubscriptionStore:
    """Every subscription of the emulator, with RingCentral's create/read/update/delete rules."""

    def __init__(
        self, *, clock: Clock, ttl: float, allow_pubnub: bool, subscriber_key: str
    ) -> None:
        self.clock = clock
        self.ttl = ttl
        self.allow_pubnub = allow_pubnub
        self.subscriber_key = subscriber_key
        self._items: dict[str, Subscription] = {}
        # Told when a subscription is gone for good (deleted, replaced or forgotten).
        self.on_removed: Callable[[Subscription], None] | None = None

    # -- reading ------------------------------------------------------------------------------

    def live(self) -> Iterator[Subscription]:
        """Subscriptions that still deliver (not expired)."""
        now = self.clock.now()
        return (s for s in list(self._items.values()) if not s.expired(now))

    def records(self, owner: TokenOwner) -> list[Subscription]:
        """The caller's live subscriptions for this app, oldest first."""
        self._forget_old()
        return [s for s in self.live() if same_app(s.owner, owner)]

    def get(
        self, owner: TokenOwner, subscription_id: str, *, allow_expired: bool = False
    ) -> Subscription:
        """The caller's subscription; 404 CMN-102 if unknown, 404 SUB-507 if expired."""
        self._forget_old()
        found = self._items.get(subscription_id)
        if found is None or not same_app(found.owner, owner):
            raise _not_found(subscription_id)
        if not allow_expired and found.expired(self.clock.now()):
            raise SubscriptionError(404, "SUB-507", f"Subscription {subscription_id} was expired")
        return found

    def find(self, subscription_id: str) -> Subscription | None:
        """Any subscription by id, expired or not (for transports)."""
        return self._items.get(subscription_id)

    # -- writing ------------------------------------------------------------------------------

    def create(
        self, owner: TokenOwner, body: object, *, over_websocket: bool, replacing: str | None = None
    ) -> Subscription:
        """Validate a create request and store the new subscription."""
        if not isinstance(body, dict):
            raise SubscriptionError(400, "CMN-101", "Request body must be a JSON object")
        filters = _filters(body, owner)
        transport = self._transport(body.get("deliveryMode"), over_websocket=over_websocket)
        requested = _requested_expires_in(body)
        mine = [s for s in self.records(owner) if s.id != replacing]
        if len(mine) >= MAX_PER_EXTENSION:
            raise SubscriptionError(
                403, "SUB-505", f"Subscriptions limit exceeded ({MAX_PER_EXTENSION})"
            )
        now = self.clock.now()
        subscription = Subscription(
            id=str(uuid.uuid4()),
            owner=owner,
            filters=filters,
            transport=transport,
            created=now,
            expires_at=now,
            requested_expires_in=requested,
        )
        if transport == PUBNUB:
            subscription.pubnub = PubNubChannel(
                address=f"{secrets.randbelow(10**15):015d}_{secrets.token_hex(4)}",
                subscriber_key=self.subscriber_key,
                secret_key=f"sec-c-{secrets.token_urlsafe(24)}",
                encryption_key=new_encryption_key(),
            )
        self._extend(subscription)
        self._items[subscription.id] = subscription
        return subscription

    def update(
        self, owner: TokenOwner, subscription_id: str, body: object, *, over_websocket: bool
    ) -> Subscription:
        """PUT: new filters and/or lifetime; an empty body only renews."""
        subscription = self.get(owner, subscription_id)
        self._refuse_http_for_websocket(subscription, over_websocket)
        if body is None or body == {}:
            return self.renew(owner, subscription_id, over_websocket=over_websocket)
        if not isinstance(body, dict):
            raise SubscriptionError(400, "CMN-101", "Request body must be a JSON object")
        filters = _filters(body, owner) if "eventFilters" in body else subscription.filters
        requested = _requested_expires_in(body)
        subscription.filters = filters
        if requested is not None:
            subscription.requested_expires_in = requested
        self._extend(subscription)
        return subscription

    def renew(
        self, owner: TokenOwner, subscription_id: str, *, over_websocket: bool
    ) -> Subscription:
        """Reset the expiration time (only before it has passed)."""
        subscription = self.get(owner, subscription_id)
        self._refuse_http_for_websocket(subscription, over_websocket)
        self._extend(subscription)
        return subscription

    def delete(self, owner: TokenOwner, subscription_id: str) -> Subscription:
        """Remove the caller's subscription (expired ones too)."""
        subscription = self.get(owner, subscription_id, allow_expired=True)
        self.discard(subscription.id)
        return subscription

    def discard(self, subscription_id: str) -> None:
        """Forget a subscription without any checks (transport gone, replaced)."""
        gone = self._items.pop(subscription_id, None)
        if gone is not None and self.on_removed is not None:
            self.on_removed(gone)

    def clear(self) -> None:
        """Forget every subscription (emulator shutdown)."""
        for subscription_id in list(self._items):
            self.discard(subscription_id)

    # -- helpers ------------------------------------------------------------------------------

    def _transport(self, delivery: object, *, over_websocket: bool) -> str:
        kind = delivery.get("transportType") if isinstance(delivery, dict) else None
        if over_websocket:
            if kind != WEBSOCKET:
                raise SubscriptionError(
                    400,
                    "CMN-101",
                    "Parameter [deliveryMode.transportType] value is invalid: over the "
                    "WebSocket gateway only WebSocket delivery is possible",
                    "deliveryMode.transportType",
                )
            return WEBSOCKET
        if kind == PUBNUB and self.allow_pubnub:
            return PUBNUB
        reason = {
            PUBNUB: "PubNub delivery mode is not supported any more, use WebSocket",
            WEBSOCKET: "WebSocket subscriptions are created over the WebSocket connection",
            None: "deliveryMode.transportType is required",
        }.get(kind, f"delivery mode {kind} is not supported by this server")
        raise SubscriptionError(
            400,
            "CMN-101",
            f"Parameter [deliveryMode.transportType] value is invalid: {reason}",
            "deliveryMode.transportType",
        )

    @staticmethod
    def _refuse_http_for_websocket(subscription: Subscription, over_websocket: bool) -> None:
        if subscription.transport == WEBSOCKET and not over_websocket:
            raise SubscriptionError(
                400, "CMN-101", "WebSocket subscriptions cannot be updated via HTTP interface"
            )

    def _extend(self, subscription: Subscription) -> None:
        if subscription.transport == WEBSOCKET:
            seconds = float(WEBSOCKET_LIFETIME)
        else:
            requested = subscription.requested_expires_in or self.ttl
            seconds = min(requested, self.ttl, PUBNUB_MAX_EXPIRES_IN)
        subscription.expires_at = self.clock.now() + timedelta(seconds=seconds)

    def _forget_old(self) -> None:
        cutoff = self.clock.now() - _KEEP_EXPIRED
        for subscription in list(self._items.values()):
            if subscription.expires_at < cutoff:
                self.discard(subscription.id)
