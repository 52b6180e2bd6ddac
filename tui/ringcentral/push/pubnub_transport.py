"""Push over PubNub: a RingCentral PubNub subscription read with the real `pubnub` SDK.

RingCentral has deprecated PubNub delivery, but where a server still offers it calldeck
uses it first (the design card asks so). The SDK does the long-polling; this module decrypts
each message itself (AES-128-ECB), drops the duplicates the SDK re-delivers after a
reconnect (by timetoken), keeps the RingCentral subscription renewed, and watches the SDK's
state machine, because the event engine never reports a successful reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from tui.ringcentral.errors import CalldeckError, SignInRequired, Unreachable, server_wait
from tui.ringcentral.push import pubnub_sdk
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.crypto import DecryptError, decrypt_notification
from tui.ringcentral.push.subscription import PubNubSubscription
from tui.ringcentral.push.tasks import cancel_task
from tui.ringcentral.push.timing import Backoff
from tui.ringcentral.push.transport import PushTransport

log = logging.getLogger(__name__)


class PubNubSilent(CalldeckError):
    """RingCentral gave us a PubNub channel, but PubNub does not answer (network, firewall)."""

    title = "PubNub unreachable"


class PubNubTransport(PushTransport):
    """The live feed over PubNub. `start()` raises PushRefused when the server says no."""

    name = "pubnub"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subscription = PubNubSubscription(self.client, self.filters, clock=self.clock)
        self._pn: Any = None
        self._channel: str | None = None
        self._key: str | None = None
        self._outage_started: float | None = None
        self._renew_backoff = Backoff(self.timing.reconnect_base, self.timing.reconnect_cap)
        self._renew_not_before = 0.0
        self._outage_checked_at = 0.0
        self._checked_at = self.clock.monotonic()
        self.subscriptions_lost = 0
        # The newest timetoken delivered on the current channel; anything not newer is a
        # re-delivery (pubnub.md §8) and is dropped.
        self.last_timetoken = 0
        self.duplicates_dropped = 0
        self.undecryptable = 0
        self.resubscribes = 0

    async def start(self) -> None:
        """Create the subscription, start listening and keep both alive until `stop()`.

        Raises PushRefused when RingCentral will not deliver over PubNub, and PubNubSilent
        when PubNub itself does not answer the handshake in time.
        """
        await self.subscription.create()
        self._open()
        if not await self._until_receiving():
            raise PubNubSilent(f"PubNub did not answer within {self.timing.connect_timeout:.0f} s.")
        self._task = asyncio.create_task(self._supervise(), name="calldeck-pubnub-supervisor")

    async def stop(self) -> None:
        """Stop listening, tear the SDK down without leftovers and delete the subscription."""
        task, self._task = self._task, None
        await cancel_task(task)
        await self._close_sdk()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.subscription.delete(), self.timing.request_timeout)

    # -- the SDK --------------------------------------------------------------------------

    def _open(self) -> None:
        delivery = self.subscription.delivery or {}
        self._channel = delivery["address"]
        self._key = delivery["encryptionKey"]
        pn = pubnub_sdk.build_pubnub(
            delivery["subscriberKey"],
            origin=pubnub_sdk.pubnub_origin(self.client.server),
            user_id=f"calldeck-{self.client.extension_id or 'app'}",
            reconnect_interval=self.timing.pubnub_reconnect_interval,
            max_retries=self.timing.pubnub_max_retries,
        )
        pn.add_listener(pubnub_sdk.make_listener(self._on_message, self._on_status))
        self._pn = pn
        pubnub_sdk.subscribe(pn, self._channel, None)

    async def _until_receiving(self) -> bool:
        """Wait (bounded) for the SDK's handshake; False if it did not happen in time.

        Messages published before the handshake are not delivered to us, so the caller's
        re-sync must come after it to cover them.
        """
        deadline = self.clock.monotonic() + self.timing.connect_timeout
        while pubnub_sdk.engine_state(self._pn) != pubnub_sdk.RECEIVING:
            if self.clock.monotonic() >= deadline:
                log.warning("PubNub handshake not done after %.0f s", self.timing.connect_timeout)
                return False
            await asyncio.sleep(0.01)
        return True

    async def _close_sdk(self) -> None:
        pn, self._pn = self._pn, None
        if pn is not None:
            await pubnub_sdk.shutdown(pn)

    def _on_message(self, pn: Any, timetoken: int, payload: object) -> None:
        if pn is not self._pn:  # a torn-down instance flushing its last batch
            return
        if timetoken <= self.last_timetoken:
            self.duplicates_dropped += 1
            return
        self.last_timetoken = timetoken
        self._mark_live()
        try:
            envelope = decrypt_notification(payload, self._key or "")
        except DecryptError as exc:
            self.undecryptable += 1
            log.warning("PubNub message %s could not be read: %s", timetoken, exc)
            return
        self.sink.notification(envelope)

    def _on_status(self, pn: Any, category: str) -> None:
        if pn is not self._pn:
            return
        log.info("PubNub status %s", category)
        if category in ("PNUnexpectedDisconnectCategory", "PNConnectionErrorCategory"):
            self._mark_recovering()
        elif category == "PNConnectedCategory":
            self._mark_live()

    def _mark_live(self) -> None:
        if self._outage_started is not None:
            outage = self.clock.monotonic() - self._outage_started
            self._outage_started = None
            log.info("PubNub back after %.1f s", outage)
            if outage > self.timing.pubnub_long_outage:
                # The server's message buffer may not reach back that far.
                self.sink.gap(f"PubNub outage of {outage:.0f} s")
        self.sink.connection(ConnectionState.LIVE)

    def _mark_recovering(self, state: ConnectionState = ConnectionState.RECOVERING) -> None:
        if self._outage_started is None:
            self._outage_started = self.clock.monotonic()
        self.sink.connection(state)

    # -- supervision: renewal and the SDK's health ------------------------------------------

    async def _supervise(self) -> None:
        while True:
            await self.clock.sleep(
                min(
                    self.timing.pubnub_watchdog_interval,
                    self._seconds_until_renewal(),
                    self._seconds_until_check(),
                )
            )
            try:
                if self._seconds_until_renewal() <= 0:
                    await self._renew()
                elif self._seconds_until_check() <= 0:
                    await self._check_subscription()
                self._check_sdk()
            except asyncio.CancelledError:
                raise
            except Exception:  # the supervisor must outlive any single failure
                log.exception("PubNub supervision step failed")

    def _seconds_until_renewal(self) -> float:
        retry_wait = self._renew_not_before - self.clock.monotonic()
        due = self.subscription.seconds_until_renewal()
        if self._outage_needs_check():
            due = 0.0
        return max(0.0, due, retry_wait)

    def _seconds_until_check(self) -> float:
        return max(0.0, self._checked_at + self.timing.subscription_check - self.clock.monotonic())

    async def _check_subscription(self) -> None:
        """Create the subscription again when the server no longer has it (deleted, expired):
        PubNub would stay silent on the old channel forever."""
        self._checked_at = self.clock.monotonic()
        try:
            alive = await self.subscription.exists()
            if not alive:
                self.subscriptions_lost += 1
                log.warning("the PubNub subscription is gone on the server; creating it again")
                await self.subscription.recreate()
        except CalldeckError as exc:
            self._retry_renew_later(exc, ConnectionState.DOWN if _unreachable(exc) else None)
            return
        if not alive:
            await self._listen_again()

    def _outage_needs_check(self) -> bool:
        """True when PubNub has failed for a while and the subscription was not checked lately."""
        if self._outage_started is None:
            return False
        now = self.clock.monotonic()
        check_every = self.timing.pubnub_outage_check
        return now - self._outage_started >= check_every and (
            now - self._outage_checked_at >= check_every
        )

    def _check_sdk(self) -> None:
        state = pubnub_sdk.engine_state(self._pn)
        if state == pubnub_sdk.RECEIVING:
            if self._outage_started is not None:
                self._mark_live()
        elif state in pubnub_sdk.RECONNECTING_STATES:
            self._mark_recovering()
        elif state in pubnub_sdk.FAILED_STATES:
            # The SDK has given up and never recovers by itself (pubnub.md §8, pitfall 4);
            # resuming from the last timetoken loses nothing the server still holds.
            self._mark_recovering()
            self.resubscribes += 1
            log.warning("PubNub gave up (%s); re-subscribing from %s", state, self.last_timetoken)
            pubnub_sdk.subscribe(self._pn, self._channel or "", self.last_timetoken or None)

    async def _renew(self) -> None:
        self._outage_checked_at = self.clock.monotonic()
        try:
            recreated = await self.subscription.renew()
        except (Unreachable, SignInRequired) as exc:
            self._retry_renew_later(exc, ConnectionState.DOWN)
            return
        except CalldeckError as exc:
            self._retry_renew_later(exc, None)
            return
        self._renew_backoff.reset()
        self._renew_not_before = 0.0
        if recreated:
            await self._listen_again()

    async def _listen_again(self) -> None:
        """Move the SDK to the new subscription's channel; events in between need a re-sync."""
        log.warning("PubNub subscription re-created; listening on the new channel")
        self._checked_at = self.clock.monotonic()
        await self._close_sdk()
        self.last_timetoken = 0
        self._open()
        await self._until_receiving()
        self.sink.gap("subscription re-created")

    def _retry_renew_later(self, exc: Exception, state: ConnectionState | None) -> None:
        delay = max(self._renew_backoff.next_delay(), server_wait(exc))
        self._renew_not_before = self.clock.monotonic() + delay
        log.warning("subscription renewal failed (%s); retrying in %.1f s", exc, delay)
        if state is not None:
            self._mark_recovering(state)


def _unreachable(error: Exception) -> bool:
    return isinstance(error, Unreachable | SignInRequired)
