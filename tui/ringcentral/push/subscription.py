"""The RingCentral side of a PubNub subscription: create, renew before expiry, re-create, delete.

RingCentral stops delivering silently when a subscription expires (ringcentral-api.md §4a),
so renewal is not optional. A renewal answered 404 (SUB-507, expired) means the channel and
key are gone: the subscription is created again and the caller must rebuild its PubNub
listener and re-sync, because events in between were never published to us.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tui.ringcentral.errors import ApiError, NotFound
from tui.ringcentral.push.connection import PushRefused
from tui.ringcentral.push.timing import PushClock, renew_delay

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

log = logging.getLogger(__name__)

SUBSCRIPTION_PATH = "/restapi/v1.0/subscription"
# RingCentral caps PubNub subscriptions at 15 minutes; ask for the most.
PUBNUB_MAX_EXPIRES_IN = 900
_REQUIRED_DELIVERY_KEYS = ("address", "subscriberKey", "encryptionKey")


def subscription_lifetime(info: dict, now: datetime | None = None) -> float:
    """Seconds the subscription described by `info` still lives.

    `expiresIn` is measured from the response and immune to clock skew between us and the
    server, so it wins; `expirationTime` is the fallback.
    """
    expires_in = info.get("expiresIn")
    if isinstance(expires_in, int | float) and expires_in > 0:
        return float(expires_in)
    text = info.get("expirationTime")
    if isinstance(text, str):
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    # Nothing usable: renew soon rather than let it lapse unnoticed.
    return 60.0


class PubNubSubscription:
    """One RingCentral subscription with PubNub delivery, kept alive by `renew()`."""

    def __init__(
        self, client: RingCentralClient, filters: list[str], *, clock: PushClock | None = None
    ) -> None:
        self.client = client
        self.filters = list(filters)
        self.clock = clock or PushClock()
        self.info: dict | None = None
        # deliveryMode of the current subscription: channel, subscriber key, AES key.
        self.delivery: dict | None = None
        self._renew_at = 0.0
        self.renewals = 0
        self.recreations = 0

    @property
    def id(self) -> str | None:
        """The RingCentral subscription id, once created."""
        return self.info.get("id") if self.info else None

    async def create(self) -> dict:
        """POST a new PubNub subscription; return its deliveryMode.

        Raises PushRefused when the server will not deliver over PubNub (a 4xx other than
        401/429, as today's RingCentral answers) or answers without channel and key.
        Other errors (unreachable, 5xx, 429, sign-in) propagate for the caller to retry.
        """
        body = {
            "eventFilters": self.filters,
            "deliveryMode": {"transportType": "PubNub", "encryption": True},
            "expiresIn": PUBNUB_MAX_EXPIRES_IN,
        }
        try:
            info = await self.client.post_json(SUBSCRIPTION_PATH, json=body)
        except ApiError as exc:
            if 400 <= exc.status < 500 and exc.status not in (401, 408, 429):
                code = f" {exc.error_code}" if exc.error_code else ""
                raise PushRefused(
                    f"RingCentral refused a PubNub subscription ({exc.status}{code}); "
                    "use --transport websocket."
                ) from exc
            raise
        delivery = (info or {}).get("deliveryMode") or {}
        if delivery.get("transportType") != "PubNub" or not all(
            isinstance(delivery.get(key), str) and delivery.get(key)
            for key in _REQUIRED_DELIVERY_KEYS
        ):
            raise PushRefused(
                "RingCentral answered a PubNub subscription without a channel and key."
            )
        self._accept(info or {})
        self.delivery = dict(delivery)
        log.info("PubNub subscription %s created", self.id)
        return self.delivery

    async def renew(self) -> bool:
        """Renew the subscription; return True when it had to be created again.

        A 404 (expired or deleted) re-creates it with a new channel and key: the caller
        must rebuild its listener and re-sync.
        """
        if not self.id:
            await self.recreate()
            return True
        try:
            info = await self.client.post_json(f"{SUBSCRIPTION_PATH}/{self.id}/renew")
        except NotFound:
            log.warning("subscription %s had expired; creating a new one", self.id)
            await self.recreate()
            return True
        self.renewals += 1
        self._accept(info or {})
        return False

    async def exists(self) -> bool:
        """Ask RingCentral whether the subscription still lives (False: deleted or expired)."""
        if not self.id:
            return False
        try:
            await self.client.get_json(f"{SUBSCRIPTION_PATH}/{self.id}")
        except NotFound:
            return False
        return True

    async def recreate(self) -> None:
        """Create the subscription afresh (new channel and key) after the server lost it."""
        self.info = None
        await self.create()
        self.recreations += 1

    def seconds_until_renewal(self) -> float:
        """How long to wait before `renew()` (0 when it is due)."""
        return max(0.0, self._renew_at - self.clock.monotonic())

    async def delete(self) -> None:
        """Delete the subscription on the server (best effort: it expires anyway)."""
        sub_id, self.info = self.id, None
        if not sub_id:
            return
        try:
            await self.client.request("DELETE", f"{SUBSCRIPTION_PATH}/{sub_id}")
        except NotFound:
            pass
        except Exception as exc:  # shutting down: a failed delete only costs server memory
            log.info("could not delete subscription %s: %r", sub_id, exc)

    def _accept(self, info: dict) -> None:
        self.info = {**(self.info or {}), **info}
        self._renew_at = self.clock.monotonic() + renew_delay(subscription_lifetime(info))
